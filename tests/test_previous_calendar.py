"""An earlier export given back to ``velvoite calendar`` (``--previous``, or the ``-o`` file): only
velvoite's own entries are updated or cancelled; anyone else's events are left alone and counted;
a malformed file is refused in one line naming file, line and property."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import icalendar
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from velvoite.calendar.ics import CalendarExport, dated, export_calendar, uid
from velvoite.system import System
from velvoite.calendar.previous import Previous
from velvoite.cli import main
from velvoite.engine import run_audit
from velvoite.records import load_records

EX = "examples/records"
AS_OF = "2026-06-01"
ARGS = ["calendar", EX, "--org", "Jyväskylä", "--as-of", AS_OF]

OWN = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
BEGIN:VEVENT\r
DTSTART:20261231T090000Z\r
DTEND:20261231T100000Z\r
DTSTAMP:20261101T120000Z\r
UID:4v8h0c1q2r3s4t5u6v7w8x9y0z@google.com\r
SUMMARY:Hammaslääkäri\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART;VALUE=DATE:20261224\r
DTSTAMP:20261101T120000Z\r
UID:{uuid5}\r
SUMMARY:Jouluaatto\r
END:VEVENT\r
END:VCALENDAR\r
""".replace("{uuid5}", str(uuid.uuid5(uuid.NAMESPACE_DNS, "example.org")))


