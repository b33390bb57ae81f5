"""Hostile workbooks at the columnar door (velvoite.columnar.sheets, issue 31): a sheet whose XML
calamine would read otherwise than the scan sees it goes the usual way whole, so that nothing is
read differently, dropped in silence or allowed to allocate a grid up to a far corner. The
workbooks are written by hand (the XML as an attacker spells it, not as Excel does); a test that
would run calamine on a grid bomb asks only the scan (``_plain_workbook``), so a regression fails
instead of aborting the test run."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from velvoite.columnar import sheets
from velvoite.columnar.sheet_xml import unlike

pytest.importorskip("polars")
pytest.importorskip("fastexcel")

from test_columnar_sheets import _by_columns, _load  # noqa: E402 (both paths' load, the thresholds at 0)
from test_columnar_sheets import _small_sheets_too  # noqa: E402,F401 (the fixture: small sheets as columns)

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEADER = ["id", "org", "kind", "date", "notes"]
ROWS = [[f"a{i}", "kunta-205", "annual_welfare_report", f"2024-05-{i:02d}", "muistio"] for i in range(1, 9)]


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


STYLES = ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font>'
          '<sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/>'
          '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
          '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" '
          'fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>')
RELATION = '<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" ' \
    'Target="{target}"/>'


def _workbook(path: Path, cell: str = "", after: str = "", head: str = '<?xml version="1.0" encoding="UTF-8"?>',
              relations: str = "", parts: dict | None = None) -> Path:
    """A one-sheet workbook of plain rows (inline strings); ``cell`` (``REF`` for its place) is
    row 3's notes, ``after`` is written after the last row; ``relations`` of the workbook and
    ``parts`` added."""
    lines = []
    for n, values in enumerate([HEADER, *ROWS], start=1):
        cells = [_inline(f"{'ABCDE'[i]}{n}", v) for i, v in enumerate(values)]
        if n == 3 and cell:
            cells[4] = cell.replace("REF", "E3")
        lines.append(f'<row r="{n}">{"".join(cells)}</row>')
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><sheets><sheet name="Kirjaukset" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships">' + RELATION.format(id="rId1", kind="worksheet", target="worksheets/sheet1.xml")
        + RELATION.format(id="rId9", kind="styles", target="styles.xml") + relations + '</Relationships>',
        "xl/styles.xml": STYLES,
        "xl/worksheets/sheet1.xml": f'{head}<worksheet {NS}><sheetData>{"".join(lines)}{after}</sheetData></worksheet>',
        **(parts or {}),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8", "surrogateescape"))
    return path


def test_the_plain_workbook_is_read_by_columns(tmp_path, monkeypatch):
    """(So that the refusals below are the attacks', not the writer's.)"""
    path = _workbook(tmp_path / "plain.xlsx", _inline("REF", "kokous&amp;muistio"))
    assert sheets._plain_workbook(path, str(path)) is not None
    assert _by_columns(path) is not None
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


FAR = '<c{ws}r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
GRID_BOMBS = {  # a far cell the scan did not see: calamine allocated 512 GB and aborted the process
    "tab after row and cell": f'<row\tr="1048576">{FAR.format(ws=chr(9))}</row>',
    "new line after cell": f'<row r="10">{FAR.format(ws=chr(10)).replace("1048576", "10")}</row>',
    "prefixed row and cell": '<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'r="1048576"><x:c r="XFD1048576" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>',
    "single quotes": "<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c></row>",
    "cell number given twice": '<row r="10"><c r="A10" r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    "spaces around =": '<row r = "1048576"><c r = "XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
}


@pytest.mark.parametrize("after", GRID_BOMBS.values(), ids=GRID_BOMBS)
def test_a_far_cell_spelt_otherwise_sends_the_sheet_the_usual_way(after, tmp_path):
    path = _workbook(tmp_path / "far.xlsx", after=after)
    assert sheets._plain_workbook(path, str(path)) is None  # calamine is never asked


MISREAD = {  # calamine read these otherwise than openpyxl: a value dropped or changed in silence
    "error cell in single quotes": "<c r=\"REF\" t='e'><v>#N/A</v></c>",
    "error cell with a tab": '<c r="REF"\tt="e"><v>#N/A</v></c>',
    "escape behind a character reference": _inline("REF", "a&#95;x0041_b"),
    "control character by reference": _inline("REF", "a&#7;b"),
    "control character": _inline("REF", "a\x07b"),
    "not UTF-8": _inline("REF", "caf\udce9"),  # a lone Latin-1 byte
}


@pytest.mark.parametrize("cell", MISREAD.values(), ids=MISREAD)
def test_a_cell_calamine_reads_otherwise_sends_the_sheet_the_usual_way(cell, tmp_path, monkeypatch):
    path = _workbook(tmp_path / "cell.xlsx", cell)
    assert _by_columns(path) is None
    usual = _load(path, monkeypatch, False)
    assert _load(path, monkeypatch, True) == usual
    if "&#95;" in cell:  # openpyxl keeps the escape as written; calamine read 'aAb'
        assert "a_x0041_b" in str(usual[1])
    else:  # refused, as today (calamine read the row: an empty value, or a message of another kind)
        assert usual[0] != "ok" and str(path) in str(usual)


def test_a_sheet_declared_in_another_encoding_goes_the_usual_way(tmp_path, monkeypatch):
    path = _workbook(tmp_path / "latin.xlsx", _inline("REF", "caf\udce9"),
                     head='<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert _by_columns(path) is None
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


@pytest.mark.parametrize("piece, cells", [
    (b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>', True),
    (b'<row r="2" spans="1:5"><c r="B2" s="1"><v>45000</v></c><c r="C2"/></row>', True),
    (b'<si><t xml:space="preserve"> kokous </t></si><si><r><t>a</t></r><r><t>b</t></r></si>', False),
])
def test_what_excel_and_openpyxl_write_is_not_refused(piece, cells):
    assert not unlike(piece, cells)


def test_a_sheet_whose_relation_id_is_given_twice_goes_the_usual_way(tmp_path, monkeypatch):
    """openpyxl and calamine read the last target of rId1 (a sheet with an error cell), the scan
    looked at the first: the error was read as an empty value ('required field is missing')."""
    plain = _workbook(tmp_path / "plain.xlsx", "<c r=\"REF\" t=\"e\"><v>#N/A</v></c>")
    with zipfile.ZipFile(plain) as archive:
        other = archive.read("xl/worksheets/sheet1.xml").decode()
    path = _workbook(tmp_path / "twice.xlsx", relations=RELATION.format(
        id="rId1", kind="worksheet", target="worksheets/sheet2.xml"), parts={"xl/worksheets/sheet2.xml": other})
    assert _by_columns(path) is None
    usual = _load(path, monkeypatch, False)
    assert "#N/A" in str(usual) and _load(path, monkeypatch, True) == usual


def test_a_damaged_sheet_part_gives_the_usual_one_line_error(tmp_path, monkeypatch):
    """A part whose compressed bytes are damaged made the scan raise zlib.error: a traceback."""
    path = _workbook(tmp_path / "damaged.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + 40
    data[start:start + 40] = bytes(b ^ 0x5A for b in data[start:start + 40])
    path.write_bytes(bytes(data))
    usual = _load(path, monkeypatch, False)
    assert usual[0] == "InputError" and str(path) in usual[1]
    assert _load(path, monkeypatch, True) == usual


def test_a_text_longer_than_a_cell_ends_the_scan_at_once():
    """9 MB without a '>': the scan kept it as the tail of every piece (copied again each 4 MB read,
    300 MB of shared strings compressed to 349 kB took 54 s where the usual path took 8 s)."""
    part = io.BytesIO(b"<sst><si><t>" + b"a" * (9 << 20) + b"</t></si></sst>")
    assert sheets._scan(part, sheets._STRINGS_REFUSED, False) is None


@pytest.mark.parametrize("dates", ["typed", "typed and text"])
def test_a_date_past_9999_goes_the_usual_way(dates, tmp_path, monkeypatch):
    """openpyxl reads no date there ('#VALUE!'); calamine read +10000-01-01, another message."""
    day = (lambda n: f'<c r="D{n}" s="1"><v>{45400 + n}</v></c>') if dates == "typed" else \
        (lambda n: _inline(f"D{n}", f"2024-05-{n:02d}"))
    rows = "".join(f'<row r="{n}">' + "".join(_inline(f"{c}{n}", v) for c, v in zip("ABC", [f"a{n}", *ROWS[0][1:3]]))
                   + (day(n) if n < 10 else '<c r="D10" s="1"><v>2958466</v></c>') + "</row>" for n in range(2, 11))
    path = _workbook(tmp_path / "far_date.xlsx", parts={"xl/worksheets/sheet1.xml": f'<worksheet {NS}><sheetData>'
                     + '<row r="1">' + "".join(_inline(f"{c}1", v) for c, v in zip("ABCD", HEADER)) + "</row>"
                     + rows + "</sheetData></worksheet>"})
    assert _by_columns(path) is None
    usual = _load(path, monkeypatch, False)
    assert "#VALUE!" in str(usual) and _load(path, monkeypatch, True) == usual


@pytest.mark.parametrize("damage", ["<broken></office:spreadsheet>", "&bogus;</office:spreadsheet>"])
def test_an_ods_sheet_damaged_after_a_wrong_row_says_both_as_today(damage, tmp_path, monkeypatch):
    """The rows were gathered before any was checked, and only an InputError while reading was
    raised after them: damaged XML (a ParseError) dropped the wrong row's message."""
    from odsfile import HEAD, TAIL, ods, table

    rows = [HEADER, *ROWS]
    rows[2] = [*ROWS[1][:3], "32.13.2024", "muistio"]
    content = (HEAD + table("Kirjaukset", rows) + TAIL).replace("</office:spreadsheet>", damage)
    path = tmp_path / "damaged.ods"
    path.write_bytes(ods(content=content))
    usual = _load(path, monkeypatch, False)
    assert "32.13.2024" in str(usual) and "ParseError" in str(usual)
    assert _load(path, monkeypatch, True) == usual


