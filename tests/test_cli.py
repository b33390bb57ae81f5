"""The command line, through click's CliRunner, on the example workspace."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

import velvoite
from velvoite.cli import main

EX = "examples/records"
AS_OF = "2026-11-29"


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_public_api():
    assert velvoite.__all__ == ["__version__"]
    import velvoite.engine as engine

    assert set(engine.__all__) == {"ENGINES", "STATUSES", "Audit", "Finding", "default_engine", "run_audit"}


def test_json_contract(engine):
    result = run("--engine", engine, "audit", EX, "--region", "hva-15", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["schema_version", "velvoite", "as_of", "from", "engine", "findings", "summary"]
    assert (data["as_of"], data["from"], data["engine"]) == (AS_OF, "2023-01-01", engine)
    keys = ["rule", "org", "org_name", "period", "start", "end", "deadline", "recommended_by", "status", "severity", "late",
            "evidence", "missing", "explanation", "legal_basis", "unconfirmed", "evidence_keys"]
    for f in data["findings"]:
        assert list(f) == keys
        assert len(f["evidence_keys"]) == len(f["evidence"])  # schema 1.2: what diff compares evidence by
        assert re.fullmatch(r"kunta-\d{3}|hva-\d{2}|hus", f["org"])
        assert re.fullmatch(r"\d{4}|\d{4}-\d{4}|standing|\d{4}-\d\d-\d\d/\d{4}-\d\d-\d\d", f["period"])
        for b in f["legal_basis"]:
            assert list(b) == ["act", "section", "subsection", "url"] and b["url"].startswith("https://finlex.fi/")
    order = [(f["org"], f["rule"], f["start"]) for f in data["findings"]]
    assert order == sorted(order)
    statuses = {f["status"] for f in data["findings"]}
    assert {"met", "partial", "missing", "due"} <= statuses
    assert sum(data["summary"].values()) == len(data["findings"])
    assert {f["org"] for f in data["findings"]} == {"hva-15"} | {f"kunta-{c}" for c in (
        "077 172 179 182 216 226 249 256 265 275 312 410 435 495 500 592 601 729 850 892 931 992".split())}


@pytest.mark.skipif(not __import__("velvoite.engine.match_durable").engine.match_durable.available(),
                    reason="durable-rules is not installed")
def test_engines_give_the_same_findings():
    outs = [json.loads(run("--engine", e, "audit", EX, "--as-of", AS_OF, "--format", "json").stdout)
            for e in ("python", "durable")]
    assert outs[0]["findings"] == outs[1]["findings"]


def test_output_is_byte_identical_across_runs(tmp_path):
    for fmt in ("json", "csv", "md", "table"):
        a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        for out in (a, b):
            assert run("audit", EX, "--as-of", AS_OF, "--format", fmt, "-o", str(out)).exit_code == 0
        assert a.read_bytes() == b.read_bytes()


def test_without_scope_audits_the_organisations_in_the_records():
    data = json.loads(run("audit", "examples/records/jyvaskyla.yaml", "--as-of", AS_OF, "--format", "json").stdout)
    assert {f["org"] for f in data["findings"]} == {"kunta-179"}


def test_org_option_resolves_names_and_codes():
    data = json.loads(run("audit", EX, "--org", "jyväskylä", "--org", "500", "--as-of", AS_OF, "--format", "json").stdout)
    assert {f["org"] for f in data["findings"]} == {"kunta-179", "kunta-500"}


def test_fail_on():
    assert run("audit", EX, "--as-of", AS_OF, "--fail-on", "missing").exit_code == 1
    assert run("audit", EX, "--as-of", AS_OF, "--fail-on", "partial").exit_code == 1
    clean = run("audit", EX, "--org", "kunta-179", "--as-of", "2023-06-30", "--from", "2023-06-01",
                "--fail-on", "missing")
    assert clean.exit_code == 0, clean.output


def test_table_fits_80_columns_and_groups_by_organisation():
    result = run("audit", EX, "--region", "hva-15", "--as-of", AS_OF, "--lang", "fi")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Jyväskylä (kunta-179)" in lines
    assert "\x1b[" not in result.output  # no colour when not a terminal
    assert any(line.strip().startswith("täyttyy") for line in lines)


def test_languages_change_the_explanations():
    texts = {lang: json.loads(run("audit", EX, "--org", "kunta-179", "--as-of", AS_OF, "--format", "json",
                                  "--lang", lang).stdout)["findings"][0]["explanation"] for lang in ("fi", "sv", "en")}
    assert len(set(texts.values())) == 3
    assert texts["fi"].startswith(("Täyttyy", "Osittain", "Puuttuu", "Avoinna"))


def test_csv_output_neutralises_formulas(tmp_path):
    rec = tmp_path / "r.yaml"
    # an id may not hold '"' or '/' (records.ids), but '=' and parentheses it may
    rec.write_text("- {id: '=HYPERLINK(1;2)', org: kunta-179, kind: annual_welfare_report, "
                   "date: 2024-06-01, body: valtuusto}\n", "utf-8")
    result = run("audit", str(rec), "--as-of", "2024-12-31", "--from", "2024-01-01", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    evidence = [r["evidence"] for r in rows if r["evidence"]]
    assert evidence == ["'=HYPERLINK(1;2)"]
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@"))


def test_markdown_escapes_pipes(tmp_path):
    result = run("audit", EX, "--org", "kunta-179", "--as-of", AS_OF, "--format", "md")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Audit 2026-11-29")
    table_rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") == 5 for line in table_rows[1:])


def test_rules_lists_and_shows(tmp_path):
    listed = run("rules", "--lang", "fi").output.splitlines()
    # grouped by pack (HYTE first) and severity, one line per rule: its title, its id beside it (issue 25)
    assert listed[0] == "hyte: Hyvinvoinnin ja terveyden edistäminen sekä kuntien ja hyvinvointialueiden yhteistyö"
    assert listed[1] == "  velvoitteet (laki)"
    assert listed[2] == "    Hyvinvointialueen ja kuntien yhteistyöneuvottelu (velvoitteen tunnus: cooperation-negotiation)"
    from velvoite.rules import builtin_rules

    ids = [line.rsplit(": ", 1)[1].rstrip(")") for line in listed if line.startswith("    ")]
    assert sorted(ids) == sorted(builtin_rules())
    shown = run("rules", "hyte-annual-report", "--lang", "en").output
    assert "1326/2010 s. 12(1)  2011-05-01–2022-12-31  (municipalities)" in shown
    finnish = run("rules", "hyte-annual-report", "--lang", "fi").output
    assert "1326/2010 12 § 1 mom.  1.5.2011–31.12.2022  (kunnat)" in finnish
    assert "kunnat paitsi Ahvenanmaa 1.5.2011 alkaen: kalenterivuosittain" in finnish
    assert "Näyttö: vuosittainen hyvinvointiraportti tai laaja hyvinvointikertomus ja -suunnitelma" in finnish
    assert "https://finlex.fi/fi/lainsaadanto/2021/612#chp_1__sec_6__subsec_3" in shown
    swedish = run("rules", "hyte-annual-report", "--lang", "sv").output
    assert "https://finlex.fi/sv/lagstiftning/2021/612#chp_1__sec_7__subsec_3" in swedish
    assert "raportoitava" in shown
    bad = run("rules", "hyte-anual-report")
    assert bad.exit_code == 2 and "did you mean 'hyte-annual-report'?" in bad.output


def test_orgs_and_region():
    out = run("orgs", "--region", "hva-12").output.splitlines()
    assert len(out) == 13 and "Pertunmaa (until 2024-12-31)" in out[7]
    helsinki = run("orgs", "--region", "kunta-091").output.splitlines()
    assert len(helsinki) == 1 and "Helsinki" in helsinki[0]
    assert "Helsingfors" in run("orgs", "--region", "kunta-091", "--lang", "sv").output


def test_schema_is_the_record_json_schema():
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "Record"
    assert set(schema["required"]) == {"org", "kind", "date"}
    assert schema["additionalProperties"] is False


def test_version_names_the_engine():
    assert re.fullmatch(r"velvoite \S+ \(engine: auto: python \(measured faster at every size; durable-rules "
                        r"((not )?installed, --engine durable|could not be loaded: [^\n]+)\)\)\n",
                        run("--version").output)
    assert run("--engine", "python", "--version").output.endswith("(engine: python)\n")


def test_config_sets_language_and_terms(tmp_path):
    cfg = tmp_path / "velvoite.toml"
    cfg.write_text('lang = "sv"\n[terms]\nmunicipal = [{label = "2021-2025", start = 2021-08-01, end = 2025-06-30}]\n', "utf-8")
    data = json.loads(run("--config", str(cfg), "audit", EX, "--org", "kunta-179", "--as-of", AS_OF,
                          "--format", "json").stdout)
    welfare = [f for f in data["findings"] if f["rule"] == "hyte-welfare-report"]
    assert welfare[0]["end"] == "2025-06-30" and welfare[1]["period"] == "2025-2029"
    assert welfare[1]["start"] == "2025-07-01"
    assert data["findings"][0]["explanation"].startswith(("Uppfylld", "Delvis", "Saknas", "Öppen"))


def test_user_rule_pack(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    from velvoite.rules.pack import builtin_pack_dir

    text = (builtin_pack_dir() / "hyte-annual-report.yaml").read_text("utf-8")
    (pack / "local-annual-report.yaml").write_text(text.replace("id: hyte-annual-report", "id: local-annual-report"), "utf-8")
    data = json.loads(run("--rules", str(pack), "audit", EX, "--org", "kunta-179", "--as-of", AS_OF,
                          "--format", "json").stdout)
    assert {f["rule"] for f in data["findings"]} >= {"local-annual-report", "hyte-annual-report"}


def test_broken_user_rule_names_file_line_and_field(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "bad.yaml").write_text("id: bad\ntitle: {fi: a, sv: b, en: c}\nsummary: {fi: a, sv: b, en: c}\n"
                                   "statute: []\nlegal_basis: []\napplies:\n  - to: [kunta]\n    from: 2023-01-01\n"
                                   "    period: calendar_year\nevidence: {kinds: [hyte_negotiation]}\n", "utf-8")
    result = run("--rules", str(pack), "rules")
    assert result.exit_code == 2
    assert f"{pack / 'bad.yaml'}:7: applies.0.to.0:" in result.output


def test_yaml_json_and_csv_records_give_the_same_findings(tmp_path):
    items = [
        {"id": "n1", "org": "hva-04", "kind": "hyte_negotiation", "date": "2024-10-01",
         "participants": ["Vantaa", "Kerava", "HUS"]},  # an Uusimaa county negotiates with HUS too (§ 7(5))
        {"id": "a1", "org": "Kerava", "kind": "annual_welfare_report", "date": "12.6.2024", "body": "kaupunginvaltuusto"},
        {"id": "s1", "org": "kunta-092", "kind": "strategy_approval", "date": "2024-02-01", "body": "valtuusto",
         "hyte_goals": True},
    ]
    (tmp_path / "r.json").write_text(json.dumps({"records": items}, ensure_ascii=False), "utf-8")
    import yaml

    (tmp_path / "r.yaml").write_text("# comment\n" + yaml.safe_dump(items, allow_unicode=True), "utf-8")
    rows = ["id,org,kind,date,body,participants,hyte_goals"] + [
        ",".join([i["id"], i["org"], i["kind"], i["date"], i.get("body", ""), ";".join(i.get("participants", [])),
                  "true" if i.get("hyte_goals") else ""]) for i in items]
    (tmp_path / "r.csv").write_bytes(("\ufeff" + "\n".join(rows) + "\n").encode("utf-8"))
    outs = []
    for name in ("r.json", "r.yaml", "r.csv"):
        result = run("audit", str(tmp_path / name), "--as-of", "2024-12-31", "--from", "2024-01-01", "--format", "json")
        assert result.exit_code == 0, result.output
        outs.append(json.loads(result.stdout)["findings"])
    assert outs[0] == outs[1] == outs[2]
    assert {f["org"] for f in outs[0]} == {"hva-04", "kunta-245", "kunta-092"}
    assert any(f["status"] == "met" and f["rule"] == "hyte-annual-negotiation" for f in outs[0])


def test_records_without_id_get_stable_derived_ids(tmp_path):
    (tmp_path / "r.yaml").write_text("- {org: kunta-179, kind: annual_welfare_report, date: 2024-06-01, body: valtuusto}\n", "utf-8")
    data = json.loads(run("audit", str(tmp_path / "r.yaml"), "--as-of", "2024-12-31", "--from", "2024-01-01",
                          "--format", "json").stdout)
    assert [f["evidence"] for f in data["findings"] if f["rule"] == "hyte-annual-report"] == [["r.yaml#1"]]


def test_waiver_from_config(tmp_path):
    cfg = tmp_path / "velvoite.toml"
    cfg.write_text('[[waivers]]\nrule = "hyte-annual-report"\norg = "Jyväskylä"\nperiod = "2025"\n'
                   'reason = "the council meeting was cancelled"\nreference = "Kaupunginhallitus 3.2.2026 § 14"\n', "utf-8")
    data = json.loads(run("--config", str(cfg), "audit", EX, "--org", "kunta-179", "--as-of", AS_OF,
                          "--format", "json").stdout)
    by_period = {f["period"]: f for f in data["findings"] if f["rule"] == "hyte-annual-report"}
    assert by_period["2025"]["status"] == "waived"
    assert "Kaupunginhallitus 3.2.2026 § 14" in by_period["2025"]["explanation"]
    assert by_period["2024"]["status"] == "met"
    assert data["summary"]["waived"] == 1


def test_waiver_without_reference_is_rejected(tmp_path):
    cfg = tmp_path / "velvoite.toml"
    cfg.write_text('[[waivers]]\nrule = "hyte-annual-report"\norg = "kunta-179"\nperiod = "2025"\nreason = "x"\n', "utf-8")
    result = run("--config", str(cfg), "audit", EX, "--org", "kunta-179", "--as-of", AS_OF)
    assert result.exit_code == 2
    assert f"{cfg}:1: waivers[1].reference: required key is missing" in result.output


def test_auto_runs_the_engine_measured_faster_and_durable_is_chosen_by_name(registry, rules):
    import datetime as dt

    from velvoite.engine import audit as audit_module
    from velvoite.engine.match_durable import available
    from velvoite.records import load_records

    records = load_records([EX], registry)
    orgs = registry.region("hva-15")
    auto = audit_module.run_audit(records, registry, rules, orgs, dt.date(2026, 11, 29), dt.date(2023, 1, 1),
                                  engine="auto")
    assert auto.engine == "python"
    assert json.loads(run("audit", EX, "--region", "hva-15", "--as-of", AS_OF, "--format", "json").stdout)["engine"] \
        == "python"
    assert "auto: python" in run("--version").output
    if available():
        chosen = json.loads(run("--engine", "durable", "audit", EX, "--region", "hva-15", "--as-of", AS_OF,
                                "--format", "json").stdout)
        assert chosen["engine"] == "durable"
        assert chosen["findings"] == [f.model_dump(mode="json") for f in auto.findings]


def test_advice_is_never_a_duty(tmp_path):
    """A rule of severity advice: not checked unless --include names it, never 'missing', never in
    --fail-on, the compliance share or the report's matrix; shown in a section of its own."""
    from velvoite.rules.pack import builtin_pack_dir

    pack = tmp_path / "advice"
    pack.mkdir()
    text = (builtin_pack_dir() / "hyte-annual-report.yaml").read_text("utf-8")
    (pack / "advice-annual-report.yaml").write_text(
        text.replace("id: hyte-annual-report", "id: advice-annual-report").replace("severity: duty", "severity: advice"),
        "utf-8")
    base = ["--rules", str(pack), "audit", EX, "--org", "kunta-179", "--as-of", AS_OF, "--format", "json"]
    plain = json.loads(run(*base).stdout)
    assert not any(f["rule"] == "advice-annual-report" for f in plain["findings"])
    data = json.loads(run(*base, "--include", "advice").stdout)
    advice = [f for f in data["findings"] if f["rule"] == "advice-annual-report"]
    assert advice and {f["severity"] for f in advice} == {"advice"}
    assert {f["status"] for f in advice} <= {"met", "not_evidenced"} and "not_evidenced" in {f["status"] for f in advice}
    assert data["summary"] == plain["summary"]  # counted apart from the duties
    duty_statuses = {f["status"] for f in plain["findings"]}
    code = run(*base[:-2], "--include", "advice", "--fail-on", "missing").exit_code
    assert code == (1 if "missing" in duty_statuses else 0)
    assert run("--rules", str(pack), "audit", EX, "--org", "kunta-179", "--include", "advise").exit_code == 2
    report = ["--rules", str(pack), "report", EX, "--region", "hva-15", "--as-of", AS_OF, "--format", "json"]
    with_advice, without = json.loads(run(*report, "--include", "advice").stdout), json.loads(run(*report).stdout)
    assert with_advice["met_share"] == without["met_share"] and with_advice["rows"] == without["rows"]
    assert with_advice["advisory"] and not without["advisory"]
    html = run(*report[:-2], "--include", "advice", "--format", "html").output
    assert 'id="h-advisory"' in html
    listed = run("--rules", str(pack), "rules").output.splitlines()
    # the user pack borrows the HYTE manifest: its advice is listed under HYTE's "advice" heading
    at = next(i for i, ln in enumerate(listed) if ln.endswith("(rule: advice-annual-report)"))
    assert listed[at - 1] == "  advice"


def test_fail_on_levels_are_the_engines():
    from velvoite.commands.audit import FAIL_ON_LEVELS
    from velvoite.engine.finding import FAIL_ON

    assert sorted(FAIL_ON_LEVELS) == sorted(FAIL_ON)


def test_the_engine_can_be_chosen_in_the_workspace_file(tmp_path):
    from velvoite.engine.match_durable import available

    cfg = tmp_path / "velvoite.toml"
    cfg.write_text('engine = "durable"\n' if available() else 'engine = "python"\n', "utf-8")
    data = json.loads(run("--config", str(cfg), "audit", EX, "--org", "kunta-179", "--as-of", AS_OF,
                          "--format", "json").stdout)
    assert data["engine"] == ("durable" if available() else "python")
    cfg.write_text('engine = "rete"\n', "utf-8")
    result = run("--config", str(cfg), "audit", EX, "--org", "kunta-179", "--as-of", AS_OF)
    assert result.exit_code == 2 and f"{cfg}:1: engine:" in result.output
