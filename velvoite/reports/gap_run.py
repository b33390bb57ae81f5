"""A gap report made from records, as ``velvoite report`` makes it and the workspace's report page
shows it: the audit it rests on, the report, and the report rendered (the HTML with the year's
clock, every format with the county of each organisation)."""

from __future__ import annotations

import datetime as dt

from velvoite.engine.audit import Grounds
from velvoite.progress import SILENT
from velvoite.reports import ReportOptions, render_report
from velvoite.reports.counted import started
from velvoite.reports.gap import build, national_orgs, report_until
from velvoite.reports.known import Known
from velvoite.reports.trend import trend
from velvoite.reports.yearclock import drawer


def gap_of(system, records: list, county, as_of: dt.date, start: dt.date, lang: str, every: str | None = None,
           progress=None, include: tuple[str, ...] = ()):
    """(the audit, the gap report) of a region (``county``: its county, or Helsinki) or, for None,
    of the nation, by the run context ``system`` (``velvoite.system``) and the rules ``include``
    chooses; ``every`` (``reports.trend.EVERY``) adds the trend, the records audited as of each
    period end from ``start``. ``progress``: ``velvoite.progress``."""
    progress = progress or SILENT
    registry, rules, waivers = system.registry, system.rules_for(include), system.waivers_of(records)
    if county is None:
        scope, name, kind = national_orgs(registry, start, as_of), "", "national"
    else:
        scope, name, kind = registry.region(county.id), county.name(lang), "region"
    grounds = Grounds(records, registry, rules, scope) if every else None  # kept for every period end
    audit = system.audit(records, scope, as_of, start=start, until=report_until(as_of), lang=lang, include=include,
                         waivers=waivers, progress=progress, grounds=grounds)
    known = Known.of(records)
    report = build(audit, registry, rules, records, kind, name, lang, waivers, known)
    if every:
        points = trend(records, registry, rules, scope, start, as_of, every, lang, waivers, known,
                       kind == "national", grounds, audit, progress)
        report = report.model_copy(update={"trend": points})
    return audit, report


def rendered(fmt: str, gap, audit, records: list, registry, rules: dict, as_of: dt.date, lang: str,
             dialect=None, form: dict | None = None) -> str | bytes:
    """The report in ``fmt`` (``reports.REPORT_FORMATS``); ``form``: the workspace's trend choice
    above the HTML (``web.reports.trend_form``)."""
    clock = drawer(rules, as_of.year, lang) if fmt in ("html", "pdf") else None
    return render_report(fmt, gap, ReportOptions(
        findings=started(audit), references={r.id: r.reference for r in records},
        yearclock=clock(audit.findings) if clock else None, dialect=dialect,
        counties={o.id: o.national_row for o in registry.orgs.values()}, orgs=registry.orgs, form=form))