STRINGS = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
           '<si><t>eka</t></si><si><t>toka</t></si></sst>')
STRINGS_TYPE = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.sharedStrings+xml"/>')


def _with_strings(path: Path, cell: str, declared: bool = True) -> Path:
    """A workbook whose row 3's notes is ``cell``, a shared string of STRINGS (declared as such
    in [Content_Types].xml when ``declared``)."""
    _workbook(path, cell, relations=RELATION.format(id="rId8", kind="sharedStrings", target="sharedStrings.xml"),
              parts={"xl/sharedStrings.xml": STRINGS})
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    if declared:
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", STRINGS_TYPE.encode() + b"</Types>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_a_declared_shared_string_is_read_by_columns(tmp_path, monkeypatch):
    path = _with_strings(tmp_path / "strings.xlsx", '<c r="REF" t="s"><v>1</v></c>')
    assert _by_columns(path) is not None
    loaded = _load(path, monkeypatch, False)
    assert loaded[0] == "ok" and loaded[1][1][0].notes == "toka"
    assert _load(path, monkeypatch, True) == loaded


@pytest.mark.parametrize("index", ["-1", " 1", "+1", "1.0", "1e0"])
def test_a_shared_string_index_not_in_digits_goes_the_usual_way(index, tmp_path, monkeypatch):
    """calamine read 'eka' (the first string) for each; openpyxl 'toka', the last, or refuses."""
    path = _with_strings(tmp_path / "index.xlsx", f'<c r="REF" t="s"><v>{index}</v></c>')
    assert _by_columns(path) is None
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


