"""The iCalendar export: structure, identity, versioning, hostile text (icalendar and strict ical)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import icalendar
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream

from velvoite.calendar.ics import export_calendar, uid
from velvoite.cli import main
from velvoite.engine import run_audit
from velvoite.records import load_records, records_from_mappings

EX = "examples/records"
AS_OF = dt.date(2026, 11, 29)
TERM_END = dt.date(2029, 5, 31)


@pytest.fixture(scope="module")
def example(registry):
    return load_records([EX], registry)


def parse(data: bytes) -> icalendar.Calendar:
    """Parse with both libraries: icalendar must report no component errors, ical must accept it."""
    cal = icalendar.Calendar.from_ical(data)
    assert all(not c.errors for c in cal.walk()), [(c.name, c.errors) for c in cal.walk() if c.errors]
    strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    assert len(strict.events) == len(cal.walk("VEVENT"))
    return cal


def events(cal) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def export(records, registry, rules, orgs, **kw):
    kw.setdefault("as_of", AS_OF)
    as_of = kw.pop("as_of")
    return export_calendar(records, registry, rules, orgs, "test", as_of, **kw)


def test_deadlines_are_all_day_events_on_the_engines_dates(example, registry, rules, engine):
    orgs = registry.region("hva-15")
    data = export(example, registry, rules, orgs, engine=engine)
    got = events(parse(data))
    findings = run_audit(example, registry, rules, orgs, AS_OF, AS_OF, until=TERM_END, engine=engine).findings
    expected = {uid(f.rule, f.org, f.period): f.deadline for f in findings
                if f.status in ("due", "partial", "upcoming") and AS_OF <= f.deadline <= TERM_END}
    expected.update({uid(f.rule, f.org, f.period, "recommended"): f.recommended_by for f in findings
                     if f.status in ("due", "partial", "upcoming") and f.recommended_by
                     and AS_OF <= f.recommended_by <= TERM_END})
    assert expected, "the example should have coming deadlines"
    assert {k: e.decoded("DTSTART") for k, e in got.items()} == expected
    for e in got.values():
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date and end == start + dt.timedelta(days=1)
        assert e["TRANSP"] == "TRANSPARENT"
        assert str(e["URL"]).startswith("https://finlex.fi/")
        rule, status = e["CATEGORIES"].cats
        assert rule in rules and status in ("due", "partial", "upcoming")
    text = data.decode()
    assert "DTSTART;VALUE=DATE:" in text and "METHOD" not in text


def test_recommended_date_gets_its_own_event(registry, rules):
    # 1.6.2025-31.5.2029 term: the welfare report is recommended within its first year.
    orgs = [registry.resolve("kunta-179")]
    got = events(parse(export([], registry, rules, orgs, as_of=dt.date(2025, 6, 2))))
    rec = got[uid("hyte-welfare-report", "kunta-179", "2025-2029", "recommended")]
    assert rec.decoded("DTSTART") == dt.date(2026, 5, 31)
    assert str(rec["SUMMARY"]).startswith("Recommended: ")
    assert got[uid("hyte-welfare-report", "kunta-179", "2025-2029")].decoded("DTSTART") == TERM_END


def test_calendar_properties(example, registry, rules):
    data = export(example, registry, rules, [registry.resolve("Jyväskylä")], lang="fi")
    cal = parse(data)
    text = data.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//velvoite//velvoite ")
    assert text.count("\r\nNAME:") == 1 and text.count("\r\nX-WR-CALNAME:") == 1
    assert str(cal["NAME"]) == str(cal["X-WR-CALNAME"]) == "Lakisääteiset määräajat: test"
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:P1D\r\n" in text and "\r\nX-PUBLISHED-TTL:P1D\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")


def test_alarms_follow_properties_and_skip_the_past(example, registry, rules):
    data = export(example, registry, rules, [registry.resolve("Jyväskylä")], remind=(30, 7, 400))
    for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", data.decode(), re.S):
        lines = block.split("\r\n")
        if "BEGIN:VALARM" in lines:
            first = lines.index("BEGIN:VALARM")
            assert all(not re.match(r"[A-Z-]+[:;]", ln) or ln.startswith(("BEGIN:VALARM", "END:VALARM",
                       "ACTION:", "TRIGGER:", "DESCRIPTION:")) for ln in lines[first:])
    for e in events(parse(data)).values():
        start = e.decoded("DTSTART")
        triggers = [a.decoded("TRIGGER") for a in e.walk("VALARM")]
        assert all(start + t >= AS_OF for t in triggers)
        assert all(str(a["ACTION"]) == "DISPLAY" and str(a["DESCRIPTION"]) for a in e.walk("VALARM"))
        expected = {-dt.timedelta(days=d) for d in (30, 7, 400) if start - dt.timedelta(days=d) >= AS_OF}
        assert set(triggers) == expected


def test_include_met_marks_done_without_alarms(example, registry, rules):
    orgs = registry.region("hva-15")
    plain = events(parse(export(example, registry, rules, orgs)))
    both = events(parse(export(example, registry, rules, orgs, include_met=True)))
    added = {k: e for k, e in both.items() if k not in plain}
    assert added, "the example has met duties with deadlines in the window"
    for e in added.values():
        assert str(e["SUMMARY"]).startswith("✓ ") and e["CATEGORIES"].cats[1] == "met"
        assert not e.walk("VALARM")
    assert set(plain) <= set(both)


def test_same_data_same_bytes_and_source_date_epoch(example, registry, rules, tmp_path, monkeypatch):
    args = ["--config", "examples/velvoite.toml", "calendar", EX, "--region", "hva-15", "--as-of", "2026-11-29"]
    outs = []
    for name in ("a.ics", "b.ics"):
        result = CliRunner().invoke(main, args + ["-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        outs.append((tmp_path / name).read_bytes())
    assert outs[0] == outs[1]
    assert b"DTSTAMP:20261129T000000Z" in outs[0]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    result = CliRunner().invoke(main, args)
    assert "DTSTAMP:20260101T000000Z" in result.output
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "SOURCE_DATE_EPOCH" in result.output


NEGOTIATION = {"id": "n1", "org": "hva-15", "kind": "hyte_negotiation", "date": "2026-03-03",
               "participants": ["kunta-179"], "reference": "Neuvottelumuistio 1/2026"}


def sequences(data: bytes) -> dict[str, int]:
    return {k: int(e["SEQUENCE"]) for k, e in events(parse(data)).items()}


def test_new_evidence_raises_sequence_not_uid(registry, rules):
    orgs = [registry.resolve("hva-15")]
    before = sequences(export([], registry, rules, orgs))
    records = records_from_mappings([NEGOTIATION], "n.yaml", registry)
    after = sequences(export(records, registry, rules, orgs))
    key = uid("hyte-annual-negotiation", "hva-15", "2026")
    assert set(before) == set(after)
    assert after[key] == before[key] + 1
    assert {k: v for k, v in after.items() if k != key} == {k: v for k, v in before.items() if k != key}


def test_edited_record_raises_sequence_against_the_previous_export(registry, rules, tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    out = tmp_path / "deadlines.ics"
    args = ["calendar", str(folder), "--org", "hva-15", "--as-of", "2026-11-29", "-o", str(out)]

    def write(reference: str) -> dict[str, int]:
        (folder / "r.yaml").write_text(
            "- {id: n1, org: hva-15, kind: hyte_negotiation, date: 2026-03-03, participants: [kunta-179], "
            f"reference: '{reference}'}}\n", encoding="utf-8")
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        return sequences(out.read_bytes())

    key = uid("hyte-annual-negotiation", "hva-15", "2026")
    first = write("Muistio 1/2026")
    again = write("Muistio 1/2026")
    edited = write("Muistio 1/2026, korjattu")
    assert again == first
    assert edited[key] == first[key] + 1
    assert {k: v for k, v in edited.items() if k != key} == {k: v for k, v in first.items() if k != key}
    # A new day changes what every entry says ("status on ..."), so every entry moves on.
    result = CliRunner().invoke(main, args[:-4] + ["--as-of", "2026-11-30", "-o", str(out)])
    assert result.exit_code == 0
    later = sequences(out.read_bytes())
    assert all(later[k] == edited[k] + 1 for k in later)


def test_broken_previous_export_is_an_error(tmp_path):
    out = tmp_path / "deadlines.ics"
    out.write_text("this is not a calendar", encoding="utf-8")
    result = CliRunner().invoke(main, ["calendar", EX, "--org", "hva-15", "-o", str(out)])
    assert result.exit_code == 2 and "cannot read the previous export" in result.output
    assert out.read_text(encoding="utf-8") == "this is not a calendar"


@pytest.mark.parametrize("args, message", [
    ([], "give --org or --region"),
    (["--org", "Jyväskylää"], "did you mean"),
    (["--org", "hva-15", "--remind", "30,x"], "comma-separated"),
    (["--org", "hva-15", "--as-of", "2026-11-29", "--until", "2026-01-01"], "before --as-of"),
])
def test_calendar_usage_errors(args, message):
    result = CliRunner().invoke(main, ["calendar", EX] + args)
    assert result.exit_code == 2 and message in result.output, result.output


PIECES = (list(",;:\\\"'\r\n\t äöåÄÖÅ🎉\x00\x1b\x85\u2028\u2029")
          + ["Lasten- ja nuorisopalveluiden toimialajohtaja", "👩‍⚕️", "BEGIN:VEVENT", "END:VCALENDAR",
             "\r\nSUMMARY:x", "\nUID:evil", "a" * 90])
HOSTILE = st.lists(st.sampled_from(PIECES), max_size=30).map("".join) | st.text(max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reference=HOSTILE, notes=HOSTILE)
def test_hostile_record_text_never_breaks_the_file(registry, rules, reference, notes):
    orgs = [registry.resolve("hva-15")]
    plain = records_from_mappings([NEGOTIATION], "n.yaml", registry)
    # The loader refuses control characters; the calendar must cope with them all the same
    # (text from elsewhere, or a record built in code), so the record is made past the loader.
    hostile = [dataclasses.replace(plain[0], reference=reference or "x", notes=notes or None)]
    base = events(parse(export(plain, registry, rules, orgs)))
    data = export(hostile, registry, rules, orgs)
    got = events(parse(data))
    assert set(got) == set(base)
    for key, e in got.items():
        assert (e.decoded("DTSTART"), str(e["SUMMARY"]), int(e["SEQUENCE"])) == \
               (base[key].decoded("DTSTART"), str(base[key]["SUMMARY"]), int(base[key]["SEQUENCE"]))
    # Every unfolded line is a property or a component boundary: no line was injected.
    unfolded = data.decode().replace("\r\n ", "").split("\r\n")[:-1]
    assert all(re.match(r"(BEGIN|END):V[A-Z]+$|[A-Z][A-Z-]*[;:]", ln) for ln in unfolded)
    assert sum(ln.startswith("UID:") for ln in unfolded) == len(got)
    shown = str(got[uid("hyte-annual-negotiation", "hva-15", "2026")]["DESCRIPTION"])
    for given_text in (reference or "x", notes):
        cleaned = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", re.sub("\r\n|[\r\x85\u2028\u2029]", "\n",
                                                                          given_text)).strip()
        if cleaned:
            assert cleaned in shown
