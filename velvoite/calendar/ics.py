"""Coming deadlines as iCalendar (RFC 5545 with the RFC 7986 calendar properties).

One all-day VEVENT per obligation instance on its deadline, and one on its recommended date
where the rule has one. Identity and versioning:

* **UID** is a UUID5 of ``rule|org|period`` (``|recommended`` for the recommended-date event):
  no host name, no time, so a re-import updates the entry instead of duplicating it. The name it
  is made of goes with it (``X-VELVOITE-KEY``, ``calendar.identity``): read back as an earlier
  export, only the events whose UID it proves are velvoite's are updated or cancelled.
* **SEQUENCE** only grows while the entry's content grows. Its floor is the status history
  the export can see: +1 once the period has started, +1 per record of evidence, +1 when
  met. When the previous export is available (the ``-o`` file, or ``--previous``), an event
  whose content differs from its previous version gets ``previous + 1`` if that is higher.
* **DTSTAMP** is the as-of date at 00:00 UTC, or ``SOURCE_DATE_EPOCH`` when the caller gives
  it: two exports of the same data on the same as-of date are byte-identical.

Alarms (VALARM) are written for each ``remind`` day count that does not fall before the as-of
date (a past alarm would pop up as overdue in Thunderbird). Google Calendar and Outlook drop
alarms from subscribed calendars; they keep them on a one-time import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import icalendar

from velvoite import __version__
from velvoite.engine.missing import missing_list
from velvoite.records.body import body_text
from velvoite.calendar.identity import KEY, key, uid
from velvoite.calendar.previous import Previous
from velvoite.engine.finding import Finding
from velvoite.escape.ical import text as ical_text
from velvoite.periods.period import current_term_end
from velvoite.periods.kinds import from_records
from velvoite.errors import VelvoiteError
from velvoite.messages import date_text, day_text, period_text, status_text
from velvoite.records.kinds import kind_name
from velvoite.words.calendar import WORDS
from velvoite.words.findings import STATUS
from velvoite.records import Record
from velvoite.registry import Registry
from velvoite.rules.schema import Rule
from velvoite.i18n import _, ngettext
from velvoite.progress import SILENT

EXPORTED = ("due", "partial", "upcoming", "not_evidenced")  # not_evidenced: advice, when included
REFRESH = dt.timedelta(days=1)
MORNING = dt.timedelta(hours=9)  # reminders at 9:00 local time on their day


def clean(text: str) -> str:
    """Text safe for a TEXT value (``velvoite.escape.ical``)."""
    return ical_text(text)


def history_sequence(f: Finding, as_of: dt.date) -> int:
    """What the export can see of an obligation's status history, as a non-decreasing count."""
    return (as_of >= f.start) + len(f.evidence) + (f.status == "met")


def dates(f: Finding) -> list[tuple[dt.date, str]]:
    """The days a finding is put on: its deadline (variant "") and a distinct recommended date."""
    return [(day, variant) for day, variant in ((f.deadline, ""), (f.recommended_by, "recommended"))
            if day is not None and (not variant or day != f.deadline)]


def dated(findings: list[Finding], as_of: dt.date, until: dt.date,
          include_met: bool) -> list[tuple[Finding, dt.date, str]]:
    """(finding, day, variant) for every date to put in the calendar that falls in [as_of, until],
    of findings that are still open (and met ones with ``include_met``)."""
    wanted = EXPORTED + (("met",) if include_met else ())
    return [(f, day, variant) for f in findings if f.status in wanted
            for day, variant in dates(f) if as_of <= day <= until]


