"""Obligation instances (velvoitteet): rule × organisation × period, with deadline and
recommended date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from velvoite.periods.period import Period
from velvoite.periods.kinds import KINDS
from velvoite.registry import Organisation, Registry
from velvoite.rules.schema import Applicability, Rule


class _once:
    """A value of an instance worked out on first use and kept in its ``__dict__``, where later uses
    find it before this descriptor: ``functools.cached_property`` without the lock Python 3.11 takes
    at each first use (a national audit's obligation ids: 1.1 us each so, 0.5 here). Not a field: the
    dataclass compares, hashes and prints an obligation by its fields alone."""

    def __init__(self, work):
        self.work, self.name, self.__doc__ = work, work.__name__, work.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.work(instance)
        return value


@dataclass(frozen=True)
class Obligation:
    """One duty of one organisation for one period."""

    rule: Rule
    applies: Applicability
    org: Organisation
    period: Period
    deadline: dt.date
    recommended: dt.date | None

    @_once
    def id(self) -> str:
        return f"{self.rule.id}|{self.org.id}|{self.period.label}"

    @_once
    def standing(self) -> bool:
        """Checked on the as-of date (a designation in effect) rather than over a period."""
        return KINDS[self.applies.period].standing

    @property
    def required(self) -> list[str]:
        """The requirement ids this instance must meet: the entry's, less those whose ``until`` is
        before its deadline (the law as in force at the deadline)."""
        out = []
        for req_id in self.applies.requirements:
            until = self.rule.requirement(req_id).until
            if until is None or self.deadline <= until:
                out.append(req_id)
        return out

    def window(self, as_of: dt.date) -> tuple[dt.date, dt.date]:
        """Days evidence must touch: the period, or the as-of date alone for a standing duty."""
        if self.standing:
            return as_of, as_of
        a = self.applies
        if a.counts_from is not None and self.period.start == max(a.from_, self.org.valid_from):
            # the first instance: a decision made before the duty entered into force counts (DOMAIN § 8)
            return max(a.counts_from, self.org.valid_from), self.period.end
        return self.period.start, self.period.end


def applicable(rule: Rule, org: Organisation) -> Applicability | None:
    """The first applicability entry of a rule that covers the organisation, if any."""
    return next((a for a in rule.applies if a.matches(org.tags)), None)


def expand(rules: dict[str, Rule], registry: Registry, orgs: list[Organisation],
           lo: dt.date, hi: dt.date, as_of: dt.date, qualifying=None, applies: dict | None = None) -> list[Obligation]:
    """Every obligation instance of the organisations whose period overlaps [lo, hi], each from its
    rule's period kind (``period_kinds``). ``qualifying(obligation)`` gives the date of the latest
    evidence meeting every requirement (rolling duties restart from it); without it, none.
    ``applies``: the applicability entry of each (rule, organisation), kept across calls (a trend
    expands the same organisations as of many days)."""
    out: list[Obligation] = []
    applies = {} if applies is None else applies
    by_tags: dict = {}  # (rule, the organisation's tags) -> its entry: organisations tagged alike, alike
    alike: dict = {}  # (entry, what the period kind reads of the organisation) -> the instances
    for org in orgs:
        for rule in rules.values():
            key = (rule.id, org.id)
            a = applies.get(key, applies)
            if a is applies:
                tags = (rule.id, org.tags)
                a = applies[key] = by_tags[tags] if tags in by_tags else by_tags.setdefault(tags, applicable(rule, org))
            if a is None:
                continue
            kind = KINDS[a.period]
            same = kind.alike(org)
            found = alike.get((id(a), same)) if same is not None else None
            if found is None:
                def approved(period: Period, deadline: dt.date, rule=rule, a=a, org=org) -> dt.date | None:
                    return qualifying(Obligation(rule, a, org, period, deadline, None)) if qualifying else None

                found = kind.instances(a, org, registry, lo, hi, as_of, approved)
                if same is not None:
                    alike[(id(a), same)] = found
            for i in found:
                out.append(Obligation(rule, a, org, i.period, i.deadline, i.recommended))
    return out
