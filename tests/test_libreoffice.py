"""The data-collection template in the office program people fill it in: headless LibreOffice
(Debian's libreoffice-calc-nogui, installed by the fixture like Chromium). The Finnish template is
filled in, saved as .xlsx, converted by LibreOffice to .ods and to a Finnish CSV of its records
sheet (';', UTF-8, dates as shown), and each is audited: the same findings from all three."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from velvoite.cli import main
from velvoite.records.kinds import column_fields, kind_named
from velvoite.records.ods import ods_records

from debian import program

# LibreOffice's CSV export options: ';' (59), '"' (34), UTF-8 (76), first line 1, default cell
# formats, Finnish (1035), quoted as text no, detect numbers yes, save as shown yes, formulas no,
# trim no, and sheet 2 (the records sheet; sheet 1 is the instructions).
FINNISH_CSV = "csv:Text - txt - csv (StarCalc):59,34,76,1,,1035,false,true,true,false,false,2"
AUDIT = ["--org", "Jyväskylä", "--from", "2024-01-01", "--as-of", "2024-12-31", "--format", "json"]


@pytest.fixture(scope="module")
def soffice() -> str:
    return program(("soffice", "libreoffice"), ["libreoffice-calc-nogui"])


def convert(soffice: str, source: Path, target: str, out: Path) -> None:
    profile = out / "lo-profile"  # a profile of its own: no lock on the user's, no first-start dialogue
    done = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target,
                           "--outdir", str(out), str(source)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr


def fill(template: Path, filled: Path) -> int:
    """Jyväskylä did everything the 2024 sheet asks, on 1.10.2024, in the council: real date cells."""
    book = load_workbook(template)
    ws = book["Kirjaukset"]
    header = [c.value for c in ws[1]]
    col = {column_fields().get(h.casefold(), h): i + 1 for i, h in enumerate(header)}
    count = 0
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, col["org"]).value != "kunta-179" or ws.cell(row, col["(kausi)"]).value not in (
                "2024", "2021–2025", "pysyvä"):  # periods as people write them
            continue
        ws.cell(row, col["date"]).value = dt.datetime(2024, 10, 1)
        ws.cell(row, col["body"]).value = "valtuusto"
        ws.cell(row, col["reference"]).value = f"Kv 1.10.2024 § {row}"
        kind = kind_named(ws.cell(row, col["kind"]).value)
        if kind == "welfare_report_and_plan":
            ws.cell(row, col["published_url"]).value = "https://www.jyvaskyla.fi/hyte"
            ws.cell(row, col["delivered_to"]).value = "Keski-Suomen hyvinvointialue"
        if kind == "strategy_approval":
            ws.cell(row, col["hyte_goals"]).value = "kyllä"
        if kind == "responsible_party_designation":
            ws.cell(row, col["responsible"]).value = "hyvinvointikoordinaattori"
        count += 1
    book.save(filled)
    return count


def statuses(path: Path) -> dict:
    result = CliRunner().invoke(main, ["audit", str(path), *AUDIT])
    assert result.exit_code == 0, result.output
    return {(f["rule"], f["period"]): (f["status"], len(f["evidence"])) for f in json.loads(result.stdout)["findings"]}


def test_the_template_through_libreoffice_audits_the_same_as_xlsx_ods_and_finnish_csv(tmp_path, soffice):
    template = tmp_path / "pohja.xlsx"
    made = CliRunner().invoke(main, ["template", "--region", "hva-15", "--org", "Jyväskylä", "--from", "2024-01-01",
                                     "--until", "2024-12-31", "--lang", "fi", "-o", str(template)])
    assert made.exit_code == 0, made.output
    filled = tmp_path / "taytetty.xlsx"
    assert fill(template, filled) >= 5
    convert(soffice, filled, "ods", tmp_path)
    convert(soffice, filled, FINNISH_CSV, tmp_path)
    ods, csv_file = tmp_path / "taytetty.ods", tmp_path / "taytetty-Kirjaukset.csv"
    assert ods.exists() and csv_file.exists()
    text = csv_file.read_text("utf-8")
    assert text.startswith("organisaatio;laji;päivämäärä") and ";1.10.2024;" in text  # Finnish headers, dates as shown
    found = statuses(filled)
    assert found[("hyte-annual-report", "2024")][0] == "met"
    assert found[("hyte-welfare-report", "2021-2025")][0] == "met"
    assert found[("hyte-strategy-goals", "2021-2025")][0] == "met"
    assert statuses(ods) == found
    assert statuses(csv_file) == found


def test_libreoffice_resaving_the_template_as_ods_keeps_it_readable(tmp_path, soffice):
    """LibreOffice's own .ods of the unfilled template: the instructions sheet first, passed over in silence;
    the records sheet read; nothing done yet, so no records (the same as the .xlsx)."""
    template = tmp_path / "pohja.xlsx"
    CliRunner().invoke(main, ["template", "--region", "hva-15", "--lang", "sv", "--until", "2024-12-31",
                              "-o", str(template)])
    convert(soffice, template, "ods", tmp_path)
    for path in (template, tmp_path / "pohja.ods"):
        result = CliRunner().invoke(main, ["validate", str(path)])
        assert result.exit_code == 2 and "no records in the file" in result.output
        # velvoite's own instructions and lists are passed over without a note (issue 25)
        assert "Anvisningar" not in result.output and "listor" not in result.output


def test_what_libreoffice_keeps_but_does_not_show_is_not_read(tmp_path, soffice):
    """Issue 27 through LibreOffice itself: its .ods writes a cell's comment inside the cell, a
    formula's error as its text (#DIV/0!), and keeps a value under merged cells that it does not
    show (an .xlsx made by another program). The comment is not read, a formula is its result;
    the error and the hidden value are refused at their cells."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    head = ["org", "kind", "date", "body", "notes"]
    for name, notes in (("kommentti", '="x"'), ("virhe", "=1/0")):
        book = Workbook()
        ws = book.active
        ws.title = "Kirjaukset"
        for row in (head, ["Jyväskylä", "strategy_approval", "1.1.2024", "valtuusto", notes],
                    ["Akaa", "annual_welfare_report", "2.2.2024", "kaupunginvaltuusto"]):
            ws.append(row)
        ws["C2"].comment = Comment("tarkista päivä", "Liisa")
        ws.merge_cells("D3:E3")
        book.save(tmp_path / f"{name}.xlsx")
        convert(soffice, tmp_path / f"{name}.xlsx", "ods", tmp_path)
    hidden = tmp_path / "piilossa.xlsx"
    hidden.write_bytes((Path(__file__).parent / "data" / "invalid" / "xlsx_value_under_merge.xlsx").read_bytes())
    convert(soffice, hidden, "ods", tmp_path)

    ok = tmp_path / "kommentti.ods"
    assert b"office:annotation" in zipfile.ZipFile(ok).read("content.xml")
    assert [r.values for r in ods_records(ok, str(ok), [])] == [
        {"org": "Jyväskylä", "kind": "strategy_approval", "date": "1.1.2024", "body": "valtuusto", "notes": "x"},
        {"org": "Akaa", "kind": "annual_welfare_report", "date": "2.2.2024", "body": "kaupunginvaltuusto"}]
    for path, where, text in ((tmp_path / "virhe.ods", "2: sheet 'Kirjaukset', column E 'notes'",
                               "the error '#DIV/0!' is not a value"),
                              (tmp_path / "piilossa.ods", "2: sheet 'Kirjaukset', column D 'body'",
                               "a value hidden under merged cells")):
        result = CliRunner().invoke(main, ["validate", str(path)])
        assert result.exit_code == 2 and len(result.output.splitlines()) == 1, result.output
        assert f"{path}:{where}: {text}" in result.output
