"""Writes the second part of the malformed-input corpus (issue "Nothing lost"): every class of
input that was misread, lost or crashed, in every format it can arrive in, with the message each
must give. The files go to tests/data/invalid/, the expectations to generated.yaml beside them.

    python tests/data/make_invalid_more.py
"""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from pathlib import Path

import sys

import yaml
from make_invalid import HERE, xlsx

sys.path.insert(0, str(Path(__file__).parents[1]))
from odsfile import HEAD as ODS_HEAD, TAIL as ODS_TAIL, Raw, ods, table  # noqa: E402

SHEET = "sheet 'Kirjaukset', column {col} '{field}'"
BASE = {"org": "Jyväskylä", "kind": "strategy_approval", "date": "2024-01-01"}
NEG = {"org": "hva-10", "kind": "hyte_negotiation", "date": "2025-03-01"}

# name: (record, field, expected text). The record's keys are written in order; the field named
# is where the message must point.
CLASSES: dict[str, tuple[dict, str, str]] = {
    "youth_council": ({**BASE, "body": "nuorisovaltuusto"}, "body", "is not the council"),
    "advisory_council": ({**BASE, "body": "vanhusneuvosto"}, "body", "unknown body"),
    "participant_merged_away": ({**NEG, "participants": "Pertunmaa"}, "participants", "ceased on 2024-12-31"),
    "participant_not_yet": ({**NEG, "date": "2022-06-01", "org": "hva-15", "participants": "HUS"},
                            "participants", "before HUS-yhtymä (hus) existed"),
    "delivered_to_merged_away": ({"org": "Mäntyharju", "kind": "welfare_report_and_plan", "date": "2025-09-01",
                                  "delivered_to": "Pertunmaa"}, "delivered_to", "ceased on 2024-12-31"),
    "date_2205": ({**BASE, "date": "2205-01-01"}, "date", "more than a year after today"),
    "date_1999": ({**BASE, "date": "1999-12-31"}, "date", "before 2000"),
    "valid_until_2205": ({"org": "Jyväskylä", "kind": "responsible_party_designation", "date": "2024-01-01",
                          "valid_until": "2205-05-31"}, "valid_until", "after 2099-12-31"),
    "code_without_zeros": ({**BASE, "org": "5"}, "org", "did you mean '005', Alajärvi?"),
    "participant_code_without_zeros": ({**NEG, "participants": "91"}, "participants", "did you mean '091', Helsinki?"),
    "escape_character": ({**BASE, "reference": "\x1b[31mvaltuusto"}, "reference", "control character U+001B"),
    "next_line_character": ({**BASE, "notes": "a\x85b"}, "notes", "control character U+0085"),
    "c1_csi": ({**BASE, "notes": "\x9b2J"}, "notes", "control character U+009B"),
    "delete_character": ({**BASE, "notes": "x\x7f"}, "notes", "control character U+007F"),
    "bell_character": ({**BASE, "notes": "ding\x07"}, "notes", "control character U+0007"),
    "text_too_long": ({**BASE, "notes": "k" * 40_000}, "notes", "longer than 32,767 characters"),
    "field_of_another_kind": ({**BASE, "participants": "Jämsä"}, "participants", "does not carry participants"),
    "unknown_org_nfd": ({**BASE, "org": "Jyva\u0308skyla\u0308a\u0308"}, "org", "did you mean 'Jyväskylä'?"),
}


def yaml_text(rec: dict) -> tuple[str, dict]:
    """One record, one key per line (block style), and the line of each key."""
    lines, where = [], {}
    for i, (k, v) in enumerate(rec.items()):
        where[k] = i + 1
        lines.append(("- " if i == 0 else "  ") + f"{k}: {json.dumps(v, ensure_ascii=not v.isprintable())}")
    return "\n".join(lines) + "\n", where


def json_text(rec: dict) -> tuple[str, dict]:
    """``[`` then ``{`` then one key per line: key i is on line i + 3."""
    body = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v)}" for k, v in rec.items())
    return "[\n {\n" + body + "\n }\n]\n", {k: i + 3 for i, k in enumerate(rec)}


