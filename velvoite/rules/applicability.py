"""The checks of one ``applies`` entry that make a rule's periods finite and its words mean what
they say: an entry that could never apply, never be met, or that names what does not exist is
refused when the pack loads, not found out (or looped on) in an audit.

    until before from                        it would never apply
    interval                                 1-100 years or 1-1200 months, rolling duties only
    first_deadline                           after from (the first instance ends after it begins)
    recommended_months                       1-120
    counts_from                              before from, not standing (what it widens is a period)
    cover_field                              parties or a field that lists organisations
    cover                                    members or organisations of the registry
    deadline_overrides                       periods the entry has (a year or term it covers)
"""

from __future__ import annotations

import datetime as dt
import re

from velvoite.errors import did_you_mean, short
from velvoite.i18n import _
from velvoite.records.kinds import org_list_fields
from velvoite.registry import load_registry

# The days a rule may name: every loop over periods ends (an interval is at most 100 years, so
# no date a rule makes leaves what datetime can hold).
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
MAX_YEARS, MAX_MONTHS = 100, 1200  # a rolling interval
MAX_RECOMMENDED = 120  # months of recommended_months
_INTERVAL = re.compile(r"^P(\d{1,4})([YM])$")


def problem(a) -> str | None:
    """What is wrong with an applicability entry, as ``field: message``, or None."""
    if a.until is not None and a.until < a.from_:
        return "until: " + _("{until} is before {name} {start}: it would never be in force").format(
            until=a.until, name="from", start=a.from_)
    for name in ("interval", "first_deadline"):
        if getattr(a, name) is not None and a.period != "rolling":
            return f"{name}: " + _("only a rolling duty has it (this one is {period})").format(period=a.period)
    if a.interval is not None and (found := _interval_problem(a.interval)):
        return "interval: " + found
    if a.first_deadline is not None and a.first_deadline <= a.from_:
        return "first_deadline: " + _("{day} is not after {name} {start}: the first instance would end before it "
                                      "begins").format(day=a.first_deadline, name="from", start=a.from_)
    if a.counts_from is not None and (a.counts_from >= a.from_ or a.period == "standing"):
        return "counts_from: " + _("{day} must be before {name} {start}, in a duty with periods: it widens the first "
                                   "period back to a decision made before the duty entered into force").format(
            day=a.counts_from, name="from", start=a.from_)
    if a.recommended_months is not None and not 1 <= a.recommended_months <= MAX_RECOMMENDED:
        return "recommended_months: " + _("{n} is not a number of months from 1 to {most}").format(
            n=a.recommended_months, most=MAX_RECOMMENDED)
    return _cover_problem(a) or _override_problem(a, a.until or LAST_DAY)


def _interval_problem(interval: str) -> str | None:
    m = _INTERVAL.match(interval)
    if m and 1 <= int(m[1]) <= (MAX_YEARS if m[2] == "Y" else MAX_MONTHS):
        return None
    return _("{interval} is not an interval of 1 to {years} years (P1Y..P{years}Y) or 1 to {months} months "
             "(P1M..P{months}M)").format(interval=short(interval), years=MAX_YEARS, months=MAX_MONTHS)


def _cover_problem(a) -> str | None:
    lists = ("parties", *org_list_fields())
    if a.cover_field not in lists:
        return "cover_field: " + _("{field!r} is not a list of organisations (choose {fields})").format(
            field=a.cover_field, fields=", ".join(lists)) + did_you_mean(a.cover_field, lists)
    if isinstance(a.cover, list):
        orgs = load_registry().orgs
        for i, item in enumerate(a.cover):
            if item != "members" and item not in orgs:
                return f"cover.{i}: " + _("{item!r} is neither members nor an organisation id of the registry").format(
                    item=item) + did_you_mean(item, ["members", *orgs])
    return None


def _override_problem(a, until: dt.date) -> str | None:
    """Each label of ``deadline_overrides`` is a period the entry has: a year of a calendar_year
    duty, a term (of the built-in registry) of a term duty, within from..until."""
    if not a.deadline_overrides:
        return None
    labels = _labels(a.period, a.from_, until)
    for label in a.deadline_overrides:
        if label not in labels:
            known = ", ".join(labels[:6]) + (", …" if len(labels) > 6 else "") if labels else "-"
            return "deadline_overrides: " + _("no period {label!r} of this entry ever occurs ({period} from "
                                                       "{start}: {labels})").format(
                label=label, period=a.period, start=a.from_, labels=known)
    return None


def _labels(period: str, start: dt.date, until: dt.date) -> list[str]:
    if period == "calendar_year":
        return [str(y) for y in range(start.year, until.year + 1)]
    kinds = {"municipal_term": ("municipal",), "regional_term": ("regional",),
             "council_term": ("municipal", "regional")}.get(period, ())
    registry = load_registry()
    return [t.label for kind in kinds for t in registry.term_list(kind, until) if t.end >= start and t.start <= until]
