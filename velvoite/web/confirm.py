"""Confirmations (vahvistukset): a participant stands behind a record another organisation stored.

A record lists organisations that took part; it counts for one of them only when the organiser
and it are the two sides of the duty, or when it confirmed the record (``engine.standing``). An
editor or coordinator of a listed participant confirms the record as it reads now: the
confirmation holds while the stored record says exactly that, so a later change by the organiser
needs confirming again. Each confirmation is kept (``Confirmation``) and is a row of the record's
history. ``POST /api/records/<id>/confirm`` and the button on the record page do it.
"""

from __future__ import annotations

from django.db import transaction
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from velvoite.i18n import _
from velvoite.web.http import api_signed_in, who


def may_confirm(access, stored) -> bool:
    """Whether the user can confirm ``stored``: they write for a participant it lists, not for its organiser."""
    if access is None or access.role not in ("editor", "coordinator") or access.org == stored.org:
        return False
    return access.org in (stored.values.get("participants") or ())


def confirmations_of(rid: str) -> list:
    """Every confirmation of a record, oldest first."""
    from velvoite.web.workspace.models import Confirmation

    return list(Confirmation.objects.filter(rid=rid).order_by("id"))


def standing_confirmations(stored_values: dict[str, dict]) -> dict[str, tuple[str, ...]]:
    """For the loader: record id -> the participants whose confirmation is of the record as it is
    stored now (``stored_values``: record id -> stored mapping)."""
    from velvoite.web.workspace.models import Confirmation

    out: dict[str, list[str]] = {}
    for c in Confirmation.objects.order_by("id"):
        values = stored_values.get(c.rid)
        if values is not None and c.values == values and c.org in (values.get("participants") or ()):
            found = out.setdefault(c.rid, [])
            if c.org not in found:
                found.append(c.org)
    return {rid: tuple(sorted(orgs)) for rid, orgs in out.items()}


def with_confirmations(records: list, first: int = 0) -> None:
    """Set ``confirmed_by`` on the stored records ``records[first:]`` (the loader, for a database
    workspace): the participants whose confirmation holds for the record as stored."""
    from velvoite.web.workspace.models import Confirmation, StoredRecord

    rids = set(Confirmation.objects.values_list("rid", flat=True))
    if not rids:
        return
    confirmed = standing_confirmations(dict(StoredRecord.objects.filter(rid__in=rids).values_list("rid", "values")))
    for record in records[first:]:
        orgs = confirmed.get(record.id)
        if orgs:
            object.__setattr__(record, "confirmed_by", orgs)  # (frozen: set once, before anyone shares it)


def confirm(stored, org: str, actor: str, source: str) -> bool:
    """Record that ``org`` confirms ``stored`` as it reads now, with its history row; False when
    that confirmation exists already (nothing is written)."""
    from velvoite.web.store import touch
    from velvoite.web.workspace.models import Change, Confirmation

    if Confirmation.objects.filter(rid=stored.rid, org=org, values=stored.values).exists():
        return False
    touch()
    now = timezone.now()
    Confirmation.objects.create(rid=stored.rid, values=stored.values, org=org, actor=actor, at=now)
    Change.objects.create(at=now, actor=actor, action="confirm", rid=stored.rid, org=stored.org, before=None,
                          after=stored.values, source=f"{source}:{org}", identity=stored.pk)
    return True


def _stored(rid: str, writing: bool = False):
    """The stored record ``rid``, locked; ``writing``: the data version raised first (as every
    write takes the version's lock before a record's)."""
    from velvoite.web.store import touch
    from velvoite.web.workspace.models import StoredRecord

    if writing:
        touch()
    return StoredRecord.objects.select_for_update().filter(rid=rid).first()


def current(stored) -> list[str]:
    """The participants whose confirmation holds for the record as stored."""
    return list(standing_confirmations({stored.rid: stored.values}).get(stored.rid, ()))


@require_http_methods(["GET", "POST"])
@api_signed_in
def api_confirm(request, access, rid: str):
    """GET: the record's confirmations; POST: confirm it for the user's organisation."""
    with transaction.atomic():
        stored = _stored(rid, request.method == "POST")
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
        stored = _stored(rid, True)
        if stored is None:
            raise Http404
        if not may_confirm(access, stored):
            raise PermissionDenied
        confirm(stored, access.org, request.user.username, "web")
    return redirect(reverse("record", args=[rid]))
