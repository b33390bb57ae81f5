"""An earlier export given back (``velvoite calendar --previous OLD.ics``, or the ``-o`` file): what
velvoite put in calendars, to update or cancel, never drop; and nothing else.

Only velvoite's own events are touched: those whose UID is the UUID5 of the key they carry
(``identity.is_ours``), and, in an export written before the key was, those whose UID this run makes
again (``Previous.verified``). Any other event in the file (someone's own appointments, another
tool's entries), and any to-do or journal entry, is foreign: never cancelled, updated or copied, only counted in a note.

The file is read strictly: UTF-8, at most ``MAX_BYTES``, components nested at most ``MAX_DEPTH``
deep, every content line ``NAME[;PARAM=...]:value``; velvoite's events must have the all-day
DTSTART, the DTSTAMP and the SEQUENCE velvoite wrote. Each refusal is an ``InputError`` naming the
file, the line (of the unfolded content line, counted in the file as written) and the property.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import icalendar

from velvoite.calendar.identity import KEY, is_ours
from velvoite.errors import InputError, short
from velvoite.i18n import _, ngettext
from velvoite.records.encoding import bounded_bytes, utf8_text

MAX_BYTES = 64 << 20  # an export of the whole country over a council term is a few MB
MAX_DEPTH = 8         # VCALENDAR > VEVENT > VALARM is 3; a VTIMEZONE's STANDARD as deep
_CONTENT_LINE = re.compile(r'[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*:')
_NOT_CONTENT = ("DTSTAMP", "SEQUENCE", KEY)  # say when or under which name it was exported, not what


def content(event: icalendar.Event) -> bytes:
    """An event serialised without the properties that only say when it was exported.

    Both sides go through the parser, so a freshly built event and its copy read back from
    a file compare equal when they say the same thing.
    """
    copy = icalendar.Event.from_ical(event.to_ical())
    for name in _NOT_CONTENT:
        copy.pop(name, None)
    return copy.to_ical()


@dataclass(frozen=True)
class Previous:
    """velvoite's events of an earlier export: UID → (SEQUENCE, content without DTSTAMP/SEQUENCE, event)."""

    events: dict[str, tuple[int, bytes, icalendar.Event]]
    path: str = "--previous"
    foreign: int = 0  # events left alone: not velvoite's
    unkeyed: dict[str, tuple[icalendar.Event, dict[str, int]]] = field(default_factory=dict)  # written before the key
    lines: dict[str, dict[str, int]] = field(default_factory=dict)  # UID → property → line

    @classmethod
    def parse(cls, data: bytes, path: str = "--previous") -> Previous:
        """The events of an iCalendar file; a located ``InputError`` for anything that is not one."""
        text = _text(data, path)
        places = _scan(text, path)
        try:
            cal = icalendar.Calendar.from_ical(text)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            raise _refused(path, None, None, _("not an iCalendar file: {reason}").format(reason=short(str(exc))))
        found = cal.walk("VEVENT")
        if len(found) != len(places):
            places = [{} for _ev in found]
        # a to-do, journal entry or other entry beside the events is someone's too: never velvoite's
        foreign = sum(1 for part in cal.subcomponents if part.name not in ("VEVENT", "VTIMEZONE"))
        events, unkeyed, lines = {}, {}, {}
        for ev, where in zip(found, places):
            name, key = str(ev.get("UID", "")), ev.get(KEY)
            if not name:
                foreign += 1
            elif is_ours(name, None if key is None else str(key)):
                if name in events:
                    raise _refused(path, where.get("BEGIN"), "UID", _("velvoite's entry {uid} is in the file twice "
                                     "(first on line {line})").format(uid=name, line=lines[name].get("BEGIN")))
                events[name] = _checked(ev, where, path)
                lines[name] = where
            elif key is None and name not in unkeyed:
                unkeyed[name] = (ev, where)
            else:
                foreign += 1
        return cls(events, path, foreign, unkeyed, lines)

    def verified(self, made: set[str]) -> Previous:
        """This export with its events written before the key joined when this run makes their UID
        again (exactly velvoite's, by recomputing); the others counted as foreign."""
        events = dict(self.events)
        for name, (ev, where) in self.unkeyed.items():
            if name in made:
                events[name] = _checked(ev, where, self.path)
        joined = len(events) - len(self.events)
        return Previous(events, self.path, self.foreign + len(self.unkeyed) - joined, {}, self.lines)

    def note(self) -> str | None:
        """What the run says about the events it left alone, or None."""
        if not self.foreign:
            return None
        return ngettext("{path}: {n} event that velvoite did not make (its UID is not one of velvoite's) was left "
                        "alone: not updated, cancelled or copied",
                        "{path}: {n} events that velvoite did not make (their UID is not one of velvoite's) were "
                        "left alone: not updated, cancelled or copied", self.foreign).format(path=self.path,
                                                                                            n=self.foreign)

    def earliest(self) -> dt.date | None:
        """The first day an earlier event of velvoite's was on: the audit must reach back to it."""
        days = [ev.decoded("DTSTART") for _seq, _content, ev in self.events.values()]
        days += [d for ev, _where in self.unkeyed.values() if "X-VELVOITE-RULE" in ev
                 for d in [_day(ev, "DTSTART")] if d is not None]
        return min(days, default=None)

    def sequence(self, event: icalendar.Event, floor: int) -> int:
        seen = self.events.get(str(event["UID"]))
        if seen is None:
            return floor
        seq, was, _ev = seen
        return max(floor, seq if was == content(event) else seq + 1)


