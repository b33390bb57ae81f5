"""Period kinds as plug-ins: each says which instances of an obligation an organisation has
between two dates (period, deadline, recommended date). A rule names its kind (``period:``); adding
a kind is adding a class here and its name to ``KINDS``.

    calendar_year    every year (kalenterivuosi)
    council_term     the organisation's own council term (valtuustokausi): municipal or regional
    municipal_term   the municipal council terms
    regional_term    the regional council terms
    standing         one instance, checked on the as-of date (a designation in effect)
    rolling          from one approval to the next, an interval apart (DOMAIN § 7)

Shared rules of the fixed kinds: a period is cut to the days the organisation exists and the
duty is in force; a duty in force before the first period of its kind starts gets a first period
from its entry into force; recommended dates count from the later of the period start and the
entry into force.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from velvoite.periods.period import (Period, add_interval, calendar_years, council_term_kind, months_after,
                                    terms)
from velvoite.registry import Organisation, Registry

# qualifying(period, deadline): the date of the latest evidence meeting every requirement, or None
Qualifying = Callable[[Period, dt.date], "dt.date | None"]


@dataclass(frozen=True)
class Instance:
    period: Period
    deadline: dt.date
    recommended: dt.date | None = None


class PeriodKind:
    """The interface: ``instances`` of an applicability entry for an organisation in [lo, hi]."""

    standing = False  # evidence is looked for on the as-of date, not over the period
    from_records = False  # the periods depend on the records (rolling): not known from the rule alone

    def instances(self, a, org: Organisation, registry: Registry, lo: dt.date, hi: dt.date, as_of: dt.date,
                  qualifying: Qualifying) -> list[Instance]:
        raise NotImplementedError

    def alike(self, org: Organisation):
        """What of the organisation its instances depend on (beside the entry, the registry and the
        dates asked): organisations alike get the same instances, worked out once a run. None (the
        default, and for kinds that read the records): each organisation's own."""
        return None


class _Fixed(PeriodKind):
    """Kinds whose periods are known in advance (years, terms)."""

    def periods(self, org: Organisation, registry: Registry, lo: dt.date, hi: dt.date) -> list[Period]:
        raise NotImplementedError

    def first(self, org: Organisation, registry: Registry) -> Period | None:
        return None

    def alike(self, org):
        return org.kind, org.valid_from, org.valid_until  # the council's terms are by kind (council_term_kind)

    def instances(self, a, org, registry, lo, hi, as_of, qualifying):
        out = []
        in_force_until = a.until or org.valid_until
        first = self.first(org, registry)
        for p in self.periods(org, registry, lo, hi):
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
            out.append(Instance(Period(p.start, end, p.label), deadline, recommended))
        return out


class CalendarYear(_Fixed):
    def periods(self, org, registry, lo, hi):
        return calendar_years(lo, hi)


class Term(_Fixed):
    """Council terms: ``council`` is the organisation's own (a county's regional, a municipality's municipal)."""

    def __init__(self, which: str):
        self.which = which

    def _kind(self, org: Organisation) -> str:
        return council_term_kind(org) if self.which == "council" else self.which

    def periods(self, org, registry, lo, hi):
        return terms(registry, self._kind(org), lo, hi)

    def first(self, org, registry):
        term = registry.terms[self._kind(org)][0]
        return Period(term.start, term.end, term.label)


class Standing(PeriodKind):
    standing = True

    def alike(self, org):
        return org.valid_from, org.valid_until

    def instances(self, a, org, registry, lo, hi, as_of, qualifying):
        start = max(a.from_, org.valid_from)
        if start <= hi and org.exists_on(as_of) and start <= (a.until or org.valid_until):
            return [Instance(Period(start, as_of, "standing"), a.deadline)]
        return []


class Rolling(PeriodKind):
    """The first instance from ``from`` to ``first_deadline``; each next from the day after the latest
    qualifying approval of the previous one (or, when it ended unmet, the day after its deadline)
    to that day plus the interval. The chain stops at the first instance open and unmet on the
    as-of date (one met early is followed by the next: "next due = last approval + 4 years")."""

    from_records = True

    def instances(self, a, org, registry, lo, hi, as_of, qualifying):
        out = []
        start, deadline = max(a.from_, org.valid_from), a.first_deadline
        # the first instance may count a decision made before it began (``counts_from``)
        floor = max(a.counts_from, org.valid_from) if a.counts_from is not None else start
        while start <= min(hi, org.valid_until):
            period = Period(start, min(deadline, org.valid_until), f"{start.isoformat()}/{deadline.isoformat()}")
            if period.overlaps(lo, hi):
                out.append(Instance(period, deadline))
            approved = qualifying(period, deadline)
            if deadline >= as_of and approved is None:
                break  # open and not yet met: the next one is not known
            # met (even before its deadline): the next is known, from the approval on (DOMAIN § 7)
            base = approved if approved is not None else deadline
            # The chain moves forward, so the loop ends at ``hi``: an approval in effect from before
            # this instance began (or an instance that ended before it began) restarts it from its start.
            base = max(base, floor)
            start, deadline = base + dt.timedelta(days=1), add_interval(base, a.interval)
            floor = start
        return out


def from_records(rule) -> bool:
    """Whether a rule's periods depend on the records (rolling): not known from the rule alone."""
    return any(KINDS[a.period].from_records for a in rule.applies)


KINDS: dict[str, PeriodKind] = {
    "calendar_year": CalendarYear(), "council_term": Term("council"), "municipal_term": Term("municipal"),
    "regional_term": Term("regional"), "standing": Standing(), "rolling": Rolling(),
}
