"""Scoped reading (records.within): with --org or --region, rows of no organisation in scope are
passed over before they are built. The findings must be exactly those of reading every row, every
row passed over is counted in a note, and a row the scope cannot judge is still checked."""

from __future__ import annotations

import csv
import datetime as dt
import random
import re

import pytest
from click.testing import CliRunner

from velvoite.cli import main
from velvoite.engine import run_audit
from velvoite.engine.scope import given_scope
from velvoite.records import load_records, loader
from velvoite.records.within import Within
from velvoite.registry import load_registry
from velvoite.rules import load_rules

REGISTRY = load_registry()
AS_OF = dt.date(2026, 11, 29)
KINDS = ["hyte_negotiation", "annual_welfare_report", "welfare_report_and_plan", "strategy_approval",
         "responsible_party_designation", "cooperation_negotiation"]


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """A national file whose negotiations name participants across regions (a municipality with
    its county, with a neighbour of another county), a county's records without participants
    (they stand for its members), names as ids, codes and Finnish names, and a YAML copy of part."""
    folder = tmp_path_factory.mktemp("within")
    rng = random.Random(11)
    orgs = [o for o in REGISTRY.orgs.values() if o.id.startswith(("kunta-", "hva-")) and o.valid_until.year > 2026]
    with open(folder / "national.csv", "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(["id", "org", "kind", "date", "body", "participants", "hyte_goals", "published_url"])
        for i in range(4000):
            org, kind = rng.choice(orgs), rng.choice(KINDS)
            day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(1300))
            others = []
            if kind.endswith("negotiation") and rng.random() < 0.6:
                others = [rng.choice(orgs).id for _ in range(rng.randrange(1, 4))]
                if org.county and rng.random() < 0.5:
                    others.append(org.county)
            name = (org.id, org.name_fi, org.code or org.id)[i % 3]
            out.writerow([f"r{i}", name, kind, day.isoformat(), rng.choice(["valtuusto", "kunnanhallitus", ""]),
                          "; ".join(others), rng.choice(["kyllä", "ei"]) if kind == "strategy_approval" else "",
                          "https://example.fi/k" if kind == "welfare_report_and_plan" else ""])
    return folder


def findings(paths, scope, within):
    rules = load_rules()
    options = loader.ReadOptions(today=AS_OF, within=within)
    notes: list[str] = []
    records = load_records(paths, REGISTRY, notes, options)
    audit = run_audit(records, REGISTRY, rules, scope, AS_OF, dt.date(2023, 1, 1))
    return [f.model_dump() for f in audit.findings], records, notes


SCOPES = [((), "hva-15"), ((), "kunta-091"), (("kunta-179",), None), (("hva-12",), None),
          (("kunta-205", "kunta-020", "hva-06"), None), (("Hankasalmi",), None)]


@pytest.mark.parametrize("orgs,region", SCOPES)
def test_a_scoped_read_finds_exactly_what_reading_every_row_finds(national, orgs, region):
    paths = [str(national / "national.csv"), "examples/records"]
    scope = given_scope(REGISTRY, orgs, region)
    within = Within(REGISTRY, [o.id for o in scope])
    scoped, kept, notes = findings(paths, scope, within)
    full, every, _ = findings(paths, scope, None)
    assert scoped == full
    assert scoped, "the scope has findings"
    passed = sum(within.passed.values())
    assert passed > 0 and len(kept) + passed == len(every)
    # one note says how many rows of how many files were not read
    said = [m for n in notes if (m := re.fullmatch(r"(.+): ([\d,]+) rows? of organisations outside --org/--region "
                                                   r"not read \(velvoite validate checks every row\)", n))]
    assert len(said) == 1 and int(said[0][2].replace(",", "")) == passed
    assert said[0][1] == (f"{len(within.passed)} files" if len(within.passed) > 1 else next(iter(within.passed)))


def test_a_row_passed_over_is_one_the_facts_would_not_use(national):
    """The rows kept are a superset of those the audit's facts use: every record of a party in
    scope or of its county, never one of only other organisations."""
    scope = given_scope(REGISTRY, ("kunta-179",), None)
    within = Within(REGISTRY, [o.id for o in scope])
    _, kept, _ = findings([str(national / "national.csv")], scope, within)
    county = REGISTRY.orgs["kunta-179"].county
    assert all(r.org in ("kunta-179", county) or "kunta-179" in r.participants for r in kept)


def test_rows_the_scope_cannot_judge_are_still_checked(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("org;kind;date\n"
                    "Kuhmo;hyte_negotiation;31.2.2024\n"     # another region, a bad date: passed over
                    "Kuhmo;hyte_negotiation;1.2.2024\n"      # another region: passed over
                    "Jyväskylä;hyte_negotiation;1.2.2024\n"  # in scope: read
                    , encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(path), "--region", "hva-15", "--as-of", "2026-11-29"])
    assert result.exit_code == 0, result.output
    assert f"{path}: 2 rows of organisations outside --org/--region not read" in result.stderr
    checked = CliRunner().invoke(main, ["validate", str(path)])
    assert checked.exit_code == 2 and f"{path}:2" in checked.stderr  # validate reads every row

    path.write_text("org;kind;date\nKuhmoo;hyte_negotiation;1.2.2024\nJyväskylä;hyte_negotiation;1.2.2024\n",
                    encoding="utf-8")
    typo = CliRunner().invoke(main, ["audit", str(path), "--region", "hva-15", "--as-of", "2026-11-29"])
    assert typo.exit_code == 2 and f"{path}:2" in typo.stderr and "Kuhmo" in typo.stderr  # an unknown name: checked


def test_yaml_and_csv_rows_are_judged_alike(tmp_path):
    """The same rows as a YAML list (read as values, not as table cells) pass over the same."""
    rows = [("Kuhmo", "hyte_negotiation", "2024-02-01", ""), ("hva-15", "hyte_negotiation", "2024-02-01", ""),
            ("Kuhmo", "cooperation_negotiation", "2024-02-01", "Kajaani; Jyväskylä"),
            ("Kajaani", "cooperation_negotiation", "2024-02-01", "Kuhmo, Sotkamo")]
    with open(tmp_path / "a.csv", "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=";").writerows([("org", "kind", "date", "participants"), *rows])
    (tmp_path / "b.yaml").write_text("".join(f"- {{org: {o}, kind: {k}, date: {d}"
                                             + (f", participants: '{p}'" if p else "") + "}\n"
                                             for o, k, d, p in rows), encoding="utf-8")
    for name in ("a.csv", "b.yaml"):
        within = Within(REGISTRY, [o.id for o in REGISTRY.region("hva-15")])
        kept = load_records([str(tmp_path / name)], REGISTRY, [], loader.ReadOptions(within=within))
        assert [r.org for r in kept] == ["hva-15", REGISTRY.lookup("Kuhmo").id], name
        assert within.passed == {str(tmp_path / name): 2}