def read_previous(path: str) -> Previous:
    """The earlier export at ``path``: a folder, an unreadable or oversized file is refused."""
    data = bounded_bytes(path, MAX_BYTES, lambda line, reason: _refused(path, line, None, reason),
                         folder=_("a folder, not an iCalendar file"),
                         too_large=_("larger than {n:,} bytes: not an earlier export of velvoite"))
    return Previous.parse(data, path)


def _refused(path: str, line: int | None, name: str | None, reason: str) -> InputError:
    """An error of the earlier export; an -o file is read as one too, so the message says so."""
    return InputError(path, line, name, _("cannot read the previous export: {reason}").format(reason=reason))


def _text(data: bytes, path: str) -> str:
    return utf8_text(data, lambda line, reason: _refused(path, line, None, reason),
                     not_utf8=_("not UTF-8 text (byte {byte} cannot be read): iCalendar files are UTF-8"),
                     empty=_("the file is empty: expected an iCalendar file (BEGIN:VCALENDAR)"))


def _scan(text: str, path: str) -> list[dict[str, int]]:
    """Check the unfolded content lines and nesting; for each VEVENT in order, the line of its
    BEGIN and of each of its own properties (the first of each name)."""
    events: list[dict[str, int]] = []
    stack: list[tuple[str, dict[str, int] | None]] = []
    logical: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), 1):
        raw = raw.removesuffix("\r")
        if raw[:1] in (" ", "\t") and logical:
            logical[-1] = (logical[-1][0], logical[-1][1] + raw[1:])
        elif raw.strip():
            logical.append((number, raw))
    closed = False
    for number, line in logical:
        if not _CONTENT_LINE.match(line):
            raise _refused(path, number, None, _("not an iCalendar content line (NAME:value): {line}").format(
                line=short(line)))
        name, value = line.split(":", 1)[0].split(";", 1)[0].upper(), line.split(":", 1)[1].strip().upper()
        if not stack and (closed or (name, value) != ("BEGIN", "VCALENDAR")):
            raise _refused(path, number, name, _("not an iCalendar file: expected BEGIN:VCALENDAR, one calendar "
                                                   "per file"))
        if name == "BEGIN":
            if len(stack) >= MAX_DEPTH:
                raise _refused(path, number, name, _("components nested deeper than {n}: not an iCalendar file "
                                                       "velvoite wrote").format(n=MAX_DEPTH))
            where = {"BEGIN": number} if value == "VEVENT" else None
            if where is not None:
                events.append(where)
            stack.append((value, where))
        elif name == "END":
            if stack[-1][0] != value:
                raise _refused(path, number, name, _("END:{value} closes BEGIN:{open}").format(
                    value=short(value), open=short(stack[-1][0])))
            stack.pop()
            closed = not stack
        elif stack[-1][1] is not None:
            stack[-1][1].setdefault(name, number)
    if stack:
        raise _refused(path, logical[-1][0], None, _("BEGIN:{open} is never closed (END:{open})").format(
            open=short(stack[-1][0])))
    return events


def _day(ev: icalendar.Event, name: str) -> dt.date | None:
    """A DATE value (not a date-time), or None."""
    if name not in ev or any(n == name for n, _e in ev.errors):
        return None
    try:
        value = ev.decoded(name)
    except (ValueError, TypeError, KeyError):
        return None
    return value if type(value) is dt.date else None


def _shown(ev: icalendar.Event, name: str) -> str:
    """A property's value as the file wrote it, bounded."""
    value = ev[name]
    try:
        return short(value.to_ical().decode("utf-8", "replace"))
    except (AttributeError, ValueError, TypeError):
        return short(str(value))


def _checked(ev: icalendar.Event, where: dict[str, int], path: str) -> tuple[int, bytes, icalendar.Event]:
    """One of velvoite's events, with what updating and cancelling it needs: its all-day DTSTART
    (and DTEND), its DTSTAMP, its SEQUENCE."""
    line = where.get("BEGIN")
    for name in ("DTSTART", "DTSTAMP"):
        if name not in ev:
            raise _refused(path, line, name, _("velvoite's entry {uid} has no {name}: give the file velvoite "
                                                 "wrote, or export without --previous").format(uid=ev["UID"],
                                                                                                name=name))
    for name in ("DTSTART", "DTEND"):
        if name in ev and _day(ev, name) is None:
            raise _refused(path, where.get(name, line), name, _(
                "expected a date (VALUE=DATE:YYYYMMDD): velvoite's entries are all-day (got {value})").format(
                    value=_shown(ev, name)))
    if any(n == "DTSTAMP" for n, _e in ev.errors) or not isinstance(ev.decoded("DTSTAMP"), dt.datetime):
        raise _refused(path, where.get("DTSTAMP", line), "DTSTAMP", _(
            "expected a date-time (YYYYMMDDTHHMMSSZ) (got {value})").format(value=_shown(ev, "DTSTAMP")))
    try:
        seq = int(ev.get("SEQUENCE", 0))
    except (ValueError, TypeError):
        seq = -1
    if seq < 0 or any(n == "SEQUENCE" for n, _e in ev.errors):
        raise _refused(path, where.get("SEQUENCE", line), "SEQUENCE", _(
            "expected a whole number (got {value})").format(value=_shown(ev, "SEQUENCE")))
    return seq, content(ev), ev
