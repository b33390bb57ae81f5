"""Spreadsheets in and out: records from .xlsx read like CSV, located sheet errors, the
data-collection template's round trip, and the report workbook's numbers and dates."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from velvoite.cli import main
from velvoite.records import load_records

EX = "examples/records"


def run(*args):
    return CliRunner().invoke(main, ["--config", "examples/velvoite.toml", *args])


def workbook(rows, title="Kirjaukset") -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_xlsx_records_read_like_csv(tmp_path, registry):
    (tmp_path / "a.xlsx").write_bytes(workbook([
        ["org", "kind", "date", "body", "participants", "reference"],
        ["Jyväskylä", "annual_welfare_report", dt.datetime(2024, 5, 6), "valtuusto", None, "Kv 6.5.2024 § 3"],
        [None, None, None, None, None, None],
        ["hva-15", "hyte_negotiation", "12.6.2024", None, "Jyväskylä; Jämsä", None],
    ]))
    records = load_records([tmp_path], registry)
    assert [(r.id, r.org, r.date, r.body, r.participants) for r in records] == [
        ("a.xlsx#2", "kunta-179", dt.date(2024, 5, 6), "council", ()),  # the rows as Excel numbers them
        ("a.xlsx#4", "hva-15", dt.date(2024, 6, 12), None, ("kunta-179", "kunta-182")),
    ]


@pytest.mark.parametrize("rows, where", [
    ([["org", "kind", "date"], ["Jyväskylä", "annual_welfare_report", "31.2.2024"]],
     "bad.xlsx:2: sheet 'Kirjaukset', column C 'date':"),
    ([["org", "kind", "dat"], ["Jyväskylä", "annual_welfare_report", "1.2.2024"]],
     "bad.xlsx:1: sheet 'Kirjaukset', column C 'dat': unknown column (did you mean 'date'?)"),
    ([["org", "kind", "date"], ["Jyväskylää", "annual_welfare_report", "1.2.2024"]],
     "bad.xlsx:2: sheet 'Kirjaukset', column A 'org': unknown organisation"),
    ([["org", "kind", "date"], ["Jyväskylä", "annual_report", "1.2.2024"]],
     "bad.xlsx:2: sheet 'Kirjaukset', column B 'kind':"),
    ([["org", "kind", "date"], ["Jyväskylä", "annual_welfare_report", "1.2.2024", "stray"]],
     "bad.xlsx:2: sheet 'Kirjaukset', column D:"),
])
def test_xlsx_errors_name_sheet_row_and_column(tmp_path, rows, where):
    (tmp_path / "bad.xlsx").write_bytes(workbook(rows))
    result = run("validate", str(tmp_path / "bad.xlsx"))
    assert result.exit_code == 2 and where in result.output, result.output
    assert "Traceback" not in result.output


def test_not_a_workbook(tmp_path):
    (tmp_path / "fake.xlsx").write_bytes(b"PK\x03\x04 this is not really a zip")
    result = run("validate", str(tmp_path / "fake.xlsx"))
    assert result.exit_code == 2 and "fake.xlsx: not a readable Excel workbook" in result.output


def test_template_round_trip(tmp_path, registry, rules, engine):
    out = tmp_path / "keski-suomi.xlsx"
    result = run("template", "--region", "hva-15", "--from", "2024-01-01", "--until", "2024-12-31",
                 "--lang", "fi", "-o", str(out))
    assert result.exit_code == 0, result.output
    from velvoite.records.kinds import column_fields, kind_named

    book = load_workbook(out)
    guide, ws, hidden = book.worksheets
    assert (guide.title, guide.sheet_state) == ("Ohjeet", "visible")  # instructions first, for people
    assert "Kirjaukset" in guide["A3"].value and "1.1.2024–31.12.2024" in guide["A3"].value
    header = [c.value for c in ws[1]]
    assert header[:3] == ["organisaatio", "laji", "päivämäärä"] and "(määräaika)" in header  # Finnish headers
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert set(lists) == {"B2:B1000", "D2:D1000"} and all(dv.type == "list" for dv in ws.data_validations.dataValidation)
    assert ws.cell(row=999, column=3).number_format == "d.m.yyyy"
    assert hidden.sheet_state == "hidden"
    assert [c.value for c in hidden["A"] if c.value][:2] == ["HYTE-neuvottelu", "yhteistyöneuvottelu"]
    assert "valtuusto" in [c.value for c in hidden["B"]]
    col = {column_fields().get(name.casefold(), name): i for i, name in enumerate(header)}
    table = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert all(kind_named(row[col["kind"]]) for row in table if row[col["org"]])
    assert any(row[col["(kirjaa näin)"]].startswith("Kirjaa: strategian hyväksyminen; toimielin: valtuusto; "
                                                     "hyte-tavoitteet: kyllä") for row in table)
    # Unfilled, the template is valid and says nothing was done.
    empty_audit = run("--engine", engine, "audit", str(out), "--region", "hva-15", "--from", "2024-01-01",
                      "--as-of", "2024-12-31", "--format", "json")
    assert empty_audit.exit_code == 2 and "no records" in empty_audit.output
    # Fill in: Jyväskylä did everything the sheet asks for 2024, on 1.10.2024, in the council.
    filled = 0
    for i, row in enumerate(table, start=2):
        if row[col["org"]] == "kunta-179" and row[col["(kausi)"]] in ("2024", "2021–2025", "pysyvä"):  # as people write them
            ws.cell(row=i, column=col["date"] + 1, value=dt.datetime(2024, 10, 1))
            ws.cell(row=i, column=col["body"] + 1, value="valtuusto")
            ws.cell(row=i, column=col["reference"] + 1, value=f"Kv 1.10.2024 § {i}")
            kind = kind_named(row[col["kind"]])
            if kind == "welfare_report_and_plan":
                ws.cell(row=i, column=col["published_url"] + 1, value="https://www.jyvaskyla.fi/hyte")
                ws.cell(row=i, column=col["delivered_to"] + 1, value="hva-15")
            if kind == "strategy_approval":
                ws.cell(row=i, column=col["hyte_goals"] + 1, value="kyllä")
            if kind == "responsible_party_designation":
                ws.cell(row=i, column=col["responsible"] + 1, value="hyvinvointikoordinaattori")
            filled += 1
    assert filled >= 4
    book.save(out)
    result = run("--engine", engine, "audit", str(out), "--org", "Jyväskylä", "--from", "2024-01-01",
                 "--as-of", "2024-12-31", "--format", "json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    assert "template rows without a date skipped" in result.stderr
    by_rule = {(f["rule"], f["period"]): f["status"] for f in findings}
    assert by_rule[("hyte-annual-report", "2024")] == "met"
    assert by_rule[("hyte-negotiation-participation", "2024")] == "met"
    assert by_rule[("hyte-welfare-report", "2021-2025")] == "met"
    assert by_rule[("hyte-strategy-goals", "2021-2025")] == "met"
    assert by_rule[("hyte-responsible-party", "standing")] == "met"
    others = load_records([out], registry)
    assert {r.org for r in others} == {"kunta-179"} and len(others) == filled


def test_template_csv_reads_back(tmp_path, registry):
    out = tmp_path / "t.csv"
    result = run("template", "--region", "hva-15", "--until", "2026-11-29", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][:3] == ["org", "kind", "date"] and len(rows) > 23 * 4
    text = out.read_text(encoding="utf-8").splitlines()
    text[1] = text[1].replace(",,", ",1.2.2023,", 1)  # fill the first date cell
    out.write_text("\n".join(text) + "\n", encoding="utf-8")
    records = load_records([out], registry)
    assert len(records) == 1 and records[0].date == dt.date(2023, 2, 1) and records[0].id == "t.csv#2"  # row 2 in Excel


def test_validate_names_sheets_it_does_not_read(tmp_path):
    book = Workbook()
    book.active.title = "Kirjaukset"
    book.active.append(["org", "kind", "date"])
    book.active.append(["Jyväskylä", "strategy_approval", "1.2.2022"])
    book.create_sheet("Kirjaukset 2").append(["org", "kind", "date"])
    book.create_sheet("Tyhjä")
    hidden = book.create_sheet("apu")
    hidden.append(["x"])
    hidden.sheet_state = "hidden"
    book.save(tmp_path / "two.xlsx")
    result = run("validate", str(tmp_path / "two.xlsx"))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{tmp_path / 'two.xlsx'}: only sheet 'Kirjaukset' is read; sheet 'Kirjaukset 2' is not",
        f"{tmp_path / 'two.xlsx'}: only sheet 'Kirjaukset' is read; hidden sheet 'apu' is not", "1 record OK"]


def test_report_workbook_prints_and_reads_as_numbers_and_dates(tmp_path):
    """Landscape, one page wide, the header row on every page; national matrix cells are numbers
    (the share met) formatted as percentages; the Finnish summary writes Finnish dates; every
    finding names its county."""
    out = tmp_path / "national.xlsx"
    assert run("report", EX, "--national", "--as-of", "2026-11-29", "--lang", "fi", "-o", str(out)).exit_code == 0
    book = load_workbook(out)
    summary, matrix, findings = book.worksheets
    for ws in (summary, matrix, findings):
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert matrix.print_title_rows == "$1:$1" and findings.print_title_rows == "$1:$1"
    assert "29.11.2026" in summary["A2"].value and "2026-11-29" not in summary["A2"].value
    values = [c.value for row in matrix.iter_rows(min_row=2, min_col=3) for c in row if c.value is not None]
    assert values and all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in values)
    assert all(c.number_format == "0 %" for row in matrix.iter_rows(min_row=2, min_col=3) for c in row
               if c.value is not None)
    assert matrix.row_dimensions[1].height >= 7 * max(len(str(c.value)) for c in matrix[1][2:]) or \
        matrix.row_dimensions[1].height == 409
    head = [c.value for c in findings[1]]  # the glossary's words, the ids in machine columns (issue 25)
    assert head[:5] == ["organisaation tunnus", "Organisaatio", "Hyvinvointialue", "Velvoite", "velvoitteen tunnus"]
    county = head.index("Hyvinvointialue")
    counties = {row[1].value for row in matrix.iter_rows(min_row=2)}  # the counties (and Helsinki) by name
    rows = [[c.value for c in r] for r in findings.iter_rows(min_row=2)]
    assert rows and all(r[county] in counties for r in rows)
    assert all(isinstance(r[head.index("Määräaika")], dt.datetime) for r in rows)


@pytest.mark.parametrize("lang, laukaa", [("fi", "Laukaa"), ("sv", "Laukas")])
def test_the_national_workbook_names_organisations_in_the_readers_language(tmp_path, lang, laukaa):
    """Issue 25: the national workbook's findings name the municipalities a county's finding misses
    by their names in the reader's language, not by id (the report's rows are the counties, so
    their names alone named none of them); the summary's ids stand in the machine column beside."""
    import re

    from velvoite.registry import load_registry
    from velvoite.words.glossary import MACHINE, term

    orgs = load_registry().orgs
    out = tmp_path / "national.xlsx"
    assert run("report", EX, "--national", "--as-of", "2026-11-29", "--lang", lang, "-o", str(out)).exit_code == 0
    summary, _matrix, findings = load_workbook(out).worksheets
    head = [c.value for c in findings[1]]
    missing = [r[head.index(term("missing", lang))].value for r in findings.iter_rows(min_row=2)]
    items = {part for m in missing if m for part in re.split(r", | tai | eller ", m)}
    assert not items & set(orgs), sorted(items & set(orgs))[:5]
    assert laukaa in items and {o.name(lang) for o in orgs.values() if o.kind == "municipality"} & items
    table = next(row for row in summary.iter_rows(values_only=True) if MACHINE[lang]["org_id"] in row)
    assert table[:2] == (term("county", lang), MACHINE[lang]["org_id"])
