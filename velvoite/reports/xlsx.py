"""Excel workbooks (openpyxl): the gap report, and helpers the data-collection template shares.

Every text cell is stored as text with Excel's quote prefix, so text from records that starts
with ``=``, ``+``, ``-`` or ``@`` (or looks like ``#REF!``) is shown, never evaluated. Workbooks are
byte-identical for the same inputs: the document dates are the as-of date and the zip entries
carry a fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from velvoite.escape.sheet import xml_text
from velvoite.messages import date_text, missing_list, period_text, status_text
from velvoite.reports.gap import Report
from velvoite.reports.options import ReportOptions
from velvoite.reports.report_text import column_heads
from velvoite.words.findings import STATUS
from velvoite.words.glossary import MACHINE, term
from velvoite.words.reports import REPORT

FILLS = {"met": "CDEBD3", "partial": "FBE7B5", "missing": "F8D0D0", "due": "D4E4FA", "upcoming": "EEEEEE",
         "waived": "E7DCF5", "no_data": "FFFFFF"}
BOLD = Font(bold=True)


def put(ws, row: int, col: int, value: object):
    """Write one cell; text is always text (never a formula, never an error code), and characters
    XML cannot hold are shown as escapes (``velvoite.escape.sheet``)."""
    cell = ws.cell(row=row, column=col, value=xml_text(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value[:1] in ("=", "+", "-", "@", "#"):
            cell.quotePrefix = True
    return cell


def put_row(ws, row: int, values: list, bold: bool = False) -> None:
    for col, value in enumerate(values, start=1):
        cell = put(ws, row, col, value)
        if bold:
            cell.font = BOLD


def widths(ws, sizes: list[int]) -> None:
    for i, size in enumerate(sizes, start=1):
        ws.column_dimensions[get_column_letter(i)].width = size


def new_workbook(day: dt.date) -> Workbook:
    book = Workbook()
    stamp = dt.datetime.combine(day, dt.time())
    book.properties.creator = "velvoite"
    book.properties.created = stamp
    book.properties.modified = stamp
    return book


def save(book: Workbook, day: dt.date) -> bytes:
    """The workbook as bytes with every zip entry dated ``day`` (deterministic output)."""
    raw = io.BytesIO()
    book.save(raw)
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the clock on save
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + f"{day.isoformat()}T00:00:00Z".encode(), data)
            dst.writestr(fixed, data)
    return out.getvalue()


def for_print(ws, title_rows: str | None = "1:1") -> None:
    """A sheet that prints as people expect: landscape, as wide as one page (as many pages down as
    needed), the header row repeated on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def date_format(lang: str) -> str:
    return "d.m.yyyy" if lang in ("fi", "sv") else "yyyy-mm-dd"


