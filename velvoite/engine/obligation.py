"""Obligation instances (velvoitteet): rule × organisation × period, with deadline and
recommended date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from velvoite.engine.period import Period, add_interval, first_period, months_after, periods
from velvoite.registry import Organisation, Registry
from velvoite.rules.schema import Applicability, Rule


@dataclass(frozen=True)
class Obligation:
    """One duty of one organisation for one period."""

    rule: Rule
    applies: Applicability
    org: Organisation
    period: Period
    deadline: dt.date
    recommended: dt.date | None

    @property
    def id(self) -> str:
        return f"{self.rule.id}|{self.org.id}|{self.period.label}"

    def window(self, as_of: dt.date) -> tuple[dt.date, dt.date]:
        """Days evidence must touch: the period, or the as-of date alone for a standing duty."""
        if self.applies.period == "standing":
            return as_of, as_of
        return self.period.start, self.period.end


def applicable(rule: Rule, org: Organisation) -> Applicability | None:
    """The first applicability entry of a rule that covers the organisation, if any."""
    return next((a for a in rule.applies if a.matches(org.tags)), None)


def rolling(rule: Rule, a: Applicability, org: Organisation, lo: dt.date, hi: dt.date, as_of: dt.date,
            qualifying) -> list[Obligation]:
    """The instances of a rolling duty (DOMAIN § 7): the first from ``from`` to ``first_deadline``;
    each next from the day after the latest qualifying approval of the previous one (or, when it
    ended unmet, the day after its deadline) to that day plus the interval. ``qualifying(ob)`` is
    the date of the latest evidence meeting every requirement of ``ob``, or None. The chain stops
    at the instance open on the as-of date; instances overlapping [lo, hi] are kept."""
    out = []
    start, deadline = max(a.from_, org.valid_from), a.first_deadline
    while start <= min(hi, org.valid_until):
        end = min(deadline, org.valid_until)
        ob = Obligation(rule, a, org, Period(start, end, f"{start.isoformat()}/{deadline.isoformat()}"), deadline, None)
        if ob.period.overlaps(lo, hi):
            out.append(ob)
        if deadline >= as_of:
            break
        approved = qualifying(ob)
        base = approved if approved is not None else deadline
        start, deadline = base + dt.timedelta(days=1), add_interval(base, a.interval)
    return out


def expand(rules: dict[str, Rule], registry: Registry, orgs: list[Organisation],
           lo: dt.date, hi: dt.date, as_of: dt.date, qualifying=None) -> list[Obligation]:
    """Every obligation instance of the organisations whose period overlaps [lo, hi].

    A period is cut to the days the organisation exists (Pertunmaa's 2021-2025 term ends on
    31.12.2024, its last day) and to the days the rule is in force.
    """
    out: list[Obligation] = []
    for org in orgs:
        for rule in rules.values():
            a = applicable(rule, org)
            if a is None:
                continue
            in_force_until = a.until or org.valid_until
            if a.period == "rolling":
                out += rolling(rule, a, org, lo, hi, as_of, qualifying or (lambda ob: None))
                continue
            if a.period == "standing":
                start = max(a.from_, org.valid_from)
                if start <= hi and org.exists_on(as_of) and start <= in_force_until:
                    out.append(Obligation(rule, a, org, Period(start, as_of, "standing"), a.deadline, None))
                continue
            first = first_period(a.period, org, registry)
            for p in periods(a.period, org, registry, lo, hi):
                if p == first and a.from_ < p.start:
                    # In force before the first period of its kind began: the first period starts on
                    # the day the duty did (611/2021 § 14 from 1.7.2021, the first regional term 1.3.2022).
                    p = Period(max(a.from_, org.valid_from), p.end, p.label)
                if not (p.overlaps(a.from_, in_force_until) and p.overlaps(org.valid_from, org.valid_until)):
                    continue
                end = min(p.end, org.valid_until)
                deadline = a.deadline_overrides.get(p.label, end)
                # THL's "at the start of the term" counts from when the duty could first be met.
                recommended = months_after(max(p.start, a.from_), a.recommended_months) if a.recommended_months else None
                out.append(Obligation(rule, a, org, Period(p.start, end, p.label), deadline, recommended))
    return out
