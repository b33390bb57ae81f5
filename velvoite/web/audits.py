"""Audits of the stored records for the server: the scope a request asks for and may see, and
the audit JSON of the CLI's contract (``velvoite audit --format json``)."""

from __future__ import annotations

from django.http import JsonResponse

def scope_of(request, access):
    """The organisations of ``?org=REF`` or ``?region=REF`` that the user may read, or an error."""
    from velvoite.web.state import state

    registry = state().registry
    org_ref, region_ref = request.GET.get("org"), request.GET.get("region")
    if bool(org_ref) == bool(region_ref):
        return None, JsonResponse({"error": "give org=REF or region=REF"}, status=400)
    org = registry.lookup(org_ref or region_ref)
    if org is None:
        return None, JsonResponse({"error": f"unknown organisation {(org_ref or region_ref)!r}"}, status=400)
    if org_ref:
        if not access.can_read(org.id):
            return None, JsonResponse({"error": f"you cannot read {org.id}"}, status=403)
        return [org], None
    try:
        members = registry.region(org.id)
    except Exception:  # noqa: BLE001 (a ReferenceError_: not a county)
        return None, JsonResponse({"error": f"{org.id} is not a region"}, status=400)
    if not access.can_read_region(org.id, registry):
        return None, JsonResponse({"error": f"you cannot read the region {org.id}"}, status=403)
    return members, None


def run(state, scope, lang: str, include: tuple = ()):
    """The audit of ``scope`` as ``velvoite audit`` makes it on the same records and day."""
    from velvoite.commands.common import AUDIT_START
    from velvoite.engine import run_audit

    rules = {k: r for k, r in state.rules.items() if r.severity == "duty" or r.severity in include}
    records = state.records()
    return run_audit(records, state.registry, rules, scope, state.today(), AUDIT_START, engine=state.engine,
                     lang=lang, waivers=state.waivers(records))


def audit_json(state, scope, lang: str) -> str:
    from velvoite.reports import render

    result = run(state, scope, lang)
    return render("json", result, lang, orgs=state.registry.orgs, rules=state.rules)
