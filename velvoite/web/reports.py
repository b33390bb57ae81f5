"""The gap report page of a region or of the nation, as ``velvoite report`` writes it (HTML)."""

from __future__ import annotations


def gap_html(state, county, lang: str) -> str:
    """``velvoite report --region`` (a county) or ``--national`` (None) of the stored records."""
    from velvoite.reports.gap_run import gap_of, rendered
    from velvoite.system import AUDIT_START

    records, as_of, rules = state.records(), state.today(), state.rules()
    audit, gap = gap_of(records, state.registry, rules, county, as_of, AUDIT_START, lang, state.engine,
                        state.waivers(records))
    return rendered("html", gap, audit, records, state.registry, rules, as_of, lang)
