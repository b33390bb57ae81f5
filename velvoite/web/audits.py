"""Audits of the stored records for the server: the scope a request asks for and may see, and
the audit JSON of the CLI's contract (``velvoite audit --format json``)."""

from __future__ import annotations

from velvoite.errors import ReferenceError_
from velvoite.web.http import error

def scope_of(request, access):
    """The organisations of ``?org=REF`` or ``?region=REF`` that the user may read, or an error."""
    from velvoite.web.state import state

    registry = state().registry
    org_ref, region_ref = request.GET.get("org"), request.GET.get("region")
    if bool(org_ref) == bool(region_ref):
        return None, error(400, "give org=REF or region=REF")
    org = registry.lookup(org_ref or region_ref)
    if org is None:
        return None, error(400, f"unknown organisation {(org_ref or region_ref)!r}")
    if org_ref:
        if not access.can_read(org.id):
            return None, error(403, f"you cannot read {org.id}")
        return [org], None
    try:
        members = registry.region(org.id)
    except ReferenceError_:  # not a county (nor Helsinki)
        return None, error(400, f"{org.id} is not a region")
    if not access.can_read_region(org.id):
        return None, error(403, f"you cannot read the region {org.id}")
    return members, None


def run(state, scope, lang: str, include: tuple = ()):
    """The audit of ``scope`` as ``velvoite audit`` makes it on the same records and day."""
    from velvoite.commands.common import AUDIT_START
    from velvoite.engine import run_audit

    records = state.records()
    return run_audit(records, state.registry, state.rules(include), scope, state.today(), AUDIT_START, engine=state.engine,
                     lang=lang, waivers=state.waivers(records))


def audit_json(state, scope, lang: str) -> str:
    from velvoite.reports import render

    result = run(state, scope, lang)
    return render("json", result, lang)  # (the JSON needs nothing but the audit)
