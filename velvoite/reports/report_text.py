"""The gap report as Markdown (for documents), CSV (the matrix, for analysts) and JSON (for tools)."""

from __future__ import annotations

from velvoite.escape import sheet as cells
from velvoite.escape.sheet import dialect_for
from velvoite.escape.markdown import cell as _md
from velvoite.i18n import tr
from velvoite.messages import date_text, period_text
from velvoite.reports.gap import Report
from velvoite.reports.options import REPORT as OPTIONS
from velvoite.reports.options import ReportOptions
from velvoite.words.findings import STATUS
from velvoite.words.glossary import MACHINE
from velvoite.words.reports import REPORT, percent


def markdown(report: Report, lang: str, options: ReportOptions = OPTIONS) -> str:
    w = REPORT[lang]
    day = lambda d: date_text(d, lang)  # noqa: E731
    out = [f"# {_md(report.title())}", "", w["as_of"].format(as_of=day(report.as_of), start=day(report.start)), ""]
    if report.started:
        out += [f"**{w['share'].format(pct=percent(report.met_share, lang))}** "
                f"{w['share_detail'].format(met=report.met, started=report.started)}", ""]
    if report.coverage:
        out += [report.coverage.text(lang), ""]
    out += [f"## {w['counts']}", "", "| " + " | ".join(STATUS[lang][s] for s in report.counts) + " |",
            "|" + "---|" * len(report.counts), "| " + " | ".join(str(n) for n in report.counts.values()) + " |", ""]
    out += [f"## {w['matrix_national'] if report.scope == 'national' else w['matrix']}", ""]
    head = [report.heading()] + [f"{c.key} {period_text(c.period, lang)}" for c in report.columns]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row in report.rows:
        out.append("| " + " | ".join([_md(row.name)] + [report.cell_text(c, symbol=True) if c else "–" for c in row.cells]) + " |")
    out += ["", f"**{w['legend']}:** " + "; ".join(f"{d.key} {_md(d.title)}" for d in report.duties), ""]
    out += [f"## {w['due_next'].format(until=day(report.due_until))}", ""]
    if not report.due_next:
        out.append(w["nothing_due"])
    for d in report.due_next:
        many = report.scope == "national" and len(d.orgs) > 12  # a region names everyone
        orgs = w["orgs_count"].format(n=len(d.orgs)) if many else ", ".join(d.orgs)
        out.append(f"- {day(d.deadline)}: {_md(d.title)} {period_text(d.period, lang)} ({STATUS[lang][d.status]}): {_md(orgs)}")
    out += _trend(report)
    out += ["", f"## {w['gaps']}", ""]
    if not report.gaps:
        out.append(w["no_gaps"])
    current = None
    for g in report.gaps:
        if g.org_name != current:
            current = g.org_name
            out += ["", f"### {_md(g.org_name)}", ""]
        basis = "; ".join(f"[{b.text(lang)}]({b.url})" for b in g.legal_basis)
        evidence = "; ".join(f"{e.id} ({day(e.date)}{', ' + e.reference if e.reference else ''}"
                             f"{': ' + e.notes if e.notes else ''})"
                             for e in g.evidence) or w["no_evidence"]
        out.append(f"- **{_md(g.title)}** {period_text(g.period, lang)}: {_md(g.explanation)} "  # it opens with the status
                   f"{w['basis']}: {basis}. {w['evidence']}: {_md(evidence)}")
    if report.since:
        out += ["", f"## {_md(w['changes'].format(day=day(report.since)))}", ""]
        out += ["- " + _md(w["change_item"].format(org=c.org_name, title=c.title, period=period_text(c.period, lang),
                                                   old=STATUS[lang].get(c.from_, "–"), new=STATUS[lang].get(c.to, "–")))
                for c in report.changes] or [w["nothing_changed"]]
    if report.expiring:
        out += ["", f"## {_md(w['expiring'])}", ""]
        out += ["- " + _md(w["expiring_item"].format(org=e.org_name, title=e.title, period=period_text(e.period, lang),
                                                     day=day(e.expires), reference=e.reference))
                for e in report.expiring]
    if report.incentives:
        out += ["", f"## {_md(w['incentives'])}", ""]
        out += [f"- {_md(i.org_name)}: " + _md(w["incentives_of"].format(
                    shown=len(i.shown), total=i.total, numbers=", ".join(i.shown) or "–")) for i in report.incentives]
    if report.advisory:
        out += ["", f"## {_md(w['advisory'])}", ""]
        out += [f"- {_md(g.org_name)}: **{_md(g.title)}** {period_text(g.period, lang)}, {STATUS[lang][g.status]}: "
                f"{_md(g.explanation)}" for g in report.advisory]
    return "\n".join(out).rstrip() + "\n"


def _trend(report: Report) -> list[str]:
    """The trend (--trend) as a table: each period end, the share met, met and started."""
    if not report.trend:
        return []
    lang = report.lang
    head = [tr(lang, "Period end"), tr(lang, "Share met"), tr(lang, "Met"), tr(lang, "Started")]
    return ["", f"## {tr(lang, 'Trend')}", "", "| " + " | ".join(head) + " |", "|---|--:|--:|--:|"] + [
        f"| {date_text(p.as_of, lang)} | {percent(p.met_share, lang)} | {p.met} | {p.started} |" for p in report.trend]


def column_heads(report: Report) -> list[str]:
    """The matrix's columns for people: each duty by its title, with its period as people write it."""
    titles = {d.rule: d.title for d in report.duties}
    return [f"{titles.get(c.rule, c.rule)} {period_text(c.period, report.lang)}" for c in report.columns]


def matrix_rows(report: Report) -> list[list[str]]:
    """The matrix as rows of text: header, then one row per organisation or county."""
    rows = [[MACHINE[report.lang]["org_id"], report.heading()] + column_heads(report)]
    for row in report.rows:
        rows.append([row.id, row.name] + [report.cell_text(c) if c else "" for c in row.cells])
    return rows


def csv_text(report: Report, lang: str, options: ReportOptions = OPTIONS) -> str:
    return cells.csv_text(matrix_rows(report), options.dialect or dialect_for(None, lang))


def json_text(report: Report, lang: str, options: ReportOptions = OPTIONS) -> str:
    return report.model_dump_json(indent=2) + "\n"