@dataclass
class CalendarExport:
    """Everything an export needs besides the findings; built once per request or command."""

    registry: Registry
    rules: dict[str, Rule]
    records: dict[str, Record]
    as_of: dt.date
    lang: str = "en"
    remind: tuple[int, ...] = (30, 7)
    stamp: dt.datetime | None = None
    previous: Previous | None = None

    def evidence_day(self, f: Finding) -> dt.date | None:
        """The latest date of a finding's own evidence: what its status is "as of". It changes only
        when that entry's records do, so neither a new day nor another entry's record rewrites it."""
        days = [self.records[r].date for r in f.evidence if r in self.records]
        return max(days, default=None)

    def stamp_of(self, f: Finding, seen: dt.date | None) -> dt.datetime:
        """DTSTAMP: SOURCE_DATE_EPOCH when given, else the entry's evidence date (``seen``) or its period's start."""
        if self.stamp is not None:
            return self.stamp
        return dt.datetime.combine(seen or f.start, dt.time(0, 0), tzinfo=dt.timezone.utc)

    def words(self, key: str, **kw) -> str:
        return WORDS[self.lang][key].format(**kw)

    def summary(self, f: Finding, variant: str = "") -> str:
        """The organisation first (month views cut the rest off), then the duty: "✓ Kajaani: ..."."""
        title = self.rules[f.rule].title.get(self.lang)
        done = "✓ " if f.status == "met" else ""
        recommended = f"{self.words('recommended')}: " if variant else ""
        return clean(f"{done}{f.org_name}: {recommended}{title}")

    def description(self, f: Finding, seen: dt.date | None) -> str:
        """The entry's text; ``seen``: its evidence's latest date, what the status is "as of"."""
        lang = self.lang
        lines = [self.words("status", day=date_text(seen, lang), status=status_text(f, lang)) if seen else
                 self.words("status_plain", status=status_text(f, lang)),
                 f.explanation,
                 self.words("period", period=period_text(f.period, lang)),
                 self.words("deadline", day=date_text(f.deadline, lang))]
        if from_records(self.rules[f.rule]):  # a plan every four years: the next falls due from the last approval
            lines.append(self.words("next_due", day=date_text(f.deadline, lang)))
        if f.recommended_by:
            lines.append(self.words("recommended_by", day=date_text(f.recommended_by, lang)))
        if f.missing:
            lines.append(self.words("missing", items=missing_list(f.missing, lang, self.registry.orgs)))
        lines += ["", self.words("basis")]
        for c in f.legal_basis:
            lines.append(f"{c.text(lang)} {c.url}")
        lines.append("")
        if f.evidence:
            lines.append(self.words("evidence"))
            for rid in f.evidence:
                rec = self.records.get(rid)
                if rec is None:
                    lines.append(f"- {rid}")
                    continue
                parts = [rid, date_text(rec.date, lang), kind_name(rec.kind, lang) or rec.kind, body_text(rec.body, lang),
                         rec.reference, rec.url, rec.notes]  # the kind and the body in words
                lines.append("- " + ", ".join(p for p in parts if p))
        else:
            lines.append(self.words("no_evidence"))
        return clean("\n".join(lines))

    def event(self, f: Finding, day: dt.date, variant: str) -> icalendar.Event:
        ev = icalendar.Event()
        summary = self.summary(f, variant)
        ev.add("uid", uid(f.rule, f.org, f.period, variant))
        ev.add(KEY, key(f.rule, f.org, f.period, variant))  # what the UID is made of: read back, it proves the entry ours
        seen = self.evidence_day(f)
        ev.add("dtstamp", self.stamp_of(f, seen))
        ev.add("dtstart", day)
        ev.add("dtend", day + dt.timedelta(days=1))
        ev.add("summary", summary)
        ev.add("description", self.description(f, seen))
        if f.legal_basis:
            ev.add("url", f.legal_basis[0].url, parameters={"VALUE": "URI"})
        ev.add("categories", [clean(self.words(f.severity)), clean(STATUS[self.lang][f.status])])
        ev.add("x-velvoite-rule", f.rule)
        ev.add("transp", "TRANSPARENT")
        if f.status in EXPORTED:  # a duty met, missed or waived reminds no one
            for days in sorted(set(self.remind), reverse=True):
                if day - dt.timedelta(days=days) < self.as_of:
                    continue
                alarm = icalendar.Alarm()
                alarm.add("action", "DISPLAY")
                # at 9:00 on the reminder's day (relative to the all-day start: its local midnight)
                alarm.add("trigger", -dt.timedelta(days=days) + MORNING)
                alarm.add("description", clean(self.words("remind", summary=summary, day=date_text(day, self.lang))))
                ev.add_component(alarm)
        floor = history_sequence(f, self.as_of)
        ev.add("sequence", self.previous.sequence(ev, floor) if self.previous else floor)
        return ev

    def cancelled(self, earlier: str) -> icalendar.Event:
        """An earlier event whose obligation the data no longer has: STATUS:CANCELLED, no alarms."""
        seq, _content_, before = self.previous.events[earlier]
        ev = icalendar.Event()
        for name in ("UID", KEY, "DTSTART", "DTEND", "SUMMARY", "CATEGORIES", "X-VELVOITE-RULE"):
            if name in before:
                ev.add(name, before.decoded(name) if name in ("DTSTART", "DTEND") else before[name])
        ev.add("dtstamp", self.stamp or before.decoded("DTSTAMP"))
        ev.add("status", "CANCELLED")
        ev.add("description", clean(self.words("cancelled")))
        ev.add("transp", "TRANSPARENT")
        ev.add("sequence", seq + 1)
        return ev

    def build(self, findings: list[Finding], name: str, until: dt.date, include_met: bool = False) -> bytes:
        """The calendar of the findings due in [as_of, until], as bytes with CRLF line ends."""
        cal = icalendar.Calendar()
        cal.add("prodid", f"-//velvoite//velvoite {__version__}//{self.lang.upper()}")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")  # a published calendar, as older Outlook wants for importing many events
        calname = clean(self.words("calname", name=name))
        cal.add("name", calname)
        cal.add("x-wr-calname", calname)
        cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
        chosen = dated(findings, self.as_of, until, include_met)
        cancelled: list[str] = []
        if self.previous is not None:  # what an earlier export put in calendars is updated, never dropped
            shown = {uid(f.rule, f.org, f.period, v) for f, _, v in chosen}
            every = {uid(f.rule, f.org, f.period, v): (f, day, v) for f in findings for day, v in dates(f)}
            for earlier in sorted(set(self.previous.events) - shown):
                if earlier in every:
                    chosen.append(every[earlier])
                else:
                    cancelled.append(earlier)
        events = [self.event(f, day, variant) for f, day, variant in chosen]
        events += [self.cancelled(earlier) for earlier in cancelled]
        events.sort(key=lambda e: (e.decoded("dtstart"), str(e["UID"])))
        for ev in events:
            cal.add_component(ev)
        return cal.to_ical()


