"""The gap report page of a region or of the nation, as ``velvoite report`` writes it (HTML)."""

from __future__ import annotations


def gap_html(state, county, lang: str) -> str:
    """``velvoite report --region`` (a county) or ``--national`` (None) of the stored records."""
    from velvoite.commands.common import AUDIT_START
    from velvoite.engine import run_audit
    from velvoite.reports import render_report
    from velvoite.reports.gap import build, national_orgs, report_until, started
    from velvoite.reports.yearclock import drawer

    registry, rules = state.registry, state.rules()
    records, as_of = state.records(), state.today()
    if county is None:
        scope, name, kind = national_orgs(registry, AUDIT_START, as_of), "", "national"
    else:
        scope, name, kind = registry.region(county.id), county.name(lang), "region"
    waivers = state.waivers(records)
    audit = run_audit(records, registry, rules, scope, as_of, AUDIT_START, until=report_until(as_of),
                      engine=state.engine, lang=lang, waivers=waivers)
    gap = build(audit, registry, rules, records, kind, name, lang, waivers)
    clock = drawer(rules, as_of.year, lang)
    return render_report("html", gap, started(audit), {r.id: r.reference for r in records},
                         yearclock=clock(audit.findings),
                         counties={o.id: o.national_row for o in registry.orgs.values()})