def events(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("previous") / "deadlines.ics"
    assert CliRunner().invoke(main, [*ARGS, "-o", str(out)]).exit_code == 0
    return out.read_bytes()


def run(tmp_path, previous: bytes, *extra: str, first: tuple[str, ...] = ()):
    prev = tmp_path / "previous.ics"
    prev.write_bytes(previous)
    out = tmp_path / "out.ics"
    result = CliRunner().invoke(main, [*first, *ARGS, *extra, "--previous", str(prev), "-o", str(out)])
    return result, prev, out


def said(result) -> list[str]:
    """What the run said besides the notes about reading the records."""
    return [ln for ln in result.output.splitlines() if "rows of organisations outside" not in ln]


def with_foreign(export: bytes, foreign: str) -> bytes:
    """The export with someone's own events put inside it (as a calendar client would merge them)."""
    text = export.decode()
    return (text[:text.rindex("END:VCALENDAR")] + foreign + "END:VCALENDAR\r\n").encode()


def own_events() -> str:
    return OWN[OWN.index("BEGIN:VEVENT"):OWN.rindex("END:VCALENDAR")]


def test_someone_elses_calendar_is_never_cancelled(tmp_path, export):
    """Given a person's own calendar, nothing of it is re-emitted: importing the export cancels
    none of their appointments; the run says how many events it left alone."""
    result, prev, out = run(tmp_path, OWN.encode())
    assert result.exit_code == 0, result.output
    got = events(out.read_bytes())
    assert not {"4v8h0c1q2r3s4t5u6v7w8x9y0z@google.com", str(uuid.uuid5(uuid.NAMESPACE_DNS, "example.org"))} & set(got)
    assert all("STATUS" not in e for e in got.values())
    assert f"{prev}: 2 events that velvoite did not make" in result.stderr
    assert set(got) == set(events(export))


def test_velvoites_entries_are_updated_and_the_others_left_alone_in_one_file(tmp_path, export):
    mixed = with_foreign(export, own_events())
    result, prev, out = run(tmp_path, mixed, first=("--pack", "hyte"))
    assert result.exit_code == 0, result.output
    got, before = events(out.read_bytes()), events(export)
    assert set(got) == set(before)  # velvoite's own: all kept (updated or cancelled), the others gone
    cancelled = {k for k, e in got.items() if str(e.get("STATUS")) == "CANCELLED"}
    assert cancelled and all(int(got[k]["SEQUENCE"]) == int(before[k]["SEQUENCE"]) + 1 for k in cancelled)
    assert "2 events that velvoite did not make" in result.stderr


def test_a_forged_key_does_not_make_an_event_ours(tmp_path, export):
    """An event carrying one of velvoite's keys under another UID is not velvoite's."""
    forged = own_events().replace("SUMMARY:Jouluaatto", "SUMMARY:Jouluaatto\r\nX-VELVOITE-KEY:hyte-annual-report|"
                                  "kunta-179|2026\r\nX-VELVOITE-RULE:hyte-annual-report")
    result, _prev, out = run(tmp_path, with_foreign(export, forged))
    assert result.exit_code == 0 and "2 events that velvoite did not make" in result.stderr
    assert out.read_bytes() == export


def test_an_export_written_before_the_key_is_recognised_by_its_uids(tmp_path, export):
    """Entries of an earlier version (no X-VELVOITE-KEY) are velvoite's when this run makes their
    UID again: their SEQUENCE carries on; one whose obligation this run does not make is left alone."""
    old = re.sub(rb"X-VELVOITE-KEY:[^\r]*\r\n", b"", export).replace(b"SEQUENCE:", b"SEQUENCE:4")
    gone = uid("no-such-rule", "kunta-179", "2026")
    stale = own_events().replace("UID:4v8h0c1q2r3s4t5u6v7w8x9y0z@google.com", f"UID:{gone}")
    result, _prev, out = run(tmp_path, with_foreign(old, stale))
    assert result.exit_code == 0, result.output
    got, before = events(out.read_bytes()), events(export)
    assert set(got) == set(before) and gone not in got
    assert all(int(got[k]["SEQUENCE"]) >= int(e["SEQUENCE"]) + 40 for k, e in before.items())
    assert "2 events that velvoite did not make" in result.stderr


def test_a_broken_entry_of_an_export_before_the_key_is_a_located_error(tmp_path, export):
    """An entry without the key that this run makes again is velvoite's: it is checked like the others."""
    old = re.sub(rb"X-VELVOITE-KEY:[^\r]*\r\n", b"", export)
    broken, _line = _edit(old, "DTSTAMP", None)
    result, prev, out = run(tmp_path, broken)
    assert result.exit_code == 2 and len(said(result)) == 1, result.output
    assert f"{prev}:{_begin_line(old)}: DTSTAMP: cannot read the previous export: " in result.output
    assert not out.exists()


def test_the_key_is_not_content(tmp_path, export):
    """An export read back gives the same export: the key raises no SEQUENCE."""
    result, _prev, out = run(tmp_path, export)
    assert result.exit_code == 0 and out.read_bytes() == export and "did not make" not in result.stderr


def _first(export: bytes, name: str) -> tuple[str, int]:
    """The first event's ``name`` content line and its line number in the file."""
    lines = export.decode().split("\r\n")
    begin = lines.index("BEGIN:VEVENT")
    at = next(i for i in range(begin, len(lines)) if lines[i].startswith(name))
    return lines[at], at + 1


def _edit(export: bytes, name: str, new: str | None) -> tuple[bytes, int]:
    line, number = _first(export, name)
    text = export.decode().replace(line + "\r\n", "" if new is None else new + "\r\n", 1)
    return text.encode(), number


def _begin_line(export: bytes) -> int:
    return export.decode().split("\r\n").index("BEGIN:VEVENT") + 1


# name: (how the export is broken -> (bytes, line expected), field, message fragment)
BROKEN = {
    "no_dtstart": (lambda e: (_edit(e, "DTSTART", None)[0], _begin_line(e)), "DTSTART", "has no DTSTART"),
    "no_dtstamp": (lambda e: (_edit(e, "DTSTAMP", None)[0], _begin_line(e)), "DTSTAMP", "has no DTSTAMP"),
    "date_time_dtstart": (lambda e: _edit(e, "DTSTART", "DTSTART:20261231T090000Z"), "DTSTART",
                          "velvoite's entries are all-day (got "),
    "broken_dtstart": (lambda e: _edit(e, "DTSTART", "DTSTART;VALUE=DATE:2026-13-45"), "DTSTART",
                       "expected a date (VALUE=DATE:YYYYMMDD)"),
    "date_dtstamp": (lambda e: _edit(e, "DTSTAMP", "DTSTAMP;VALUE=DATE:20260101"), "DTSTAMP",
                     "expected a date-time"),
    "sequence_text": (lambda e: _edit(e, "SEQUENCE", "SEQUENCE:abc"), "SEQUENCE", "expected a whole number"),
    "not_a_content_line": (lambda e: _edit(e, "TRANSP", "TRANSPARENT"), None, "not an iCalendar content line"),
    "deep": (lambda e: (e.replace(b"END:VCALENDAR", b"BEGIN:X\r\n" * 5000 + b"END:X\r\n" * 5000 + b"END:VCALENDAR"),
                        e.decode().split("\r\n").index("END:VCALENDAR") + 8), "BEGIN", "nested deeper than 8"),
    "unclosed": (lambda e: (e.replace(b"END:VCALENDAR\r\n", b""), e.count(b"\n") - 1), None, "never closed"),
    "two_calendars": (lambda e: (e + e, e.count(b"\n") + 1), "BEGIN", "one calendar per file"),
    "not_icalendar": (lambda e: (b"Subject,Start Date\r\nHammasl\xc3\xa4\xc3\xa4k\xc3\xa4ri,12/31/2026\r\n", 1), None,
                      "not an iCalendar content line"),
    "not_utf8": (lambda e: (e.replace("Jyväskylä".encode(), "Jyväskylä".encode("latin-1"), 1),
                            e.decode().split("\r\n").index([ln for ln in e.decode().split("\r\n")
                                                             if "Jyväskylä" in ln][0]) + 1), None, "not UTF-8 text"),
    "empty": (lambda e: (b"", None), None, "the file is empty"),
    "uid_twice": (lambda e: (with_foreign(e, e.decode()[e.decode().index("BEGIN:VEVENT"):
                                                         e.decode().index("END:VEVENT") + 12]),
                             e.decode().split("\r\n").index("END:VCALENDAR") + 1), "UID", "is in the file twice"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_previous_export_is_one_located_error(name, tmp_path, export):
    make, field, text = BROKEN[name]
    data, line = make(export)
    result, prev, out = run(tmp_path, data)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and len(said(result)) == 1, result.output[:600]
    where = f"{prev}:{line}: " if line else f"{prev}: "
    where += f"{field}: " if field else ""
    assert where + "cannot read the previous export: " in result.output, result.output
    assert text in result.output and len(said(result)[0]) < 400
    assert not out.exists()


def test_an_oversized_previous_export_is_refused(tmp_path, export, monkeypatch):
    import velvoite.calendar.previous as previous

    monkeypatch.setattr(previous, "MAX_BYTES", len(export) - 1)
    result, prev, out = run(tmp_path, export)
    assert result.exit_code == 2 and f"{prev}: cannot read the previous export: larger than" in result.output
    assert not out.exists()


def test_the_note_and_the_errors_are_translated(tmp_path, export):
    result, prev, _out = run(tmp_path, OWN.encode(), "--lang", "fi")
    assert result.exit_code == 0 and f"{prev}: " in result.stderr and "did not make" not in result.stderr
    result, _prev, _out = run(tmp_path, _edit(export, "DTSTART", None)[0], "--lang", "sv")
    assert result.exit_code == 2 and "DTSTART" in result.output and "cannot read the previous" not in result.output


# --- property: an arbitrary foreign event is never cancelled, updated or copied ---------------------

@pytest.fixture(scope="module")
def audited(registry, rules):
    records = load_records([EX], registry)
    orgs = [registry.resolve("Jyväskylä")]
    as_of = dt.date.fromisoformat(AS_OF)
    until = dt.date(2029, 5, 31)
    findings = run_audit(records, registry, rules, orgs, as_of, as_of, until=until).findings
    base = export_calendar(System.given(registry, rules), records, orgs, "test", as_of, include=("advice", "incentive"))
    made = {uid(f.rule, f.org, f.period, v) for f, _d, v in dated(findings, dt.date.min, dt.date.max, True)}
    return records, findings, base, made, as_of, until


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
UIDS = st.one_of(st.uuids(version=4).map(str), st.uuids(version=5).map(str), TEXT)
DAYS = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))
STARTS = st.one_of(DAYS, st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 12, 31),
                                      timezones=st.just(dt.timezone.utc)), st.none())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=UIDS, start=STARTS, summary=TEXT, forged=st.booleans(), stamp=st.booleans())
def test_a_foreign_event_is_never_cancelled_or_re_emitted(audited, registry, rules, name, start, summary, forged,
                                                          stamp):
    records, findings, base, made, as_of, until = audited
    ev = icalendar.Event()
    ev.add("uid", name)
    ev.add("summary", summary)
    if start is not None:
        ev.add("dtstart", start)
    if stamp:
        ev.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    if forged:  # a key of velvoite's, copied onto an event that is not velvoite's
        ev.add("x-velvoite-key", "hyte-annual-report|kunta-179|2026")
        ev.add("x-velvoite-rule", "hyte-annual-report")
    if name in made:
        return  # one of velvoite's own UIDs (never drawn in practice)
    mixed = with_foreign(base, ev.to_ical().decode())

    def build(previous_bytes: bytes) -> tuple[bytes, int]:
        previous = Previous.parse(previous_bytes).verified(made)
        export = CalendarExport(registry, rules, {r.id: r for r in records}, as_of, previous=previous)
        return export.build(findings, "test", until), previous.foreign

    alone, foreign_alone = build(base)
    got, foreign = build(mixed)
    assert got == alone and foreign == foreign_alone + 1
    assert name not in events(got)
