"""The gap report as one self-contained HTML file: inline CSS and SVG, no script, prints on A4.

Rendered by jinja2 with autoescape on; a Content-Security-Policy forbids every script, so even
text that escaped escaping could not run.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from velvoite import __version__
from velvoite.engine.finding import STATUSES
from velvoite.messages import date_text, period_text, status_text
from velvoite.reports.gap import Report
from velvoite.reports.options import REPORT as OPTIONS
from velvoite.reports.options import ReportOptions
from velvoite.reports.trend_chart import charts
from velvoite.words.findings import STATUS
from velvoite.words.reports import REPORT, SYMBOL, percent

CHART_STATUSES = ("met", "partial", "due", "missing", "waived")
SAFE_SCHEMES = ("https://", "http://", "mailto:")


def safe_url(url: str | None) -> str:
    """A link target from a record: web and mail links only (never javascript: or data:)."""
    return url if url and url.strip().lower().startswith(SAFE_SCHEMES) else "#"


def environment(lang: str) -> Environment:
    env = Environment(loader=PackageLoader("velvoite.reports", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["day"] = lambda d: date_text(d, lang)
    env.filters["status"] = lambda s: STATUS[lang][s]
    env.filters["status_of"] = lambda finding_or_cell: status_text(finding_or_cell, lang)
    env.filters["period"] = lambda p: period_text(p, lang)
    env.filters["safe_url"] = safe_url
    return env


def chart(report: Report, lang: str) -> dict:
    """Stacked bars of status shares per county (started duties), as plain numbers for the SVG."""
    label_width, bar_width, pitch = 230, 560, 22
    bars = []
    for i, row in enumerate(report.rows):
        total = sum(row.counts[s] for s in CHART_STATUSES) or 1
        x, segments = float(label_width), []
        for s in CHART_STATUSES:
            if row.counts[s]:
                width = bar_width * row.counts[s] / total
                segments.append({"status": s, "x": round(x, 2), "width": round(width, 2), "count": row.counts[s]})
                x += width
        bars.append({"name": row.name, "y": 4 + i * pitch, "segments": segments, "pct": percent(row.met_share, lang)})
    height = 4 + len(bars) * pitch + 28
    legend = [{"status": s, "x": label_width + j * 110} for j, s in enumerate(CHART_STATUSES)]
    return {"bars": bars, "width": label_width + bar_width + 70, "height": height,
            "label_width": label_width, "bar_width": bar_width, "legend": legend}


def gap_groups(report: Report, lang: str) -> list[dict]:
    """Gaps grouped by organisation, and nationally by county first."""
    groups: dict[str, dict] = {}
    names = {row.id: row.name for row in report.rows}
    for g in report.gaps:
        key = (g.county or g.org) if report.scope == "national" else ""
        group = groups.setdefault(key, {"id": key, "name": names.get(key, g.org_name), "orgs": {}, "gaps": []})
        group["orgs"].setdefault(g.org_name, []).append(g)
        group["gaps"].append(g)
    order = list(names)
    ordered = sorted(groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    return [{"id": v["id"], "name": v["name"], "gaps": v["gaps"], "orgs": list(v["orgs"].items())} for _, v in ordered]


EVIDENCE_SHOWN = 3  # records listed on a gap card; the rest are counted ("and 5 more")


def render(report: Report, lang: str, options: ReportOptions = OPTIONS) -> str:
    """The page; ``options.links`` (a national index: county id -> its page) replaces the national gap list
    by one line per county linking to its page, ``back`` links a county's page to the index, and
    ``yearclock`` (``reports.yearclock.build``) adds the year's rhythm with its deadlines, ``form`` the
    workspace's choice of the trend (``web.reports.trend_form``)."""
    links, back, yearclock, form = options.links, options.back, options.yearclock, options.form
    template = environment(lang).get_template("report.html.j2")
    return template.render(
        r=report, w=REPORT[lang], title=report.title(), statuses=STATUSES, symbol=SYMBOL, version=__version__,
        pct=percent(report.met_share, lang), duty_title={d.key: d.title for d in report.duties},
        chart=chart(report, lang) if report.scope == "national" else None, gap_groups=gap_groups(report, lang),
        links=links or {}, back=back, shown=EVIDENCE_SHOWN, yc=yearclock, trend=charts(report), form=form)

