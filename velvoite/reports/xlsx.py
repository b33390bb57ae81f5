"""The gap report as an Excel workbook (openpyxl): the summary, the matrix, the trend
(``trend_sheet``) and every finding, written cell by cell through ``reports.workbook``."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from velvoite.engine.missing import missing_list
from velvoite.messages import date_text, period_text, status_text
from velvoite.reports.gap import Report
from velvoite.reports.options import ReportOptions
from velvoite.reports.report_text import column_heads
from velvoite.reports.trend_sheet import trend_sheet
from velvoite.reports.workbook import BOLD, date_format, for_print, new_workbook, put, put_row, save, widths
from velvoite.words.findings import STATUS
from velvoite.words.glossary import MACHINE, term
from velvoite.words.reports import REPORT

FILLS = {"met": "CDEBD3", "partial": "FBE7B5", "missing": "F8D0D0", "due": "D4E4FA", "upcoming": "EEEEEE",
         "waived": "E7DCF5", "no_data": "FFFFFF"}
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