def default_until(registry: Registry, orgs, as_of: dt.date) -> dt.date:
    """The end of the current council term (the latest one among the organisations)."""
    ends = [current_term_end(registry, org, as_of) for org in orgs]
    if not ends or None in ends:
        raise VelvoiteError(_("no council term known for {day} (the terms run {first} to {last}): give --until").format(
            day=day_text(as_of), first=day_text(min(t.start for ts in registry.terms.values() for t in ts)),
            last=day_text(max(t.end for ts in registry.terms.values() for t in ts))))
    return max(ends)


def export_calendar(system, records: list[Record], orgs, name: str, as_of: dt.date, until: dt.date | None = None,
                    *, lang: str = "en", include: tuple[str, ...] = (), remind: tuple[int, ...] = (30, 7),
                    include_met: bool = False, stamp: dt.datetime | None = None,
                    previous: Previous | None = None, notes: list[str] | None = None,
                    replaces_previous: bool = False, progress=None) -> bytes:
    """Audit ``orgs`` from ``as_of`` to ``until`` by the run context ``system`` (``velvoite.system``:
    registry, the rules ``include`` chooses, engine, waivers) and export the coming deadlines. ``previous``: an
    earlier export, whose events velvoite made are updated or cancelled (the others are left alone
    and counted in ``notes``). ``replaces_previous``: the export will be written over that file,
    so an event velvoite did not make there (someone's own calendar) stops the run instead.
    ``progress`` (``velvoite.progress``) hears the audit."""
    registry, rules = system.registry, system.rules_for(include)
    until = until or default_until(registry, orgs, as_of)
    if until < as_of:
        raise VelvoiteError(_("--until {until} is before --as-of {as_of}").format(until=until, as_of=as_of))
    # With an earlier export, the audit reaches back to its first event, so that an entry whose
    # period has ended is updated (met, missed) rather than cancelled.
    start = min(as_of, previous.earliest() or as_of) if previous is not None else as_of
    audit = system.audit(records, orgs, as_of, start=start, until=until, lang=lang, include=include,
                         progress=progress or SILENT)
    if previous is not None:  # an entry written before X-VELVOITE-KEY is ours when this run makes its UID again
        previous = previous.verified({uid(f.rule, f.org, f.period, v) for f in audit.findings for _d, v in dates(f)})
        if replaces_previous and previous.foreign:
            raise VelvoiteError(ngettext(
                "{path}: holds {n} event that velvoite did not make: writing the calendar there would remove it; "
                "nothing was written (give -o a new file)",
                "{path}: holds {n} events that velvoite did not make: writing the calendar there would remove "
                "them; nothing was written (give -o a new file)", previous.foreign).format(
                    path=previous.path, n=previous.foreign))
        if notes is not None and previous.note():
            notes.append(previous.note())
    export = CalendarExport(registry, rules, {r.id: r for r in records}, as_of, lang, remind, stamp, previous)
    return export.build(audit.findings, name, until, include_met)
