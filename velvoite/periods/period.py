"""Periods of obligations: calendar years (kalenterivuosi), council terms (valtuustokausi) and
standing duties checked on one day."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from velvoite.registry import Organisation, Registry
from velvoite.i18n import _


@dataclass(frozen=True, order=True)
class Period:
    """A span of days with its public label: ``2024``, ``2021-2025`` or ``standing``."""

    start: dt.date
    end: dt.date
    label: str

    def overlaps(self, lo: dt.date, hi: dt.date) -> bool:
        return self.start <= hi and self.end >= lo

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def calendar_years(lo: dt.date, hi: dt.date) -> list[Period]:
    """Every calendar year that overlaps [lo, hi]."""
    return [Period(dt.date(y, 1, 1), dt.date(y, 12, 31), str(y)) for y in range(lo.year, hi.year + 1)]


def terms(registry: Registry, kind: str, lo: dt.date, hi: dt.date) -> list[Period]:
    """The council terms of a kind (``municipal`` or ``regional``) that overlap [lo, hi]."""
    return [Period(t.start, t.end, t.label) for t in registry.term_list(kind, hi) if t.start <= hi and t.end >= lo]


def council_term_kind(org: Organisation) -> str:
    """A county answers to its regional council; a municipality, Helsinki included, to its council."""
    return "regional" if org.kind == "county" else "municipal"


_INTERVAL = re.compile(r"^P(\d+)([YM])$")


def add_interval(day: dt.date, interval: str) -> dt.date:
    """``day`` plus an ISO 8601 interval of years or months (``P4Y``); 29.2 plus a year is 28.2."""
    m = _INTERVAL.match(interval)
    if not m:
        raise ValueError(_("{interval!r} is not an interval like P4Y or P6M").format(interval=interval))
    n = int(m[1])
    return day + (relativedelta(years=n) if m[2] == "Y" else relativedelta(months=n))


def months_after(start: dt.date, months: int) -> dt.date:
    """The last day of the first ``months`` months from ``start`` (12 from 1.6.2025 is 31.5.2026)."""
    return start + relativedelta(months=months) - dt.timedelta(days=1)


def current_term_end(registry: Registry, org: Organisation, day: dt.date) -> dt.date | None:
    """The last day of the council term of ``org`` that contains ``day``; None when no known term
    does (before the first or after the last the registry and velvoite.toml list)."""
    kind = council_term_kind(org)
    return next((t.end for t in registry.term_list(kind, day) if t.start <= day <= t.end), None)
