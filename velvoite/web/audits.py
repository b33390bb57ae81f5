"""Audits of the stored records for the server: the scope a request asks for and may see, and
the audit JSON of the CLI's contract (``velvoite audit --format json``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from velvoite.engine.scope import given_scope
from velvoite.errors import ReferenceError_
from velvoite.i18n import _
from velvoite.reports import render
from velvoite.web.refusal import Refusal
from velvoite.web.state import state as state_now


def scope_of(request, access):
    """The organisations of ``?org=REF`` or ``?region=REF``, chosen as the CLI's ``--org`` and
    ``--region`` choose them (``engine.scope``); else ``Refusal`` (400); PermissionDenied when the
    user may not read them."""
    registry = state_now().registry
    org_ref, region_ref = request.GET.get("org"), request.GET.get("region")
    if bool(org_ref) == bool(region_ref):
        raise Refusal(400, _("give org=REF or region=REF"))
    org = registry.lookup(org_ref or region_ref)
    if org is None:
        raise Refusal(400, _("unknown organisation {name!r}").format(name=org_ref or region_ref),
                      "unknown_organisation")
    try:
        scope = given_scope(registry, (org.id,), None) if org_ref else given_scope(registry, (), org.id)
    except ReferenceError_:  # not a county (nor Helsinki)
        raise Refusal(400, _("{org} is not a region").format(org=org.id)) from None
    if org_ref and not access.can_read(org.id):
        raise PermissionDenied(_("you cannot read {org}").format(org=org.id))
    if region_ref and not access.can_read_region(org.id):
        raise PermissionDenied(_("you cannot read the region {org}").format(org=org.id))
    return scope


def run(state, scope, lang: str, include: tuple = (), snapshot=None):
    """The audit of ``scope`` as ``velvoite audit`` makes it on the same records and day: of the
    records that may count for the scope only (``Snapshot.for_orgs``), kept until a write concerns
    one of its organisations (``web.loaded``)."""
    if state.compute is not None and snapshot is None:  # (velvoite serve's: a process of its own, web.compute)
        return state.compute.ask(("audit", state.today(), lang, tuple(o.id for o in scope), tuple(include)), keep=True)
    if state.reload_all:  # (as before issue 29: every record, computed each time)
        return state.system.audit(state.records(), scope, lang=lang, include=include)  # the state's waivers
    snapshot = snapshot or state.loaded().current()
    ids = [o.id for o in scope]
    as_of = state.today()

    def compute():
        waivers = state.settings.waivers_of(snapshot.kept_records, snapshot.sources)
        return state.system.audit(snapshot.for_orgs(state.registry, ids), scope, as_of, lang=lang, include=include,
                                  waivers=waivers)

    return snapshot.memo(("audit", tuple(ids), as_of, lang, tuple(include)), ids, compute)


def audit_json(state, scope, lang: str) -> bytes:
    """The audit JSON of ``scope``, UTF-8 (kept as the audit is)."""
    if state.compute is not None:  # (velvoite serve's: web.compute)
        return state.compute.ask(("audit_json", state.today(), lang, tuple(o.id for o in scope)), keep=True)
    if state.reload_all:
        return render("json", run(state, scope, lang), lang)  # (the JSON needs nothing but the audit)
    snapshot, ids = state.loaded().current(), [o.id for o in scope]
    return snapshot.memo(("json", tuple(ids), state.today(), lang), ids,
                         lambda: render("json", run(state, scope, lang, snapshot=snapshot), lang))
