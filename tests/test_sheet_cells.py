"""A sheet is read as the user sees it (issue 27, "Nothing lost, part two"): a cell's comment is
not its value, a formula is its saved result, merged cells are their first cell. What a sheet
holds but does not show as a value (an error, a formula never calculated, a value hidden under a
merge, a zip part given twice) is refused at its cell: those files are in tests/data/invalid/
(make_invalid_more.py). Here: what is valid reads exactly as its plain form."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from openpyxl.comments import Comment

from odsfile import Raw, ods, table
from velvoite.cli import main
from velvoite.errors import InputError
from velvoite.records.cells import Merges
from velvoite.records.ods import ods_records
from velvoite.records.xlsx import xlsx_records

HEAD = ["org", "kind", "date", "body", "notes"]
ROWS = [["Jyväskylä", "strategy_approval", "1.1.2024", "valtuusto", "x"],
        ["Akaa", "annual_welfare_report", "2.2.2024", "kaupunginvaltuusto", None]]
PLAIN = [{"org": "Jyväskylä", "kind": "strategy_approval", "date": "1.1.2024", "body": "valtuusto", "notes": "x"},
         {"org": "Akaa", "kind": "annual_welfare_report", "date": "2.2.2024", "body": "kaupunginvaltuusto"}]
COMMENT = ('<office:annotation xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:date>2026-12-07T00:00:00</dc:date>'
           "<text:p>tarkista päivä</text:p></office:annotation>")


def read(path) -> list[dict]:
    reader = ods_records if path.suffix == ".ods" else xlsx_records
    return [r.values for r in reader(path, str(path), [])]


def workbook(rows=ROWS) -> Workbook:
    book = Workbook()
    ws = book.active
    ws.title = "Kirjaukset"
    for row in [HEAD, *rows]:
        ws.append(row)
    return book


def sheet_xml(path, change) -> None:
    """Rewrite the first sheet of the workbook at ``path`` with ``change(xml) -> xml``."""
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, change(data) if info.filename == "xl/worksheets/sheet1.xml" else data)
    path.write_bytes(out.getvalue())


def test_a_comment_is_not_the_cells_value_ods(tmp_path):
    """LibreOffice writes a cell's comment inside the cell, before its text; read as part of the
    value, the date '1.1.2024' became 'tarkista päivä\\n1.1.2024'. A comment placed inside the
    paragraph, and a shape anchored to the cell, are not its text either."""
    rows = [[*ROWS[0][:2], Raw(f'<table:table-cell office:value-type="string">{COMMENT}<text:p>1.1.2024</text:p>'
                               "</table:table-cell>"),
             ROWS[0][3], Raw(f'<table:table-cell office:value-type="string"><text:p>x{COMMENT}</text:p>'
                             "</table:table-cell>")],
            [*ROWS[1][:3], Raw('<table:table-cell office:value-type="string"><draw:frame xmlns:draw="urn:oasis:'
                               'names:tc:opendocument:xmlns:drawing:1.0"><draw:text-box><text:p>kuva</text:p>'
                               "</draw:text-box></draw:frame><text:p>kaupunginvaltuusto</text:p></table:table-cell>")]]
    path = tmp_path / "kommentit.ods"
    path.write_bytes(ods(table("Kirjaukset", [HEAD, *rows])))
    assert read(path) == PLAIN


def test_excel_comments_are_parts_of_their_own_never_read(tmp_path):
    book = workbook()
    book.active["C2"].comment = Comment("tarkista päivä", "Liisa")
    book.active["E3"].comment = Comment("ei lisätietoja", "Liisa")
    path = tmp_path / "kommentit.xlsx"
    book.save(path)
    assert any("comments" in name for name in zipfile.ZipFile(path).namelist())
    assert read(path) == PLAIN


def test_formulas_with_their_results_and_merges_read_as_the_plain_sheet(tmp_path):
    """The plain case is unchanged: a formula's saved result is its value (an empty text result
    too), a merge is its first cell, empty cells under a merge are nothing."""
    plain = tmp_path / "plain.xlsx"
    workbook().save(plain)
    assert read(plain) == PLAIN
    path = tmp_path / "kaavat.xlsx"
    workbook([ROWS[0], [*ROWS[1][:4], "tyhjä"]]).save(path)
    sheet_xml(path, lambda x: x.replace(
        b'<c r="C2" t="inlineStr"><is><t>1.1.2024</t></is></c>',
        b'<c r="C2" t="str"><f>"1.1."&amp;"2024"</f><v>1.1.2024</v></c>').replace(
        b'<c r="E3" t="inlineStr"><is><t>tyhj\xc3\xa4</t></is></c>', b'<c r="E3" t="str"><f>""</f><v></v></c>').replace(
        b"</sheetData>", b'</sheetData><mergeCells count="2"><mergeCell ref="D3:E3"/><mergeCell ref="A1:A1"/>'
                         b"</mergeCells>"))
    assert b"<f>" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert read(path) == PLAIN
    rows = [[*ROWS[0][:2], Raw('<table:table-cell table:formula="of:=&quot;1.1.&quot;&amp;&quot;2024&quot;" '
                               'office:value-type="string" office:string-value="1.1.2024"><text:p>1.1.2024</text:p>'
                               "</table:table-cell>"), *ROWS[0][3:]],
            [*ROWS[1][:3], Raw('<table:table-cell table:number-columns-spanned="2" office:value-type="string">'
                               "<text:p>kaupunginvaltuusto</text:p></table:table-cell><table:covered-table-cell/>")]]
    path = tmp_path / "kaavat.ods"
    path.write_bytes(ods(table("Kirjaukset", [HEAD, *rows])))
    assert read(path) == PLAIN


def test_an_empty_text_result_is_empty_and_a_number_without_its_text_is_its_value(tmp_path):
    rows = [[*ROWS[0][:4], Raw('<table:table-cell table:formula="of:=&quot;&quot;" office:value-type="string" '
                               'office:string-value=""/>')],
            [*ROWS[1][:4], Raw('<table:table-cell office:value-type="float" office:value="7"/>')]]
    path = tmp_path / "arvot.ods"
    path.write_bytes(ods(table("Kirjaukset", [HEAD, *rows])))
    assert read(path) == [{k: v for k, v in PLAIN[0].items() if k != "notes"}, {**PLAIN[1], "notes": "7"}]


def test_what_a_note_column_or_another_sheet_holds_is_not_an_error(tmp_path):
    """A column in parentheses is for people, and only the first visible sheet is read: an error
    there is not in a record."""
    book = Workbook()
    ws = book.active
    ws.title = "Kirjaukset"
    for row in [[*HEAD[:4], "(määräaika)"], [*ROWS[0][:4], "=1/0"]]:
        ws.append(row)
    book.create_sheet("Laskelmat").append(["=1/0"])
    path = tmp_path / "huomio.xlsx"
    book.save(path)
    sheet_xml(path, lambda x: x.replace(b"<f>1/0</f><v></v>", b"<f>1/0</f><v>#DIV/0!</v>").replace(
        b'<c r="E2">', b'<c r="E2" t="e">'))
    assert read(path) == [{k: v for k, v in PLAIN[0].items() if k != "notes"}]


def test_merged_ranges_hide_all_but_their_first_cell():
    merges = Merges([(2, 3, 2, 4), (5, 1, 7, 1), (1, 10, 1 << 31, 11)])
    assert merges.covered(1)(11) and not merges.covered(1)(10)  # a whole-column merge from row 1
    covered = merges.covered(2)
    assert [c for c in range(1, 6) if covered(c)] == [4]
    assert merges.covered(3)(11) and not merges.covered(3)(4)
    assert not merges.covered(5)(1) and merges.covered(6)(1) and merges.covered(7)(1)
    assert merges.covered(2)(4)  # a row out of order is searched again
    assert Merges([]).covered(1) is None


def test_too_many_merged_ranges_are_refused(tmp_path, monkeypatch):
    from velvoite.records import cells

    monkeypatch.setattr(cells, "MAX_MERGES", 2)
    path = tmp_path / "yhdistetyt.xlsx"
    workbook().save(path)
    sheet_xml(path, lambda x: x.replace(b"</sheetData>", b'</sheetData><mergeCells count="3"><mergeCell ref="F1:G1"/>'
                                        b'<mergeCell ref="F2:G2"/><mergeCell ref="F3:G3"/></mergeCells>'))
    with pytest.raises(InputError, match="more than 2 merged cell ranges"):
        read(path)
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "yhdistetyt.xlsx")])
    assert result.exit_code == 2 and len(result.output.splitlines()) == 1, result.output


INVALID = Path(__file__).parent / "data" / "invalid"


@pytest.mark.parametrize("lang, name, words", [
    ("fi", "xlsx_error_div0.xlsx", ":2: taulukko 'Kirjaukset', sarake C 'date': virhe '#DIV/0!' ei ole arvo"),
    ("sv", "xlsx_error_div0.xlsx", ":2: bladet 'Kirjaukset', kolumn C 'date': felet '#DIV/0!' är inget värde"),
    ("fi", "ods_covered_cell_with_text.ods", ":2: taulukko 'Kirjaukset', sarake D 'body': yhdistettyjen solujen alle"),
    ("sv", "ods_formula_without_result.ods", ":2: bladet 'Kirjaukset', kolumn C 'date': en formel sparad utan sitt "
                                             "resultat ('=DATE(2024;1;1)')"),
    ("fi", "xlsx_duplicate_sheet_part.xlsx", ": osa 'xl/worksheets/sheet1.xml' on tiedostossa kahdesti"),
    ("sv", "ods_duplicate_content.ods", ": delen 'content.xml' finns två gånger i filen")])
def test_a_cell_that_shows_no_value_is_named_in_the_users_language(lang, name, words):
    result = CliRunner().invoke(main, ["audit", str(INVALID / name), "--as-of", "2026-01-01", "--lang", lang])
    assert result.exit_code == 2 and len(result.output.splitlines()) == 1, result.output
    assert f"{INVALID / name}{words}" in result.output


def test_a_value_merged_over_several_rows_is_read_in_its_first_row_and_noted(tmp_path):
    """The user sees 'valtuusto' in rows 2 and 3; the file holds it in row 2 only. Row 3 gets no
    body (a merge is its first cell), and a note says so rather than dropping it in silence."""
    rows = [ROWS[0], [*ROWS[1][:3], None, "y"]]
    xlsx = tmp_path / "pystyyn.xlsx"
    book = workbook(rows)
    book.active.merge_cells("D2:D3")
    book.save(xlsx)
    ods_rows = [ROWS[0][:3] + [Raw('<table:table-cell table:number-rows-spanned="2" office:value-type="string">'
                                   "<text:p>valtuusto</text:p></table:table-cell>"), "x"],
                [*ROWS[1][:3], Raw("<table:covered-table-cell/>"), "y"]]
    ods_file = tmp_path / "pystyyn.ods"
    ods_file.write_bytes(ods(table("Kirjaukset", [HEAD, *ods_rows])))
    for path in (xlsx, ods_file):
        notes: list[str] = []
        reader = ods_records if path.suffix == ".ods" else xlsx_records
        assert [r.values for r in reader(path, str(path), notes)] == [
            PLAIN[0], {k: v for k, v in {**PLAIN[1], "notes": "y"}.items() if k != "body"}]
        assert notes == [f"{path}: cells merged over several rows (D2:D3): a value is read in the first row of its "
                         "merge only, the rows below have none (unmerge the cells and write the value in each row)"]
    wide = tmp_path / "leveä.xlsx"
    book = workbook()
    book.active.merge_cells("E2:G2")  # a note's text shown wider: one row, nothing to say
    book.save(wide)
    notes = []
    assert [r.values for r in xlsx_records(wide, str(wide), notes)] == PLAIN and notes == []


def test_an_error_cell_without_a_value_is_empty(tmp_path):
    """``t="e"`` with no ``<v>`` shows nothing (openpyxl would make it the text 'None')."""
    path = tmp_path / "tyhjä.xlsx"
    workbook().save(path)
    sheet_xml(path, lambda x: x.replace(b'<c r="E2" t="inlineStr"><is><t>x</t></is></c>', b'<c r="E2" t="e"/>'))
    assert read(path) == [{k: v for k, v in PLAIN[0].items() if k != "notes"}, PLAIN[1]]
