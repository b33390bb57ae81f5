"""Record fields and requirement tests that packs declare (pack.yaml ``fields:``, rules'
``requirements`` with equals / contains / present), and ``also_counts_as``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from velvoite.cli import main

MANIFEST = """id: local
title: {fi: Paikallinen, sv: Lokal, en: Local}
tags: [municipality]
fields:
  - id: minutes_url
    type: url
  - id: topics
    type: choices
    values: [youth, elderly]
kinds:
  - id: council_hearing
    names: {fi: kuuleminen, sv: hörande, en: hearing}
    fields: [participants, minutes_url, topics]
citation:
  url: {fi: "https://finlex.fi/fi/{year}/{number}", sv: "https://finlex.fi/sv/{year}/{number}",
        en: "https://finlex.fi/fi/{year}/{number}"}
"""

RULE = """id: local-hearing
severity: duty
title: {fi: Kuuleminen, sv: Hörande, en: Hearing}
summary: {fi: Kuuleminen, sv: Hörande, en: A yearly hearing on youth with its minutes published}
statute:
  - {act: "410/2015", section: "22 §", subsection: "1 mom.", text: "Valtuuston on pidettävä huolta […].",
     gloss: "The council must see to it […]."}
legal_basis:
  - act: "410/2015"
    title: {fi: Kuntalaki, sv: Kommunallag, en: Local Government Act}
    section: "22"
    subsection: "1"
    valid_from: 2017-06-01
    to: [municipality]
applies:
  - to: [municipality]
    from: 2024-01-01
    period: calendar_year
    requirements: [minutes, youth]
evidence:
  kinds: [council_hearing]
requirements:
  - id: minutes
    field: minutes_url
    present: true
    missing: {fi: pöytäkirja, sv: protokoll, en: published minutes}
  - id: youth
    field: topics
    contains: youth
    missing: {fi: nuoret aiheena, sv: unga som ämne, en: youth as a topic}
"""


def _pack(tmp_path, manifest: str = MANIFEST, rule: str = RULE):
    pack = tmp_path / "local"
    pack.mkdir()
    (pack / "pack.yaml").write_text(manifest, "utf-8")
    (pack / "local-hearing.yaml").write_text(rule, "utf-8")
    return pack


def _audit(pack, records, as_of="2024-12-31", org="kunta-179"):
    result = CliRunner().invoke(main, ["--engine", "python", "--rules", str(pack), "audit", str(records),
                                       "--org", org, "--as-of", as_of, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["findings"]


def test_a_pack_field_and_its_requirements_decide_the_status(tmp_path):
    pack = _pack(tmp_path)
    records = tmp_path / "r.yaml"
    records.write_text("""
- {id: h1, org: Jyväskylä, kind: council_hearing, date: 2024-03-01, topics: [elderly]}
- {id: h2, org: Jyväskylä, kind: council_hearing, date: 2024-05-01, topics: "Youth; elderly",
   minutes_url: "https://example.invalid/pk"}
