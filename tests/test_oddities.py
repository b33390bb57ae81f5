"""Valid oddities of real files are accepted with the same findings as their plain form
(issue "Nothing lost"): what offices and programs really write must not be refused or misread."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from velvoite.cli import main

AS_OF = "2026-11-29"
PLAIN = ("- {org: Akaa, kind: strategy_approval, date: 2023-05-02, body: valtuusto, hyte_goals: true, "
         "reference: 'KV 2.5.2023 § 12'}\n"
         "- {org: Akaa, kind: annual_welfare_report, date: 2024-06-10, body: kaupunginvaltuusto}\n"
         "- {org: Jyväskylä, kind: responsible_party_designation, date: 2023-02-01, responsible: hyte-koordinaattori}\n")
HEAD = ["org", "kind", "date", "body", "hyte_goals", "reference", "responsible"]
ROWS = [["Akaa", "strategy_approval", "2023-05-02", "valtuusto", "yes", "KV 2.5.2023 § 12", None],
        ["Akaa", "annual_welfare_report", "2024-06-10", "kaupunginvaltuusto", None, None, None],
        ["Jyväskylä", "responsible_party_designation", "2023-02-01", None, None, None, "hyte-koordinaattori"]]


def findings(path) -> list[tuple]:
    result = CliRunner().invoke(main, ["audit", str(path), "--org", "Akaa", "--org", "Jyväskylä", "--as-of", AS_OF,
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    return [(f["org"], f["rule"], f["period"], f["status"], len(f["evidence"]))
            for f in json.loads(result.stdout)["findings"]]


@pytest.fixture()
def plain(tmp_path_factory):
    path = tmp_path_factory.mktemp("plain") / "plain.yaml"
    path.write_text(PLAIN, "utf-8")
    return findings(path)


def book_with(rows, cells=None) -> Workbook:
    book = Workbook()
    ws = book.active
    ws.title = "Kirjaukset"
    for row in [HEAD, *rows]:
        ws.append(row)
    for ref, (value, fmt) in (cells or {}).items():
        ws[ref] = value
        ws[ref].number_format = fmt
    return book


def test_plain_form_has_met_findings(plain):
    assert any(s == "met" for *_, s, _ in plain) and any(n for *_, n in plain)


def test_json_with_surrogate_pair_escapes(tmp_path, plain):
    records = [dict(zip(HEAD, r)) for r in ROWS]
    for r in records:
        r.update(notes="Hyvä 🎉 päätös 👩‍⚕️")
        for k in [k for k, v in r.items() if v is None]:
            del r[k]
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(records), "utf-8")  # ensure_ascii: the emoji as \\ud83c\\udf89
    assert "\\ud83c\\udf89" in path.read_text("utf-8")
    assert findings(path) == plain


def test_names_in_unicode_nfd(tmp_path, plain):
    import unicodedata

    path = tmp_path / "nfd.csv"
    text = ";".join(HEAD) + "\n" + "\n".join(";".join(c or "" for c in r) for r in ROWS) + "\n"
    path.write_text(unicodedata.normalize("NFD", text), "utf-8")
    assert "a\u0308" in path.read_text("utf-8")
    assert findings(path) == plain


def test_excel_sep_line(tmp_path, plain):
    path = tmp_path / "sep.csv"
    path.write_text("sep=;\r\n" + ";".join(HEAD) + "\r\n" + "\r\n".join(";".join(c or "" for c in r) for r in ROWS)
                    + "\r\n", "utf-8")
    assert findings(path) == plain


def test_datetime_cells_with_a_time(tmp_path, plain):
    rows = [[*r[:2], dt.datetime.fromisoformat(r[2] + "T14:35:00"), *r[3:]] for r in ROWS]
    book_with(rows).save(tmp_path / "times.xlsx")
    assert findings(tmp_path / "times.xlsx") == plain


def test_stale_sheet_dimension_loses_nothing(tmp_path, plain):
    import zipfile

    book_with(ROWS).save(tmp_path / "src.xlsx")
    with zipfile.ZipFile(tmp_path / "src.xlsx") as src, zipfile.ZipFile(tmp_path / "stale.xlsx", "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:G4"', b'<dimension ref="A1:B2"')
                assert b'ref="A1:B2"' in data
            dst.writestr(item, data)
    assert findings(tmp_path / "stale.xlsx") == plain


def test_number_cells_shown_with_leading_zeros(tmp_path, plain):
    rows = [list(r) for r in ROWS]
    book = book_with(rows, {"A2": (20, "000"), "A3": (20, "000")})  # Akaa is 020
    book.save(tmp_path / "codes.xlsx")
    assert findings(tmp_path / "codes.xlsx") == plain


def test_the_first_visible_sheet_is_read(tmp_path, plain):
    book = book_with(ROWS)
    hidden = book.create_sheet("apu", 0)
    hidden.append(["org", "kind", "date"])
    hidden.append(["Akaa", "strategy_approval", "nope"])
    hidden.sheet_state = "hidden"
    book.active = 1
    book.save(tmp_path / "hidden_first.xlsx")
    assert load_workbook(tmp_path / "hidden_first.xlsx").sheetnames[0] == "apu"
    assert findings(tmp_path / "hidden_first.xlsx") == plain


def test_yaml_codes_and_references_are_text(tmp_path, plain):
    path = tmp_path / "codes.yaml"
    path.write_text(PLAIN.replace("org: Akaa", "org: 020").replace("'KV 2.5.2023 § 12'", "12:30"), "utf-8")
    assert findings(path) == plain
    from velvoite.records import load_records
    from velvoite.registry import load_registry

    first = load_records([path], load_registry(None))[0]
    assert (first.org, first.reference) == ("kunta-020", "12:30")


def test_same_file_name_in_two_folders(tmp_path, plain):
    lines = PLAIN.splitlines(keepends=True)
    for folder, part in (("2023", lines[0] + lines[2]), ("2024", lines[1])):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "kirjaukset.yaml").write_text(part, "utf-8")
    assert findings(tmp_path) == plain


def test_str_tag_is_allowed(tmp_path, plain):
    path = tmp_path / "tagged.yaml"
    path.write_text(PLAIN.replace("org: Akaa", "org: !!str 020"), "utf-8")
    assert findings(path) == plain


def test_folders_name_what_they_do_not_read(tmp_path):
    (tmp_path / "ok.yaml").write_text(PLAIN, "utf-8")
    for name in ("vanha.xls", "taulukko.xlsm", "muistio.pdf"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "~$ok.xlsx").write_bytes(b"lock")
    (tmp_path / ".DS_Store").write_bytes(b"x")
    refused = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert refused.exit_code == 2
    lines = refused.output.splitlines()
    assert "passed over 2 hidden or lock files" in lines[0]  # how the folder was read, said with its errors
    lines = lines[1:]
    assert len(lines) == 3 and all("--skip-unknown" in ln for ln in lines)
    assert any("vanha.xls: not read: an Excel 97-2003 workbook" in ln for ln in lines)
    assert any("taulukko.xlsm: not read: a macro-enabled workbook" in ln for ln in lines)
    skipped = CliRunner().invoke(main, ["validate", "--skip-unknown", str(tmp_path)])
    assert skipped.exit_code == 0
    assert skipped.output.count("skipped (--skip-unknown)") == 3
    assert "passed over 2 hidden or lock files" in skipped.output and "3 records OK" in skipped.output


def test_future_dates_need_allow_future(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("- {org: Akaa, kind: strategy_approval, date: 2031-01-01}\n", "utf-8")
    assert CliRunner().invoke(main, ["validate", str(path)]).exit_code == 2
    assert CliRunner().invoke(main, ["validate", "--allow-future", str(path)]).exit_code == 0


def test_template_rows_left_as_generated_are_skipped(tmp_path):
    path = tmp_path / "keruu.csv"
    path.write_text("org;kind;date;body;participants;(määräaika)\n"
                    "kunta-020;strategy_approval;;;;31.5.2026\n"
                    "kunta-020;hyte_negotiation;;;hva-06;31.12.2025\n"
                    "kunta-020;annual_welfare_report;10.6.2024;valtuusto;;31.12.2024\n", "utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0 and "2 template rows without a date skipped" in result.output


def test_opendocument_spreadsheet_as_libreoffice_saves_it(tmp_path, plain):
    """LibreOffice's own format: repeated empty rows and columns to the sheet's end, a hidden
    first table, a code shown with its zeros, a date cell with a time."""
    from odsfile import ods, table

    rows = [list(r) for r in ROWS]
    rows[0][0] = (20, "020")
    rows[1][2] = dt.datetime.fromisoformat(rows[1][2] + "T09:15:00")
    path = tmp_path / "keruu.ods"
    path.write_bytes(ods(table("apu", [["org", "kind", "date"], ["Akaa", "strategy_approval", "nope"]], hidden=True),
                         table("Kirjaukset", [HEAD, *rows]), table("Tyhjä", [])))
    assert findings(path) == plain
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.output.splitlines() == [f"{path}: only sheet 'Kirjaukset' is read; not hidden sheet 'apu'",
                                          "3 records OK"]


def test_rows_numbered_as_a_spreadsheet_shows_them(tmp_path):
    """A message and a derived id name the row the user sees: Excel's sep= line is a row, a blank
    line is a row, a cell spanning two lines is one row; a row that cannot be parsed is named too."""
    path = tmp_path / "rows.csv"
    path.write_text('sep=;\norg;kind;date;notes\nAkaa;strategy_approval;1.1.2024;"two\nlines"\n\n'
                    'Akaa;annual_welfare_report;2.2.2024;\n', "utf-8")
    result = CliRunner().invoke(main, ["audit", str(path), "--org", "Akaa", "--as-of", AS_OF, "--format", "json"])
    assert result.exit_code == 0, result.output
    evidence = {e for f in json.loads(result.stdout)["findings"]
                for e in f["evidence"]}
    assert evidence == {"rows.csv#3", "rows.csv#5"}
    path.write_text(path.read_text("utf-8") + 'Akaa;annual_welfare_report;3.3.2024;"never closed\n', "utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"velvoite: {path}:6: CSV parsing stopped here"), result.output


def test_a_byte_order_mark_at_the_start_of_every_document(tmp_path, plain):
    """Files joined by `cat`, each saved with a BOM: YAML allows one at the start of any document."""
    lines = PLAIN.splitlines(keepends=True)
    path = tmp_path / "joined.yaml"
    path.write_text("\ufeff" + lines[0] + "---\n\ufeff" + lines[1] + "--- # the third file\r\n\ufeff" + lines[2],
                    "utf-8")
    assert findings(path) == plain