def csv_text(rec: dict) -> str:
    def cell(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if any(c in v for c in ';"\n\r') else v
    return ";".join(rec) + "\n" + ";".join(cell(v) for v in rec.values()) + "\n"


def patch(book: bytes, part: str, change) -> bytes:
    """A workbook with one part rewritten by ``change(bytes) -> bytes`` (or added when absent)."""
    src = zipfile.ZipFile(io.BytesIO(book))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in names + ([part] if part not in names else []):
            data = src.read(name) if name in names else b""
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            dst.writestr(info, change(data) if name == part else data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def lie_about_size(book: bytes, part: str, size: int) -> bytes:
    """The central directory claims ``part`` decompresses to ``size`` bytes (a zip bomb's header)."""
    data = bytearray(book)
    name = part.encode()
    at = data.rfind(b"PK\x01\x02" + b"", 0)
    while at != -1:
        name_len = int.from_bytes(data[at + 28:at + 30], "little")
        if bytes(data[at + 46:at + 46 + name_len]) == name:
            data[at + 24:at + 28] = size.to_bytes(4, "little")
            return bytes(data)
        at = data.rfind(b"PK\x01\x02", 0, at)
    raise ValueError(part)


def set_cell(book: bytes, ref: str, xml: bytes, after_rows: bytes = b"") -> bytes:
    """A workbook whose cell ``ref`` of its first sheet is ``xml`` (and ``after_rows`` after the
    sheet's rows, e.g. its merged cells)."""
    def change(sheet: bytes) -> bytes:
        start = sheet.index(f'<c r="{ref}"'.encode())
        end = sheet.index(b"</c>", start) + 4
        return (sheet[:start] + xml + sheet[end:]).replace(b"</sheetData>", b"</sheetData>" + after_rows)
    return patch(book, "xl/worksheets/sheet1.xml", change)


def twice(book: bytes, part: str, name: str | None = None) -> bytes:
    """A zip with ``part`` in it a second time (as ``name``), the copy holding another value."""
    src = zipfile.ZipFile(io.BytesIO(book))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        copy = src.read(part).replace("Jyväskylä".encode(), "Jämsä".encode())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of the duplicate name: that is the point
            dst.writestr(zipfile.ZipInfo(name or part, date_time=(2026, 1, 1, 0, 0, 0)), copy, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def hidden_cells(add, ok: bytes, oks: list[list]) -> None:
    """Issue 27: what a sheet does not show is not read, and is never dropped in silence: an
    error value, a formula saved without its result, a value under merged cells; and a part of
    the zip given twice (a reader takes one copy, an office program maybe the other)."""
    head = ["org", "kind", "date", "body"]
    row = ["Jyväskylä", "strategy_approval", "1.1.2024", "valtuusto"]
    book = xlsx([head, row])
    add("xlsx_formula_without_result.xlsx", xlsx([head, [*row[:2], "=DATE(2024,1,1)", row[3]]]),
        2, SHEET.format(col="C", field="date"), "a formula saved without its result ('=DATE(2024,1,1)')")
    add("xlsx_formula_without_value_element.xlsx", set_cell(book, "C2", b'<c r="C2"><f>DATE(2024,1,1)</f></c>'),
        2, SHEET.format(col="C", field="date"), "a formula saved without its result ('=DATE(2024,1,1)')")
    add("xlsx_error_div0.xlsx", set_cell(book, "C2", b'<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'),
        2, SHEET.format(col="C", field="date"), "the error '#DIV/0!' is not a value")
    add("xlsx_error_ref.xlsx", set_cell(book, "A2", b'<c r="A2" t="e"><f>#REF!</f><v>#REF!</v></c>'),
        2, SHEET.format(col="A", field="org"), "the error '#REF!' is not a value")
    add("xlsx_error_na.xlsx", set_cell(book, "D2", b'<c r="D2" t="e"><v>#N/A</v></c>'),
        2, SHEET.format(col="D", field="body"), "the error '#N/A' is not a value")
    add("xlsx_error_in_header.xlsx", set_cell(book, "C1", b'<c r="C1" t="e"><f>#REF!</f><v>#REF!</v></c>'),
        1, "sheet 'Kirjaukset', column C", "the error '#REF!' is not a value")
    add("xlsx_value_under_merge.xlsx", set_cell(book, "C2", b'<c r="C2" t="inlineStr"><is><t>1.1.2024</t></is></c>',
                                                b'<mergeCells count="1"><mergeCell ref="C2:D2"/></mergeCells>'),
        2, SHEET.format(col="D", field="body"), "a value hidden under merged cells")
    two = xlsx([head, row, ["Jyväskylä", "strategy_approval", "2.1.2024"]])
    add("xlsx_value_under_vertical_merge.xlsx", set_cell(
        two, "A3", b'<c r="A3" t="inlineStr"><is><t>J\xc3\xa4ms\xc3\xa4</t></is></c>',
        b'<mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>'),
        3, SHEET.format(col="A", field="org"), "a value hidden under merged cells")
    part = "the part {!r} is in the file twice"
    add("xlsx_duplicate_sheet_part.xlsx", twice(ok, "xl/worksheets/sheet1.xml"), None, None,
        part.format("xl/worksheets/sheet1.xml"))
    add("xlsx_duplicate_part_other_case.xlsx", twice(ok, "xl/worksheets/sheet1.xml", "xl/worksheets/Sheet1.xml"),
        None, None, part.format("xl/worksheets/Sheet1.xml"))
    add("xlsx_duplicate_part_backslash.xlsx", twice(ok, "xl/worksheets/sheet1.xml", "xl\\worksheets\\sheet1.xml"),
        None, None, part.format("xl\\worksheets\\sheet1.xml"))
    add("ods_duplicate_content.ods", twice(ods(table("Kirjaukset", oks)), "content.xml"), None, None,
        part.format("content.xml"))
    calcext = 'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
    add("ods_formula_without_result.ods", ods(table("Kirjaukset", [head, [*row[:2], Raw(
        '<table:table-cell table:formula="of:=DATE(2024;1;1)"/>'), row[3]]])),
        2, SHEET.format(col="C", field="date"), "a formula saved without its result ('=DATE(2024;1;1)')")
    add("ods_formula_error.ods", ods(table("Kirjaukset", [head, [Raw(
        f'<table:table-cell {calcext} table:formula="of:=#REF!" office:value-type="string" office:string-value="" '
        'calcext:value-type="error"><text:p>#REF!</text:p></table:table-cell>'), *row[1:]]])),
        2, SHEET.format(col="A", field="org"), "the error '#REF!' is not a value")
    add("ods_formula_error_code.ods", ods(table("Kirjaukset", [head, [*row[:2], Raw(
        '<table:table-cell table:formula="of:=DATE(2024;1)" office:value-type="string" office:string-value="">'
        "<text:p>Err:511</text:p></table:table-cell>"), row[3]]])),
        2, SHEET.format(col="C", field="date"), "the error 'Err:511' is not a value")
    add("ods_covered_cell_with_text.ods", ods(table("Kirjaukset", [head, [*row[:2], Raw(
        '<table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>1.1.2024</text:p>'
        '</table:table-cell><table:covered-table-cell office:value-type="string"><text:p>valtuusto</text:p>'
        "</table:covered-table-cell>")]])),
        2, SHEET.format(col="D", field="body"), "a value hidden under merged cells")


def main() -> None:
    files: dict[str, bytes] = {}
    expect: dict[str, dict] = {}
    for name, (rec, field, text) in CLASSES.items():
        body, where = yaml_text(rec)
        files[f"{name}.yaml"] = body.encode()
        expect[f"{name}.yaml"] = {"line": where[field], "field": field, "text": text}
        body, where = json_text(rec)
        files[f"json_{name}.json"] = body.encode()
        expect[f"json_{name}.json"] = {"line": where[field], "field": field, "text": text}
        files[f"csv_{name}.csv"] = csv_text(rec).encode()
        expect[f"csv_{name}.csv"] = {"line": 2, "field": f"column {field!r}", "text": text}
        # XML cannot hold control characters, and openpyxl cuts text at Excel's 32 767
        if name != "text_too_long" and not any(ord(c) < 0x20 or 0x7f <= ord(c) < 0xa0 for v in rec.values() for c in v):
            files[f"xlsx_{name}.xlsx"] = xlsx([list(rec), list(rec.values())])
            col = "ABCDEFG"[list(rec).index(field)]
            expect[f"xlsx_{name}.xlsx"] = {"line": 2, "field": SHEET.format(col=col, field=field), "text": text}
            files[f"ods_{name}.ods"] = ods(table("Kirjaukset", [list(rec), list(rec.values())]))
            expect[f"ods_{name}.ods"] = {"line": 2, "field": SHEET.format(col=col, field=field), "text": text}

    def add(name: str, data: bytes | str, line, field, text) -> None:
        files[name] = data.encode() if isinstance(data, str) else data
        expect[name] = {"line": line, "field": field, "text": text}

    # YAML: explicit tags, depth, numbers that are text
    tagged = "- org: Jyväskylä\n  kind: strategy_approval\n  date: 2024-01-01\n  notes: {}\n"
    for tag, value in (("int", "!!int 179"), ("python_object", "!!python/object/apply:os.system ['true']"),
                       ("binary", "!!binary aGVsbG8="), ("custom", "!kunta 179"), ("timestamp", "!!timestamp 2024-01-01"),
                       ("set", "!!set {a, b}"), ("float", "!!float 1e5")):
        add(f"yaml_tag_{tag}.yaml", tagged.format(value), 4, None, "explicit YAML tag")
    add("yaml_nested_too_deep.yaml", "- org: Jyväskylä\n  kind: strategy_approval\n  date: 2024-01-01\n  notes: "
        + "[" * 40 + "]" * 40 + "\n", 4, None, "nested more than 32 levels")
    add("yaml_huge_integer.yaml", "- org: " + "7" * 5000 + "\n  kind: strategy_approval\n  date: 2024-01-01\n",
        1, "org", "unknown organisation '77777")
    add("yaml_participants_number.yaml", "- org: hva-10\n  kind: hyte_negotiation\n  date: 2025-03-01\n"
        "  participants: 5\n", 4, "participants", "did you mean '005', Alajärvi?")
    add("yaml_escape_in_key.yaml", '- org: Jyväskylä\n  kind: strategy_approval\n  date: 2024-01-01\n  "no\\ete": x\n',
        4, "no\\x1bte", "unknown field")  # the key shown escaped, on one line
    # JSON: numbers, escapes, surrogates
    add("json_huge_integer.json", '[{"org": ' + "9" * 5000 + ', "kind": "strategy_approval", "date": "2024-01-01"}]',
        1, "org", "unknown organisation '99999")
    add("json_huge_exponent.json", '[{"org": "Jyväskylä", "kind": "strategy_approval", "date": 1e999999}]',
        1, "date", "is not a date")
    add("json_nan.json", '[{"org": "Jyväskylä", "kind": "strategy_approval", "date": NaN}]', 1, "date", "is not a date")
    add("json_lone_surrogate.json", '[{"org": "Jyväskylä", "kind": "strategy_approval", "date": "2024-01-01", '
        '"notes": "\\ud83d"}]', 1, None, "half of a UTF-16 surrogate pair")
    raw = "- org: Jyväskylä\n  kind: strategy_approval\n  date: 2024-01-01\n  notes: a{}b\n"
    add("yaml_raw_next_line.yaml", raw.format("\x85"), 4, None, "U+0085 is a line break to YAML")
    add("yaml_raw_line_separator.yaml", raw.format("\u2028"), 4, None, "U+2028 is a line break to YAML")
    add("yaml_raw_paragraph_separator.yaml", raw.format("\u2029"), 4, None, "U+2029 is a line break to YAML")
    add("json_raw_next_line.json", '[{"org": "Jyväskylä", "kind": "strategy_approval", "date": "2024-01-01", '
        '"notes": "a\x85b"}]', 1, "notes", "control character U+0085")
    add("json_escaped_escape.json", '[{"org": "Jyväskylä", "kind": "strategy_approval", "date": "2024-01-01", '
        '"reference": "\\u001b]0;pwned\\u0007"}]', 1, "reference", "control character U+001B")
    add("json_participants_number.json", '[{"org": "hva-10", "kind": "hyte_negotiation", "date": "2025-03-01", '
        '"participants": 5}]', 1, "participants", "did you mean '005', Alajärvi?")
    add("json_nested_too_deep.json", '[{"org": "Jyväskylä", "kind": "strategy_approval", "date": "2024-01-01", '
        '"notes": ' + "[" * 40 + "]" * 40 + "}]", 1, None, "nested more than 32 levels")
    # CSV: columns, sep= line, template rows
    add("csv_too_many_columns.csv", ";".join(["org", "kind", "date"] + [f"({i})" for i in range(250)]) + "\n"
        "Jyväskylä;strategy_approval;1.1.2024\n", 1, "column 201", "more than 200 columns")
    add("csv_sep_line_unknown_column.csv", "sep=;\norg;kind;pvm\nJyväskylä;strategy_approval;1.1.2024\n",
        2, "column 'pvm'", "did you mean 'date'?")
    add("csv_sep_line_bad_date.csv", "sep=;\norg;kind;date\nJyväskylä;strategy_approval;1.1.2024\n"
        "Jyväskylä;strategy_approval;31.2.2024\n", 4, "column 'date'", "not a real date")
    add("csv_template_row_without_date.csv", "org;kind;date;body;reference;(määräaika)\n"
        "kunta-179;strategy_approval;;kaupunginvaltuusto;KV 12.6.2023 § 45;31.12.2025\n",
        2, "column 'date'", "has body, reference but no date")
    add("csv_field_limit.csv", "org;kind;date;notes\nJyväskylä;strategy_approval;1.1.2024;" + "n" * 200_000 + "\n",
        2, None, "field larger than field limit")
    # XLSX: numbers, sheets, containers, XML
    head = ["org", "kind", "date"]
    add("xlsx_number_code.xlsx", xlsx([head, [20, "strategy_approval", "1.1.2024"]]),
        2, SHEET.format(col="A", field="org"), "Excel drops leading zeros")
    add("xlsx_number_participant.xlsx", xlsx([head + ["participants"], ["hva-10", "hyte_negotiation", "1.3.2025", 91]]),
        2, SHEET.format(col="D", field="participants"), "Excel drops leading zeros")
    add("xlsx_far_corner.xlsx", patch(xlsx([head, ["Jyväskylä", "strategy_approval", "1.1.2024"]]),
        "xl/worksheets/sheet1.xml", lambda x: x.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" '
                                                        b't="inlineStr"><is><t>x</t></is></c></row></sheetData>')),
        1048576, "sheet 'Kirjaukset', column XFD", "the limit is 200 columns")
    ok = xlsx([head, ["Jyväskylä", "strategy_approval", "1.1.2024"]])
    add("xlsx_no_sheets.xlsx", patch(ok, "xl/workbook.xml", lambda x: x.split(b"<sheets>")[0] + b"<sheets/>"
                                     + x.split(b"</sheets>")[1]), None, None, "no sheets")
    add("xlsx_all_sheets_hidden.xlsx", patch(ok, "xl/workbook.xml", lambda x: x.replace(
        b'state="visible"', b'state="hidden"')), None, None, "no visible sheet")
    entity = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    add("xlsx_entities_in_workbook.xlsx", patch(ok, "xl/workbook.xml", lambda x: entity + x.split(b"?>", 1)[-1]),
        None, None, "declares entities")
    add("xlsx_entities_in_sheet.xlsx", patch(ok, "xl/worksheets/sheet1.xml", lambda x: entity + x.split(b"?>", 1)[-1]),
        None, None, "declares entities")
    add("xlsx_macros.xlsx", patch(ok, "xl/vbaProject.bin", lambda x: b"\x00" * 64), None, None, "with macros")
    add("xlsx_encrypted.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), None, None, "encrypted")
    add("xlsx_zip_bomb.xlsx", lie_about_size(ok, "xl/worksheets/sheet1.xml", 0xFFFFFFF0), None, None, "a zip bomb")
    add("xlsx_not_a_workbook_inside.xlsx", patch(ok, "xl/workbook.xml", lambda x: b"<not-a-workbook/>"),
        None, None, "the workbook has no sheets")
    # OpenDocument: numbers, sheets, containers, XML
    oks = [["org", "kind", "date"], ["Jyväskylä", "strategy_approval", "1.1.2024"]]
    add("ods_number_code.ods", ods(table("Kirjaukset", [oks[0], [(20, "20"), "strategy_approval", "1.1.2024"]])),
        2, SHEET.format(col="A", field="org"), "Excel drops leading zeros")
    add("ods_unknown_column.ods", ods(table("Kirjaukset", [["org", "kind", "pvm"], oks[1]])),
        1, SHEET.format(col="C", field="pvm"), "did you mean 'date'?")
    add("ods_all_sheets_hidden.ods", ods(table("Kirjaukset", oks, hidden=True)), None, None, "no visible sheet")
    add("ods_far_corner.ods", ods(content=ODS_HEAD + table("Kirjaukset", oks).replace(
        "</table:table>", '<table:table-row><table:table-cell table:number-columns-repeated="16383"/>'
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
        "</table:table>") + ODS_TAIL), 1048003, "sheet 'Kirjaukset', column GS", "the limit is 200 columns")
    add("ods_repeated_rows_bomb.ods", ods(content=ODS_HEAD + table("Kirjaukset", oks).replace(
        "</table:table>", '<table:table-row table:number-rows-repeated="99999999"><table:table-cell '
        'office:value-type="string"><text:p>Jyväskylä</text:p></table:table-cell></table:table-row></table:table>')
        + ODS_TAIL), 1048003, None, "one row repeated 99,999,999 times")
    add("ods_entities.ods", ods(content='<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'
                                + ODS_HEAD.split("?>", 1)[1] + table("Kirjaukset", oks) + ODS_TAIL),
        None, None, "declares entities")
    add("ods_encrypted.ods", ods(table("Kirjaukset", oks), extra={"META-INF/manifest.xml": "<manifest:encryption-data/>"}),
        None, None, "password-protected")
    add("ods_macros.ods", ods(table("Kirjaukset", oks), extra={"Basic/Standard/Module1.xml": "<x/>"}),
        None, None, "with macros")
    add("ods_text_document.ods", ods(table("Kirjaukset", oks), extra={"mimetype": "application/vnd.oasis."
                                                                       "opendocument.text"}),
        None, None, "not an OpenDocument spreadsheet")
    add("ods_truncated.ods", ods(table("Kirjaukset", oks))[:300], None, None, "not a readable OpenDocument")
    add("ods_broken_xml.ods", ods(content=ODS_HEAD + "<table:table"), None, None, "not a readable OpenDocument")
    hidden_cells(add, ok, oks)
    # files that are not read, named explicitly
    add("legacy_workbook.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), None, None, "Excel 97-2003")
    add("macro_workbook.xlsm", ok, None, None, "macro-enabled")
    add("flat_opendocument.fods", b"<x/>", None, None, "flat OpenDocument")
    add("notes.txt", "muistiinpanoja\n", None, None, "not a record file")
    for name, data in files.items():
        (HERE / name).write_bytes(data)
    (HERE / "generated.yaml").write_text(
        "# Written by make_invalid_more.py: what each generated file's message must name.\n"
        + yaml.safe_dump(expect, allow_unicode=True, sort_keys=True, width=200), encoding="utf-8")


if __name__ == "__main__":
    main()