def test_shared_strings_not_declared_as_such_go_the_usual_way(tmp_path, monkeypatch):
    """openpyxl finds them by their content type (here none: 'cannot be read: IndexError'), calamine
    read them by their name."""
    path = _with_strings(tmp_path / "undeclared.xlsx", '<c r="REF" t="s"><v>1</v></c>', declared=False)
    assert _by_columns(path) is None
    usual = _load(path, monkeypatch, False)
    assert usual[0] == "InputError" and _load(path, monkeypatch, True) == usual


@pytest.mark.parametrize("piece", [
    b'<row r="9"><c r="A9" r="XFD1048576"><v>1</v></c></row>',
    b'<row r="9"><c r="A9" r ="XFD1048576"><v>1</v></c></row>',
    b"<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>",
    b'<row r="9"><c r="A9" t= "e"><v>#N/A</v></c></row>',
    b'<row r="9"><c r="A9" t="s"><v>-1</v></c></row>',
])
@pytest.mark.parametrize("spacing", [b"", b"\n"], ids=["counted", "as regular expressions"])
def test_both_ways_of_looking_refuse_alike(piece, spacing):
    """A piece without a tab or line break is looked at by counting (``_spaced``), one with them by
    regular expressions: both refuse each spelling."""
    assert unlike(spacing + b'<row r="8"><c r="A8" t="s"><v>0</v></c></row>' + spacing + piece, True)


def test_styles_openpyxl_refuses_send_the_workbook_the_usual_way(tmp_path, monkeypatch):
    """A fill without its pattern: openpyxl refuses the workbook (TypeError), calamine read it."""
    styles = STYLES.replace('<fill><patternFill patternType="none"/></fill>', "<fill/>")
    path = _workbook(tmp_path / "styles.xlsx", parts={"xl/styles.xml": styles})
    assert _by_columns(path) is None
    usual = _load(path, monkeypatch, False)
    assert usual[0] == "InputError" and _load(path, monkeypatch, True) == usual