""", "utf-8")
    found = [f for f in _audit(pack, records) if f["rule"] == "local-hearing"]
    assert [(f["status"], f["evidence"]) for f in found] == [("met", ["h2"])]
    records.write_text("- {id: h1, org: Jyväskylä, kind: council_hearing, date: 2024-03-01, topics: [elderly]}\n",
                       "utf-8")
    found = [f for f in _audit(pack, records) if f["rule"] == "local-hearing"]
    assert found[0]["status"] == "partial"
    assert found[0]["missing"] == ["published minutes", "youth as a topic"]


def test_a_pack_field_has_the_records_error_quality(tmp_path):
    pack = _pack(tmp_path)
    records = tmp_path / "r.csv"
    records.write_text("org,kind,date,minutes_url,topics\nJyväskylä,council_hearing,2024-03-01,www.x.fi,yuoth\n",
                       "utf-8")
    result = CliRunner().invoke(main, ["--rules", str(pack), "validate", str(records)])
    assert result.exit_code == 2
    assert f"{records}:2: column 'minutes_url': 'www.x.fi' is not a web address" in result.output
    assert f"{records}:2: column 'topics': 'yuoth' is not one of youth, elderly (did you mean 'youth'?)" \
        in result.output
    # the header knows the pack's fields: a misspelt one is suggested
    records.write_text("org,kind,date,minute_url\nJyväskylä,council_hearing,2024-03-01,https://x.fi\n", "utf-8")
    result = CliRunner().invoke(main, ["--rules", str(pack), "validate", str(records)])
    assert "column 'minute_url': unknown column (did you mean 'minutes_url'?)" in result.output


@pytest.mark.parametrize("change,where,text", [
    (("type: url", "type: link"), "fields.0.type", "Input should be 'text', 'url'"),
    (("values: [youth, elderly]", "values: []"), "fields.1", "a choice or choices field lists its values"),
    (("type: url", "type: url\n    default: x"), "fields.0", "default: 'x' is not one of"),
    (("fields: [participants, minutes_url, topics]", "fields: [participants, minute_url]"), "kinds.0.fields.1",
     "'minute_url' is not a field of the record format or of this pack (did you mean 'minutes_url'?)"),
    (("  - id: minutes_url", "  - id: notes"), "fields.0.id", "'notes' is a field every record has"),
    (("tags: [municipality]", "tags: [municipality, uusimaaa]"), "tags", "did you mean 'uusimaa'?"),
])
def test_a_malformed_field_declaration_is_named(tmp_path, change, where, text):
    pack = _pack(tmp_path, MANIFEST.replace(*change))
    result = CliRunner().invoke(main, ["--rules", str(pack), "rules"])
    assert result.exit_code == 2, result.output
    assert str(pack / "pack.yaml") in result.output and where in result.output and text in result.output
    assert "Traceback" not in result.output


def test_a_field_declared_twice_with_another_type_is_an_error(tmp_path):
    pack = _pack(tmp_path, MANIFEST.replace("  - id: minutes_url\n    type: url", "  - id: decision\n    type: text")
                 .replace("minutes_url, topics]", "decision, topics]"),
                 RULE.replace("field: minutes_url", "field: decision"))
    result = CliRunner().invoke(main, ["--rules", str(pack), "rules"])
    assert result.exit_code == 2
    assert "field 'decision' is declared as choice by another pack, here as text" in result.output


@pytest.mark.parametrize("change,text", [
    (("field: topics", "field: topic"), "unknown field 'topic' (did you mean 'topics'?)"),
    (("contains: youth", "contains: youth\n    present: true"), "exactly one test"),
    (("to: [municipality]\n    from", "to: [county]\n    from"), "tag 'county' is not among the tags"),
])
def test_a_malformed_requirement_is_named(tmp_path, change, text):
    pack = _pack(tmp_path, rule=RULE.replace(*change))
    result = CliRunner().invoke(main, ["--rules", str(pack), "rules"])
    assert result.exit_code == 2 and str(pack / "local-hearing.yaml") in result.output and text in result.output


def test_one_meeting_that_counts_as_two_negotiations_meets_both(tmp_path, engine):
    """DOMAIN § 7: ``also_counts_as`` — the seed asks for one meeting that is both the § 14
    cooperation negotiation and the § 7(4) HYTE negotiation."""
    from velvoite.registry import load_registry

    members = [o.id for o in load_registry().orgs.values() if o.county == "hva-15"]
    records = tmp_path / "r.yaml"
    records.write_text(json.dumps([{"id": "n1", "org": "hva-15", "kind": "cooperation_negotiation",
                                    "date": "2024-03-12", "participants": members,
                                    "also_counts_as": ["hyte_negotiation"]}]), "utf-8")
    result = CliRunner().invoke(main, ["--engine", engine, "audit", str(records), "--org", "hva-15",
                                       "--from", "2024-01-01", "--as-of", "2024-12-31", "--format", "json"])
    found = {(f["rule"], f["period"]): (f["status"], f["evidence"]) for f in json.loads(result.stdout)["findings"]}
    assert found[("hyte-annual-negotiation", "2024")] == ("met", ["n1"])
    assert found[("cooperation-negotiation", "2022-2025")] == ("met", ["n1"])
    # without it, the meeting is only the cooperation negotiation
    records.write_text(records.read_text("utf-8").replace(', "also_counts_as": ["hyte_negotiation"]', ""), "utf-8")
    result = CliRunner().invoke(main, ["--engine", engine, "audit", str(records), "--org", "hva-15",
                                       "--from", "2024-01-01", "--as-of", "2024-12-31", "--format", "json"])
    found = {(f["rule"], f["period"]): f["status"] for f in json.loads(result.stdout)["findings"]}
    assert found[("hyte-annual-negotiation", "2024")] == "due"


def test_packs_are_chosen_by_pack_or_the_workspace(tmp_path):
    def rule_ids(*args):
        result = CliRunner().invoke(main, [*args, "audit", "examples/records", "--org", "hva-15",
                                           "--as-of", "2025-06-01", "--format", "json"])
        assert result.exit_code in (0, 1), result.output
        return {f["rule"] for f in json.loads(result.stdout)["findings"]}

    everything = rule_ids()
    assert {"hyte-annual-report", "child-youth-welfare-plan", "rescue-service-level-decision"} <= everything or \
        {"hyte-annual-report", "regional-child-youth-welfare-plan", "rescue-service-level-decision"} <= everything
    rescue = {"rescue-service-level-decision", "rescue-service-level-procedure"}
    assert rule_ids("--pack", "pelastus") == rescue
    cfg = tmp_path / "velvoite.toml"
    cfg.write_text('packs = ["lapset", "pelastus"]\n[[waivers]]\nrule = "hyte-annual-report"\norg = "hva-15"\n'
                   'period = "2024"\nreason = "x"\nreference = "y"\n', "utf-8")
    # the waiver names a rule of a pack not chosen: still valid, simply not in this run
    assert rule_ids("--config", str(cfg)) == {"regional-child-youth-welfare-plan", "child-youth-plan-cooperation",
                                              *rescue}
    assert rule_ids("--config", str(cfg), "--pack", "hyte") == {r for r in everything if r.startswith(("hyte", "coop"))}
    bad = CliRunner().invoke(main, ["--pack", "lapst", "rules"])
    assert bad.exit_code == 2 and "unknown pack 'lapst' (did you mean 'lapset'?)" in bad.output


def test_a_waiver_of_a_rolling_duty_names_the_period_as_the_audit_prints_it(tmp_path):
    cfg = tmp_path / "velvoite.toml"
    waiver = ('[[waivers]]\nrule = "child-youth-welfare-plan"\norg = "Jyväskylä"\nperiod = "{}"\n'
              'reason = "the plan was merged into the welfare plan a term later"\nreference = "Kh 1.2.2026 § 3"\n')
    cfg.write_text(waiver.format("2021-09-21/2025-09-20"), "utf-8")
    result = CliRunner().invoke(main, ["--config", str(cfg), "audit", "examples/records", "--org", "Jyväskylä",
                                       "--as-of", "2026-11-29", "--format", "json"])
    found = {f["period"]: f["status"] for f in json.loads(result.stdout)["findings"]
             if f["rule"] == "child-youth-welfare-plan"}
    assert found["2021-09-21/2025-09-20"] == "waived" and found["2025-09-21/2029-09-20"] == "due"
    cfg.write_text(waiver.format("2021-2025"), "utf-8")
    bad = CliRunner().invoke(main, ["--config", str(cfg), "audit", "examples/records", "--org", "Jyväskylä"])
    assert bad.exit_code == 2
    assert f"{cfg}:4: waivers[1].period: child-youth-welfare-plan has periods from approval to approval: " \
           "'2021-2025' is not a period as the audit shows it (YYYY-MM-DD/YYYY-MM-DD)" in bad.output


def test_a_rolling_deadline_in_the_calendar_says_next_review_due(tmp_path):
    out = tmp_path / "c.ics"
    result = CliRunner().invoke(main, ["calendar", "examples/records", "--org", "Jyväskylä", "--as-of", "2026-11-29",
                                       "--until", "2029-12-31", "--lang", "fi", "-o", str(out)])
    assert result.exit_code == 0, result.output
    from icalendar import Calendar

    events = [e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")
              if str(e.get("X-VELVOITE-RULE")) == "child-youth-welfare-plan"]
    assert len(events) == 1 and events[0].decoded("DTSTART").isoformat() == "2029-09-20"
    assert "Seuraava tarkistus viimeistään: 20.9.2029" in str(events[0].get("DESCRIPTION"))
    # a duty with fixed periods has no such line
    assert not any("Seuraava tarkistus" in str(e.get("DESCRIPTION"))
                   for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT") if e not in events)


def test_incentive_findings_name_indicator_points_and_weight_and_the_report_counts_them():
    base = ["--config", "examples/velvoite.toml"]
    audit = json.loads(CliRunner().invoke(main, [*base, "audit", "examples/records", "--org", "Jyväskylä",
                                                 "--as-of", "2026-11-29", "--include", "incentive", "--lang", "fi",
                                                 "--format", "json"]).stdout)
    by = {(f["rule"], f["period"]): f for f in audit["findings"] if f["severity"] == "incentive"}
    met = by[("incentive-sports-clubs-meeting", "2026")]
    assert met["status"] == "met" and "prosessi-indikaattori 6: 100 pistettä (paino 0,0333)" in met["explanation"]
    none = by[("incentive-sports-clubs-meeting", "2025")]
    assert none["status"] == "not_evidenced" and "indikaattori 6: 0 pistettä" in none["explanation"]
    assert "THL:n" in none["explanation"] and "(HYTE-lisän indikaattori, ei lakisääteinen velvoite)" in none["explanation"]
    assert not any(f["status"] == "missing" for f in by.values())
    assert audit["summary"] == json.loads(CliRunner().invoke(main, [*base, "audit", "examples/records", "--org",
                                          "Jyväskylä", "--as-of", "2026-11-29", "--format", "json"]).stdout)["summary"]
    report = json.loads(CliRunner().invoke(main, [*base, "report", "examples/records", "--region", "hva-15",
                                                  "--as-of", "2026-11-29", "--include", "incentive",
                                                  "--format", "json"]).stdout)
    rows = {r["org"]: r for r in report["incentives"]}
    assert rows["kunta-179"]["shown"] == ["6", "11"] and rows["kunta-179"]["total"] == 7
    assert rows["kunta-182"]["shown"] == [] and "hva-15" not in rows
    html = CliRunner().invoke(main, [*base, "report", "examples/records", "--region", "hva-15", "--as-of", "2026-11-29",
                                     "--include", "incentive", "--lang", "fi", "--format", "html"]).output
    assert 'id="h-incentives"' in html and "HYTE-lisän prosessi-indikaattorit" in html


RESCUE = "- {org: hva-15, kind: rescue_service_level_decision, date: 2023-11-20, body: aluevaltuusto%s}\n"
STRATEGY = ("- {org: hva-15, kind: strategy_approval, date: %s, body: aluevaltuusto, includes: [service_strategy], "
            "published_url: 'https://example.invalid/s'}\n")


@pytest.mark.parametrize("pack,records,as_of,status,failing", [
    ("pelastus", "", "2023-06-01", "due", {"due"}),
    ("pelastus", "", "2024-06-01", "missing", {"due", "partial", "missing", "late"}),
    ("pelastus", RESCUE % "", "2024-06-01", "partial", {"due", "partial"}),  # no valid_until
    # the statement and delivery (613/2021 § 6(3), rescue-service-level-procedure) recorded too
    ("pelastus", RESCUE % ", valid_until: 2027-12-31, statement_requested: 2023-09-04, delivered_on: 2023-11-27",
     "2024-06-01", "met", set()),
    ("strategia", STRATEGY % "2022-11-21", "2025-05-31", "met", set()),
    ("strategia", STRATEGY % "2023-02-13", "2025-05-31", "met late", {"late"}),  # due 31.12.2022
])
def test_fail_on_levels(tmp_path, pack, records, as_of, status, failing):
    path = tmp_path / "r.yaml"
    # a file with no evidence for the pack still needs a record (an empty file is an error)
    path.write_text(records or "- {org: hva-15, kind: annual_welfare_report, date: 2023-05-01}\n", "utf-8")
    args = ["--pack", pack, "audit", str(path), "--org", "hva-15", "--from", "2022-03-01", "--as-of", as_of]
    found = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)["findings"]
    rule = "rescue-service-level-decision" if pack == "pelastus" else "service-strategy"
    mine = [f for f in found if f["rule"] == rule]
    assert [f["status"] + (" late" if f["late"] else "") for f in mine] == [status]
    if pack == "strategia":  # strategy-review is met by the same record: only service-strategy decides
        assert all(f["status"] == "met" for f in found)
    for level in ("missing", "partial", "due", "late"):
        assert CliRunner().invoke(main, [*args, "--fail-on", level]).exit_code == (1 if level in failing else 0), level


@pytest.mark.parametrize("expires,as_of,status", [
    (None, "2026-11-29", "waived"),
    ("2026-12-31", "2026-11-29", "waived"),
    ("2026-11-29", "2026-11-29", "waived"),   # the last day it holds
    ("2026-06-30", "2026-11-29", "missing"),  # expired: evaluated as if never waived
])
def test_a_waiver_expires(tmp_path, expires, as_of, status):
    cfg = tmp_path / "velvoite.toml"
    cfg.write_text('[[waivers]]\nrule = "hyte-annual-report"\norg = "Jyväskylä"\nperiod = "2025"\n'
                   'reason = "the council meeting was cancelled"\nreference = "Kh 3.2.2026 § 14"\n'
                   + (f"expires = {expires}\n" if expires else ""), "utf-8")
    data = json.loads(CliRunner().invoke(main, ["--config", str(cfg), "audit", "examples/records", "--org", "kunta-179",
                                                "--as-of", as_of, "--format", "json"]).stdout)
    found = {f["period"]: f["status"] for f in data["findings"] if f["rule"] == "hyte-annual-report"}
    assert found["2025"] == status


def test_a_waiver_expiry_that_is_not_a_date_is_named(tmp_path):
    cfg = tmp_path / "velvoite.toml"
    cfg.write_text('[[waivers]]\nrule = "hyte-annual-report"\norg = "Jyväskylä"\nperiod = "2025"\n'
                   'reason = "x"\nreference = "y"\nexpires = "31.12.2026"\n', "utf-8")
    result = CliRunner().invoke(main, ["--config", str(cfg), "audit", "examples/records", "--org", "kunta-179"])
    assert result.exit_code == 2 and f"{cfg}:7: waivers[1].expires:" in result.output


def test_the_report_lists_waivers_ending_within_90_days(tmp_path):
    cfg = tmp_path / "velvoite.toml"
    entry = ('[[waivers]]\nrule = "hyte-annual-report"\norg = "Jyväskylä"\nperiod = "{period}"\nreason = "r"\n'
             'reference = "Kh <b>{period}</b>"\nexpires = {expires}\n')
    cfg.write_text(entry.format(period="2026", expires="2027-02-27") + entry.format(period="2025", expires="2027-02-28")
                   + entry.format(period="2024", expires="2026-11-28"), "utf-8")
    args = ["--config", str(cfg), "report", "examples/records", "--region", "hva-15", "--as-of", "2026-11-29"]
    data = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)
    # 90 days from 29.11.2026 is 27.2.2027: the first is listed; the second ends a day later, the third has ended
    assert [(e["period"], e["expires"]) for e in data["expiring"]] == [("2026", "2027-02-27")]
    html = CliRunner().invoke(main, [*args, "--format", "html", "--lang", "fi"]).output
    assert 'id="h-expiring"' in html and "Kh &lt;b&gt;2026&lt;/b&gt;" in html and "<b>2026" not in html


def test_kinds_and_choice_values_in_the_users_words(tmp_path):
    """A kind by its Finnish or Swedish name (pack.yaml names), a choice value by its words
    (value_words: hyväksytty, antecknad), an included plan by its kind's name."""
    from velvoite.records import load_records
    from velvoite.registry import load_registry

    path = tmp_path / "r.csv"
    path.write_text("org,kind,date,body,decision,includes,participants\n"
                    "Jyväskylä,laaja hyvinvointikertomus ja -suunnitelma,12.6.2025,valtuusto,hyväksytty,"
                    "lasten ja nuorten hyvinvointisuunnitelma,\n"
                    "Jyväskylä,Årlig välfärdsrapport,1.12.2025,valtuusto,antecknad,,\n"
                    "hva-15,HYTE-neuvottelu,3.3.2025,,,,Jyväskylä\n", "utf-8")
    records = load_records([path], load_registry())
    assert [(r.kind, r.get("decision"), r.get("includes")) for r in records] == [
        ("welfare_report_and_plan", "approved", ("child_youth_welfare_plan",)),
        ("annual_welfare_report", "noted", ()), ("hyte_negotiation", "approved", ())]
    path.write_text("org,kind,date,decision\nJyväskylä,vuosittainen hyvinvointiraportti,1.12.2025,hyväksyty\n",
                    "utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2 and "column 'decision': 'hyväksyty' is not one of approved, noted" in result.output


def test_value_words_of_a_value_the_field_does_not_have_are_an_error(tmp_path):
    pack = _pack(tmp_path, MANIFEST.replace("    values: [youth, elderly]\n",
                                            "    values: [youth, elderly]\n    value_words: {young: [nuoret]}\n"))
    result = CliRunner().invoke(main, ["--rules", str(pack), "rules"])
    assert result.exit_code == 2 and "fields.1.value_words: 'young' is not one of its values" in result.output
