"""Waivers (poikkeukset): a documented exception that covers one obligation instance.

Declared in the workspace ``velvoite.toml``; each needs a reason and a decision reference::

    [[waivers]]
    rule = "hyte-annual-report"
    org = "Jyväskylä"
    period = "2024"
    reason = "the council meeting was cancelled"
    reference = "Kaupunginhallitus 3.2.2025 § 14"

A waived obligation that is met anyway stays ``met``. ``expires = 2026-12-31`` (optional) is the
last day a waiver holds (a transition year's exception); after it the obligation is evaluated as
if it had never been waived. A waiver holds from its own date (a waiver record's ``date``,
``date = 2025-02-03`` in velvoite.toml; none: always): as of an earlier day it excuses nothing, as a
record dated after the as-of date is not read (DOMAIN § 8).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from velvoite.periods.kinds import from_records
from velvoite.days import EARLIEST_RECORD, LAST_VALID
from velvoite.errors import InputError, did_you_mean, raise_all
from velvoite.registry import Registry
from velvoite.registry.toml_lines import line_of
from velvoite.registry.workspace import load_workspace
from velvoite.i18n import N_, _
from velvoite.messages import day_text
from velvoite.engine.obligation import expand

SEARCHED = (EARLIEST_RECORD, LAST_VALID)  # the periods a waiver may name: those records may fall in


@dataclass(frozen=True)
class Waiver:
    rule: str
    org: str
    period: str
    reason: str
    reference: str
    expires: dt.date | None = None  # the last day it holds
    date: dt.date | None = None  # the day it was granted: before it, it does not hold (DOMAIN § 8)

    def holds(self, as_of: dt.date) -> bool:
        """Everything is as of its date: a waiver granted after the as-of date excuses nothing yet,
        as a record dated after it is not read; and none holds after it expires."""
        return (self.date is None or self.date <= as_of) and (self.expires is None or as_of <= self.expires)


def _periods(rule, org, registry: Registry) -> dict[str, dt.date]:
    """The period labels of a rule's obligations for an organisation (``standing`` for a standing
    duty), in order, with the first day of each."""
    as_of = min(org.valid_until, SEARCHED[1])
    return {ob.period.label: ob.period.start for ob in expand({rule.id: rule}, registry, [org], *SEARCHED, as_of)}


def _interval_problem(label: str) -> str | None:
    """Why a label is not an ISO interval of two dates, the first not after the second."""
    start, _sep, end = label.partition("/")
    try:
        lo, hi = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        return _("{label!r} is not a period as the audit shows it (YYYY-MM-DD/YYYY-MM-DD)").format(label=label)
    return None if lo <= hi else _("{label!r} ends before it starts").format(label=label)


def _checked(item, rules: dict, registry: Registry, fail) -> Waiver | None:
    """The waiver an entry declares (from velvoite.toml or a record), or None after ``fail(key,
    message)`` when its rule, organisation or period matches no obligation: it would silently do nothing."""
    for key in ("rule", "period", "reason", "reference"):
        if not (getattr(item, key) or "").strip():
            fail(key, _("a waiver needs {key} ({meaning})").format(key=key, meaning=_(WAIVER_KEYS[key])))
            return None
    if item.rule not in rules:
        fail("rule", _("unknown rule {rule!r}").format(rule=item.rule) + did_you_mean(item.rule, rules))
        return None
    org = registry.lookup(item.org)
    if org is None:
        fail("org", _("unknown organisation {name!r}").format(name=item.org) + registry.suggest(item.org))
        return None
    labels = _periods(rules[item.rule], org, registry)
    if not labels:
        fail("org", _("{rule} does not apply to {name} ({id}): the waiver would do nothing").format(
            rule=item.rule, name=org.name_fi, id=org.id))
        return None
    if from_records(rules[item.rule]):
        # A rolling duty's periods run from approval to approval: which exist depends on the
        # records, so the label is checked for its form here (YYYY-MM-DD/YYYY-MM-DD, as the
        # audit prints it) and matched against the audit's instances there.
        problem = _interval_problem(item.period)
        if problem:
            fail("period", _("{rule} has periods from approval to approval: {problem}").format(
                rule=item.rule, problem=problem))
            return None
    elif item.period not in labels:
        fail("period", _("{rule} has no period {period!r} for {name}").format(rule=item.rule, period=item.period,
                                                                             name=org.name_fi)
             + did_you_mean(item.period, labels) + " " + _("(its periods: {periods})").format(periods=", ".join(list(labels)[-6:])))
        return None
    begins = labels.get(item.period) or dt.date.fromisoformat(item.period.partition("/")[0])
    if item.expires is not None and item.expires < begins:
        fail("expires", _("{expires} is before the period {period!r} begins ({begins}): the waiver would never "
                          "hold").format(expires=day_text(item.expires), period=item.period, begins=day_text(begins)))
        return None
    if item.expires is not None and item.date is not None and item.expires < item.date:
        fail("expires", _("{expires} is before the waiver was granted ({date}): it would never hold").format(
            expires=day_text(item.expires), date=day_text(item.date)))
        return None
    return Waiver(item.rule, org.id, item.period, item.reason, item.reference, item.expires, item.date)


WAIVER_KEYS = {"rule": N_("the rule's id"), "period": N_("the period as the audit prints it"), "reason": N_("why"),
               "reference": N_("the decision that granted it")}


@dataclass(frozen=True)
class _RecordEntry:
    """A waiver record read as a velvoite.toml entry."""

    rule: str | None
    org: str
    period: str | None
    reason: str | None
    reference: str | None
    expires: dt.date | None
    date: dt.date | None

    @classmethod
    def of(cls, record) -> "_RecordEntry":
        return cls(record.get("rule"), record.org, record.get("period"), record.get("reason"), record.reference,
                   record.get("expires"), record.date)


def load_waivers(config_path: str | Path | None, registry: Registry, rules: dict, records=(),
                 sources=None) -> dict[tuple[str, str, str], Waiver]:
    """The waivers by (rule, org id, period): those of a workspace config (``[[waivers]]``) and the
    records of kind ``waiver`` (``sources`` says where each was read). Each problem is an error at
    its line and key; an obligation waived twice is an error naming both places."""
    errors: list[InputError] = []
    out: dict[tuple[str, str, str], Waiver] = {}
    where: dict[tuple[str, str, str], str] = {}

    def keep(waiver: Waiver | None, place: str, path: str, line: int | None, label: str) -> None:
        if waiver is None:
            return
        key = (waiver.rule, waiver.org, waiver.period)
        if key in out:
            errors.append(InputError(path, line, label, _("{rule} {period} of {org} is waived twice (first at "
                                                          "{where})").format(rule=waiver.rule, period=waiver.period,
                                                                             org=waiver.org, where=where[key])))
            return
        out[key], where[key] = waiver, place

    if config_path is not None:
        path = str(config_path)
        workspace, text = load_workspace(config_path)
        for n, item in enumerate(workspace.waivers):
            def fail(key: str, message: str, n: int = n) -> None:
                errors.append(InputError(path, line_of(text, ("waivers", n, key)), f"waivers[{n + 1}].{key}", message))

            line = line_of(text, ("waivers", n, "rule"))
            keep(_checked(item, rules, registry, fail), f"{path}:{line}", path, line, f"waivers[{n + 1}]")
    for record in records:
        if record.kind != "waiver":
            continue

        def fail(key: str, message: str, rid: str = record.id) -> None:
            errors.append(InputError(*sources.where(rid, key), message))

        path, line, _label = sources.where(record.id)
        place = path if line is None else f"{path}:{line}"  # a stored record: named by its id (records.sources)
        keep(_checked(_RecordEntry.of(record), rules, registry, fail), place, path, line, "rule")
    raise_all(errors)
    return out
