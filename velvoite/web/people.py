"""Users through the API, for admins (``velvoite users`` does the same on the server's machine):
``GET /api/users``, ``POST /api/users`` ``{"username", "role", "org", "password"}``,
``DELETE /api/users/EMAIL``. Only an admin may; no one may remove themselves."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.http import require_http_methods

from velvoite.web.access import access_of, may_coordinate
from velvoite.web.state import state
from velvoite.web.workspace.models import ROLES, Member


def _admin(request):
    access = access_of(request.user, state().registry)
    if access is None:
        return JsonResponse({"error": "log in first: POST /api/login"}, status=401)
    if not access.manages_users:
        return JsonResponse({"error": "only an admin manages users"}, status=403)
    return None


def _member(m) -> dict:
    return {"username": m.user.username, "role": m.role, "org": m.org or None,
            "last_login": m.user.last_login.isoformat() if m.user.last_login else None}


def _invalid(data) -> str | None:
    """Why a new user's fields are not acceptable, or None."""
    registry = state().registry
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in ("username", "role", "password")):
        return 'expected {"username", "role", "org", "password"}'
    if data["role"] not in ROLES:
        return f"role: one of {', '.join(ROLES)}"
    org = registry.lookup(data["org"]) if isinstance(data.get("org"), str) and data["org"] else None
    if data.get("org") and org is None:
        return f"org: unknown organisation {data['org']!r}"
    if data["role"] in ("editor", "coordinator") and org is None:
        return f"org: the role {data['role']} needs an organisation"
    if data["role"] == "coordinator" and not may_coordinate(org):
        return "org: a coordinator's organisation is a county (or Helsinki)"
    try:
        validate_email(data["username"].strip().lower())
    except ValidationError:
        return "username: not an e-mail address"
    return None


@require_http_methods(["GET", "POST"])
def api_users(request):
    refused = _admin(request)
    if refused:
        return refused
    if request.method == "GET":
        return JsonResponse({"users": [_member(m) for m in Member.objects.select_related("user")
                                       .order_by("user__username")]})
    from velvoite.web.api import _body

    data, problem = _body(request)
    if problem:
        return problem
    why = _invalid(data)
    if why:
        return JsonResponse({"error": why}, status=400)
    email = data["username"].strip().lower()
    model = get_user_model()
    if model.objects.filter(username=email).exists():
        return JsonResponse({"error": f"{email} is a user already"}, status=409)
    try:
        validate_password(data["password"], model(username=email, email=email))
    except ValidationError as exc:
        return JsonResponse({"error": "password: " + " ".join(exc.messages)}, status=400)
    org = state().registry.lookup(data["org"]) if data.get("org") else None
    with transaction.atomic():
        user = model.objects.create_user(username=email, email=email, password=data["password"])
        member = Member.objects.create(user=user, org=org.id if org else "", role=data["role"])
    return JsonResponse(_member(member), status=201)


@require_http_methods(["DELETE"])
def api_user(request, email: str):
    refused = _admin(request)
    if refused:
        return refused
    if email.strip().lower() == request.user.username:
        return JsonResponse({"error": "an admin does not remove themselves"}, status=400)
    found = get_user_model().objects.filter(username=email.strip().lower()).first()
    if found is None:
        return JsonResponse({"error": "no such user"}, status=404)
    found.delete()
    return JsonResponse({})