def report_workbook(report: Report, lang: str, options: ReportOptions) -> bytes:
    """Three sheets: the summary, the matrix (cells filled by status; nationally the share met as a
    number) and every finding (``options.findings``) with the decision references of its evidence
    (``references``: record id → reference) and, given ``counties`` (org id → county id), its county. Every column in the
    glossary's words, the ids in the machine columns beside them (``glossary.MACHINE``); the
    organisations a finding misses by their names in the report's language (``orgs``: the registry's,
    which the command gives, so a national report's missing municipalities are named too; else the
    report's rows, which nationally are the counties)."""
    findings, references, counties, orgs = options.findings, options.references, options.counties, options.orgs
    w = REPORT[lang]
    book = new_workbook(report.as_of)
    summary = book.active
    summary.title = w["summary_sheet"]
    put(summary, 1, 1, report.title()).font = Font(bold=True, size=14)
    put(summary, 2, 1, w["as_of"].format(as_of=date_text(report.as_of, lang), start=date_text(report.start, lang)))
    put(summary, 4, 1, w["status"]).font = BOLD
    put(summary, 4, 2, w["total"]).font = BOLD
    for i, (status, n) in enumerate(report.counts.items(), start=5):
        put(summary, i, 1, STATUS[lang][status]).fill = PatternFill("solid", fgColor=FILLS[status])
        put(summary, i, 2, n)
    if report.coverage:
        put(summary, 3, 1, report.coverage.text(lang))
    row = 5 + len(report.counts) + 1
    put(summary, row, 1, w["share_col"]).font = BOLD
    share = put(summary, row, 2, report.met_share if report.met_share is not None else "–")
    share.number_format = "0.0 %"
    row += 2
    put_row(summary, row, [report.heading(), MACHINE[lang]["org_id"]]
            + [STATUS[lang][s] for s in report.counts] + [w["share_col"]], bold=True)
    for r in report.rows:
        row += 1
        put_row(summary, row, [r.name, r.id] + list(r.counts.values()) + [r.met_share if r.met_share is not None else "–"])
        summary.cell(row=row, column=3 + len(report.counts)).number_format = "0.0 %"
    widths(summary, [38, 12] + [11] * (len(report.counts) + 1))
    for_print(summary, None)

    matrix = book.create_sheet(w["matrix_sheet"])
    put_row(matrix, 1, [MACHINE[lang]["org_id"], report.heading()] + column_heads(report), bold=True)
    for i, r in enumerate(report.rows, start=2):
        put(matrix, i, 1, r.id)
        put(matrix, i, 2, r.name)
        for j, cell in enumerate(r.cells, start=3):
            if cell is None:
                continue
            if report.scope == "national":  # a number, the share met, coloured by the worst status
                out = put(matrix, i, j, cell.met / cell.total if cell.total else 0)
                out.number_format = "0 %"
            else:
                out = put(matrix, i, j, report.cell_text(cell))
            out.fill = PatternFill("solid", fgColor=FILLS[cell.status])
    longest = max((len(str(matrix.cell(row=1, column=j).value)) for j in range(3, 3 + len(report.columns))), default=10)
    for j in range(3, 3 + len(report.columns)):  # rotated headers the row is tall enough to show whole
        matrix.cell(row=1, column=j).alignment = Alignment(text_rotation=90, vertical="bottom", horizontal="center")
    matrix.row_dimensions[1].height = min(409, 7 * longest + 10)
    widths(matrix, [12, 34] + [7] * len(report.columns))
    matrix.freeze_panes = "C2"
    for_print(matrix)

    from velvoite.reports.trend_sheet import trend_sheet  # (it builds on this module's cells)

    trend_sheet(book, report)
    sheet = book.create_sheet(w["findings_sheet"])
    head = [MACHINE[lang]["org_id"], term("org", lang), term("county", lang), term("duty", lang),
            MACHINE[lang]["rule_id"]] + [term(k, lang) for k in ("period", "start", "end", "deadline", "recommended_by",
                                                                 "status")] \
        + [MACHINE[lang]["records"]] + [term(k, lang) for k in ("references", "missing", "explanation", "basis")]
    put_row(sheet, 1, head, bold=True)
    counties = counties or {}
    names = {r.id: r.name for r in report.rows}  # the region's organisations, or the counties
    titles = {d.rule: d.title for d in report.duties}
    for i, f in enumerate(findings, start=2):
        basis = "; ".join(f"{b.text(lang)} {b.url}" for b in f.legal_basis)
        county = counties.get(f.org, "")
        put_row(sheet, i, [f.org, f.org_name, names.get(county, county), titles.get(f.rule, f.rule), f.rule,
                           period_text(f.period, lang), f.start, f.end, f.deadline, f.recommended_by,
                           status_text(f, lang), "; ".join(f.evidence),
                           "; ".join(references[e] for e in f.evidence if references.get(e)),
                           missing_list(f.missing, lang, orgs or names), f.explanation, basis])
        for col in (7, 8, 9, 10):
            sheet.cell(row=i, column=col).number_format = date_format(lang)
    widths(sheet, [11, 26, 20, 40, 12, 10, 11, 11, 11, 11, 10, 20, 30, 30, 60, 40])
    sheet.freeze_panes = "A2"
    for_print(sheet)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(head))}{len(findings) + 1}"
    return save(book, report.as_of)
