"""The trend (``report --trend``) as a sheet of the report's workbook: the share met at each period
end (nationally also each county's, a column each) as numbers, with a native line chart of them
(openpyxl's ``LineChart``: markers on every point, so it reads without colour)."""

from __future__ import annotations

from openpyxl.chart import LineChart, Reference

from velvoite.i18n import tr
from velvoite.reports.workbook import BOLD, date_format, for_print, put, put_row, widths

MARKERS = ("circle", "square", "triangle", "diamond", "x", "star", "plus", "dash")


def trend_sheet(book, report) -> None:
    """Add the sheet "Kehitys"/"Utveckling"/"Trend" when the report has a trend."""
    if not report.trend:
        return
    lang, points = report.lang, report.trend
    sheet = book.create_sheet(tr(lang, "Trend"))
    whole = report.name if report.scope == "region" else tr(lang, "The whole country")
    ever = {c.id for p in points for c in p.counties if c.started}
    counties = [c for c in points[-1].counties if c.id in ever]  # a county with no started duty on any day has no column
    put_row(sheet, 1, [tr(lang, "Period end"), tr(lang, "Met"), tr(lang, "Started"), whole]
            + [c.name for c in counties], bold=True)
    for i, p in enumerate(points, start=2):
        put_row(sheet, i, [p.as_of, p.met, p.started, p.met_share])
        sheet.cell(row=i, column=1).number_format = date_format(lang)
        shares = {c.id: c.met_share for c in p.counties}
        for j, c in enumerate(counties, start=5):
            put(sheet, i, j, shares.get(c.id))
        for j in range(4, 5 + len(counties)):
            sheet.cell(row=i, column=j).number_format = "0.0 %"
    last = len(points) + 1
    chart = LineChart()
    chart.title = tr(lang, "Share met")
    chart.y_axis.title = tr(lang, "Share met")
    chart.y_axis.number_format = "0 %"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    chart.x_axis.number_format = date_format(lang)
    chart.x_axis.title = tr(lang, "Period end")
    chart.add_data(Reference(sheet, min_col=4, max_col=4 + len(counties), min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
    for k, series in enumerate(chart.series):
        series.marker.symbol = MARKERS[k % len(MARKERS)]
        series.smooth = False
    chart.width, chart.height = 24, 12
    sheet.add_chart(chart, f"B{last + 3}")
    widths(sheet, [14, 8, 10, 24] + [14] * len(counties))
    sheet.freeze_panes = "B2"
    sheet["A1"].font = BOLD
    for_print(sheet)
