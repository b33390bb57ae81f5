"""The JSON API. Sessions and CSRF are Django's: ``POST /api/login`` answers with the CSRF token
(also in the ``csrftoken`` cookie), which every later POST, PUT and DELETE sends as
``X-CSRFToken``. Errors are JSON ``{"error": ..., "code": ...}`` or, for a record, ``{"code":
"invalid_record", "errors": [{"field", "message"}]}`` with the same messages as for a file; every
message in the request's language (``http.Speaking``), every code the same in all of them.
"""

from __future__ import annotations

from django.contrib.auth import authenticate, logout
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from velvoite.errors import InputErrors, VelvoiteError
from velvoite.i18n import _, speaking
from velvoite.web import throttle
from velvoite.web.access import access_of
from velvoite.web.audits import audit_json, scope_of
from velvoite.web.http import api_signed_in, json_body, language
from velvoite.web.refusal import Refusal
from velvoite.web.state import state
from velvoite.web.store import history, new_id, put, remove
from velvoite.web.workspace.models import StoredRecord


@csrf_exempt  # no session yet; login CSRF is harmless here: a session of one's own account only
@require_http_methods(["POST"])
def api_login(request):
    data = json_body(request)
    if not isinstance(data, dict) or not isinstance(data.get("username"), str) or not isinstance(data.get("password"), str):
        raise Refusal(400, _('expected {"username": ..., "password": ...}'))
    try:
        user = throttle.log_in(request, data["username"],
                               lambda username: authenticate(request, username=username, password=data["password"]))
    except throttle.Throttled:
        raise Refusal(429, _("too many failed logins: wait 15 minutes")) from None
    if user is None:
        raise Refusal(401, _("wrong username or password"), "wrong_login")
    member = access_of(user, state().registry)
    return JsonResponse({"username": user.username, "role": member.role if member else None,
                         "org": member.org if member else None, "csrf_token": get_token(request)})


@require_http_methods(["POST"])
def api_logout(request):
    logout(request)
    return JsonResponse({})


def _invalid(exc: VelvoiteError) -> Refusal:
    """A record's errors (every one, at its field), as the API answers them."""
    found = exc.errors if isinstance(exc, InputErrors) else [exc]
    return Refusal(400, "", "invalid_record", errors=[
        {"field": getattr(e, "field", None), "message": getattr(e, "message", str(e))} for e in found])


def _shown(stored) -> dict:
    return {"id": stored.rid, "record": stored.values, "updated_at": stored.updated_at.isoformat()}


def _checked(request, access, rid: str | None):
    """The record of the request's JSON body, validated (else ``Refusal``); PermissionDenied when
    the user may not write it."""
    data = json_body(request)
    if not isinstance(data, dict):
        raise Refusal(400, _("expected a record (a JSON object)"))
    if rid is not None:
        data = {**data, "id": rid}
    org = state().registry.lookup(str(data.get("org", ""))) if isinstance(data.get("org"), str) else None
    if org is not None and not access.can_write(org.id):
        raise PermissionDenied(_("you cannot write records of {org}").format(org=org.id))
    if org is not None and not data.get("id"):
        data = {**data, "id": new_id(org.id)}
    with speaking(language(request)):
        try:
            record = state().check(data)
        except VelvoiteError as exc:
            raise _invalid(exc) from None
    if not access.can_write(record.org):
        raise PermissionDenied(_("you cannot write records of {org}").format(org=record.org))
    return record


@require_http_methods(["GET", "POST"])
@api_signed_in
def api_records(request, access):
    if request.method == "GET":
        ref = request.GET.get("org")
        found = StoredRecord.objects.order_by("id")
        if ref:
            org = state().registry.lookup(ref)
            if org is None:
                raise Refusal(400, _("unknown organisation {name!r}").format(name=ref), "unknown_organisation")
            if not access.can_read(org.id):
                raise PermissionDenied(_("you cannot read records of {org}").format(org=org.id))
            found = found.filter(org=org.id)
        elif not access.national:
            found = found.filter(org__in=sorted(access.readable))
        return JsonResponse({"records": [_shown(r) for r in found]})
    record = _checked(request, access, None)
    with transaction.atomic():
        if StoredRecord.objects.filter(rid=record.id).exists():
            raise Refusal(409, _("a record {id} exists: PUT /api/records/{id} changes it").format(id=record.id))
        put(record, request.user.username, "api")
    return JsonResponse({"id": record.id}, status=201)


@require_http_methods(["GET", "PUT", "DELETE"])
@api_signed_in
def api_record(request, access, rid: str):
    stored = StoredRecord.objects.filter(rid=rid).first()
    if stored is None or not access.can_read(stored.org):
        raise Http404(_("no such record"))
    if request.method == "GET":
        return JsonResponse(_shown(stored))
    if not access.can_write(stored.org):
        raise PermissionDenied(_("you cannot write records of {org}").format(org=stored.org))
    if request.method == "DELETE":
        with transaction.atomic():
            remove(rid, request.user.username, "api")
        return JsonResponse({}, status=200)
    record = _checked(request, access, rid)
    with transaction.atomic():
        put(record, request.user.username, "api")
    return JsonResponse({"id": record.id})


@require_http_methods(["GET"])
@api_signed_in
def api_history(request, access, rid: str):
    changes = history(rid)  # the record stored as rid, not an earlier one of the same id
    if not changes or not all(access.can_read(c.org) for c in changes):
        raise Http404(_("no such record"))
    return JsonResponse({"id": rid, "history": [
        {"at": c.at.isoformat(), "by": c.actor, "action": c.action, "before": c.before, "after": c.after,
         "source": c.source} for c in changes]})


@require_http_methods(["GET"])
@api_signed_in
def api_audit(request, access):
    scope = scope_of(request, access)
    lang = language(request)
    with speaking(lang):
        try:
            text = audit_json(state(), scope, lang)
        except VelvoiteError as exc:
            raise Refusal(500, _("the stored records do not validate: {reason}").format(reason=exc)) from None
    return HttpResponse(text, content_type="application/json; charset=utf-8")  # the audit JSON contract, as the CLI
