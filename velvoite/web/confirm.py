"""The views that confirm a record (vahvistukset): ``POST /api/records/<id>/confirm`` (GET: its
confirmations) and the record page's button. What a confirmation is, how it is kept and which
ones hold: ``web.confirmations``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from velvoite.i18n import _
from velvoite.web.confirmations import confirm, confirmations_of, current, may_confirm, stored_for_confirming
from velvoite.web.http import api_signed_in, who


@require_http_methods(["GET", "POST"])
@api_signed_in
def api_confirm(request, access, rid: str):
    """GET: the record's confirmations; POST: confirm it for the user's organisation."""
    with transaction.atomic():
        stored = stored_for_confirming(rid, request.method == "POST")
        confirmable = stored is not None and may_confirm(access, stored)
        if stored is None or not (access.can_read(stored.org) or confirmable):
            raise Http404(_("no such record"))
        if request.method == "POST":
            if not confirmable:
                raise PermissionDenied(_("only an editor of a participant {id} lists can confirm it").format(id=rid))
            confirm(stored, access.org, request.user.username, "api")
    return JsonResponse({"id": rid, "confirmed_by": current(stored), "confirmations": [
        {"org": c.org, "by": c.actor, "at": c.at.isoformat(), "holds": c.values == stored.values}
        for c in confirmations_of(rid)]})


@require_http_methods(["POST"])
def confirm_page(request, rid: str):
    """The record page's confirm button."""
    access = who(request)
    if access is None:
        return redirect("login")
    with transaction.atomic():
        stored = stored_for_confirming(rid, True)
        if stored is None:
            raise Http404
        if not may_confirm(access, stored):
            raise PermissionDenied
        confirm(stored, access.org, request.user.username, "web")
    return redirect(reverse("record", args=[rid]))
