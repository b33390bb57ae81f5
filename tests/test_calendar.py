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
from velvoite.system import System
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
    system = System.given(registry, rules, kw.pop("engine", "python"), kw.pop("waivers", None))
    return export_calendar(system, records, orgs, "test", as_of, include=("advice", "incentive"), **kw)


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
        kind, status = e["CATEGORIES"].cats  # words in the language; the rule id in its own property
        assert kind == "statutory duty" and status in ("due", "partial", "upcoming")
        assert str(e["X-VELVOITE-RULE"]) in rules
        assert str(e["SUMMARY"]).split(": ", 1)[0] in {o.name("en") for o in registry.orgs.values()}
    text = data.decode()
    assert "DTSTART;VALUE=DATE:" in text and "\r\nMETHOD:PUBLISH\r\n" in text


def test_recommended_date_gets_its_own_event(registry, rules):
    # 1.6.2025-31.5.2029 term: the welfare report is recommended within its first year.
    orgs = [registry.resolve("kunta-179")]
    got = events(parse(export([], registry, rules, orgs, as_of=dt.date(2025, 6, 2))))
    rec = got[uid("hyte-welfare-report", "kunta-179", "2025-2029", "recommended")]
    assert rec.decoded("DTSTART") == dt.date(2026, 5, 31)
    assert str(rec["SUMMARY"]).startswith("Jyväskylä: Recommended: ")
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
        expected = {-dt.timedelta(days=d, hours=-9) for d in (30, 7, 400) if start - dt.timedelta(days=d) >= AS_OF}
        assert set(triggers) == expected  # at 9:00 on the day, not at midnight


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
    # DTSTAMP is each entry's evidence date (or its period's start), never the day of the export
    stamps = set(re.findall(rb"DTSTAMP:(\d{8})T000000Z", outs[0]))
    evidence_days = {f"{r.date:%Y%m%d}".encode() for r in example}
    assert stamps and b"20261129" not in stamps and stamps & evidence_days
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
    # A new day with the same data changes nothing: the status is "as of the record data of" the
    # latest record, so a subscribed client does not rewrite every entry daily.
    before = out.read_bytes()
    result = CliRunner().invoke(main, args[:-4] + ["--as-of", "2026-11-30", "-o", str(out)])
    assert result.exit_code == 0
    assert sequences(out.read_bytes()) == edited and out.read_bytes() == before


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


def _calendar(args: list[str]) -> dict[str, icalendar.Event]:
    result = CliRunner().invoke(main, ["calendar", *args])
    assert result.exit_code == 0, result.output
    return events(parse(result.stdout_bytes))


def test_a_duty_met_since_the_last_export_stays_marked_done_without_alarms(tmp_path, registry):
    """The client that imported the first export must see the entry change, not keep the old
    'due' entry and its alarms: same UID, ✓, no alarm, a higher SEQUENCE."""
    folder = tmp_path / "records"
    folder.mkdir()
    out = tmp_path / "maaraajat.ics"
    args = ["calendar", str(folder), "--org", "hva-15", "--as-of", "2026-06-01", "--lang", "fi", "-o", str(out)]
    (folder / "a.yaml").write_text("- {id: s1, org: hva-15, kind: strategy_approval, date: 2023-03-01, "
                                   "body: aluevaltuusto}\n", "utf-8")
    assert CliRunner().invoke(main, args).exit_code == 0
    first = events(parse(out.read_bytes()))
    key = uid("hyte-annual-negotiation", "hva-15", "2026")
    assert first[key].walk("VALARM") and not str(first[key]["SUMMARY"]).startswith("✓")
    members = ", ".join(registry.members("hva-15", dt.date(2026, 5, 20), dt.date(2026, 5, 20)))
    (folder / "b.yaml").write_text("- {id: n1, org: hva-15, kind: hyte_negotiation, date: 2026-05-20, "
                                   f"participants: [{members}]}}\n", "utf-8")
    assert CliRunner().invoke(main, args).exit_code == 0
    second = events(parse(out.read_bytes()))
    assert set(first) <= set(second)  # nothing an earlier export put in a calendar is dropped
    done = second[key]
    assert str(done["SUMMARY"]).startswith("✓ Keski-Suomen hyvinvointialue: ") and not done.walk("VALARM")
    assert int(done["SEQUENCE"]) > int(first[key]["SEQUENCE"])
    assert done["CATEGORIES"].cats[1] == "täyttyy"
    # without the earlier export, a met duty is left out as before
    fresh = _calendar([str(folder), "--org", "hva-15", "--as-of", "2026-06-01"])
    assert key not in fresh


def test_an_entry_whose_obligation_is_gone_is_cancelled(tmp_path):
    out = tmp_path / "maaraajat.ics"
    base = ["calendar", "examples/records", "--org", "Jyväskylä", "--as-of", "2026-06-01", "-o", str(out)]
    assert CliRunner().invoke(main, base).exit_code == 0
    first = events(parse(out.read_bytes()))
    assert CliRunner().invoke(main, ["--pack", "hyte", *base]).exit_code == 0
    second = events(parse(out.read_bytes()))
    from velvoite.rules import load_rules

    pack = {r.id: r.pack for r in load_rules(()).values()}
    gone = [k for k, e in first.items() if pack[str(e["X-VELVOITE-RULE"])] != "hyte"]
    assert gone and set(second) == set(first)
    for key in gone:
        e = second[key]
        assert str(e["STATUS"]) == "CANCELLED" and not e.walk("VALARM")
        assert int(e["SEQUENCE"]) == int(first[key]["SEQUENCE"]) + 1
        assert e.decoded("DTSTART") == first[key].decoded("DTSTART") and str(e["SUMMARY"]) == str(first[key]["SUMMARY"])
    kept = [k for k in first if k not in gone]
    assert all("STATUS" not in second[k] for k in kept)


def test_a_deadline_passed_since_the_last_export_is_updated_not_cancelled(tmp_path):
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "a.yaml").write_text("- {id: s1, org: hva-15, kind: strategy_approval, date: 2023-03-01}\n", "utf-8")
    out = tmp_path / "d.ics"
    args = ["calendar", str(folder), "--org", "hva-15", "-o", str(out)]
    assert CliRunner().invoke(main, [*args, "--as-of", "2026-12-01"]).exit_code == 0
    key = uid("hyte-annual-negotiation", "hva-15", "2026")
    assert key in events(parse(out.read_bytes()))
    assert CliRunner().invoke(main, [*args, "--as-of", "2027-01-15"]).exit_code == 0
    later = events(parse(out.read_bytes()))[key]
    assert "STATUS" not in later and not later.walk("VALARM") and later["CATEGORIES"].cats[1] == "missing"
