"""The national report as a set of pages: ``report --national -o DIR/``.

``index.html`` is the national page (headline, coverage, chart, one matrix row per county, due next)
with every county's row and gap count linking to that county's page; each ``<county id>.html`` is
the county's regional report (the same page ``report --region`` writes), from the same audit, with a
link back. No page lists the gaps of more than one county, so no page grows with the country.

The set is written as a whole or not at all (see ``velvoite.output.write_set``).
"""

from __future__ import annotations

from velvoite.engine.audit import Audit
from velvoite.registry import Registry
from velvoite.reports.diff import titled
from velvoite.reports.gap import Report, build, with_changes
from velvoite.reports.html import render
from velvoite.reports.known import Known
from velvoite.reports.options import ReportOptions

INDEX = "index.html"


def page_name(county_id: str) -> str:
    return f"{county_id}.html"


def pages(national: Report, audit: Audit, registry: Registry, rules: dict, records: list, lang: str,
          waivers: dict | None, clock=None, old: dict | None = None) -> dict[str, str]:
    """File name -> HTML of every page of the set; ``clock(findings)`` draws a page's year clock;
    ``old`` (an earlier audit's JSON, ``--since``) adds each county's changes to its page."""
    clock = clock or (lambda findings: None)
    by_county: dict[str, list] = {}
    for f in audit.findings:
        by_county.setdefault(registry.orgs[f.org].national_row, []).append(f)
    out = {}
    known = Known.of(records)
    for row in national.rows:
        part = Audit(as_of=audit.as_of, start=audit.start, engine=audit.engine, findings=by_county.get(row.id, []))
        regional = build(part, registry, rules, records, "region", row.name, lang, waivers, known)
        if old is not None:  # the earlier audit's findings of this county only: the rest are not its changes
            mine = [f for f in old["findings"] if f["org"] in registry.orgs
                    and registry.orgs[f["org"]].national_row == row.id]
            regional = titled(with_changes(regional, {**old, "findings": mine}, part, registry), rules)
        out[page_name(row.id)] = render(regional, lang, ReportOptions(back=INDEX, yearclock=clock(part.findings)))
    links = {row.id: page_name(row.id) for row in national.rows}
    out[INDEX] = render(national, lang, ReportOptions(links=links, yearclock=clock(audit.findings)))
    return dict(sorted(out.items()))
