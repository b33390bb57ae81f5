"""Users through the API, for admins (``velvoite users`` does the same on the server's machine):
``GET /api/users``, ``POST /api/users`` ``{"username", "role", "org", "password"}``,
``DELETE /api/users/EMAIL``. Only an admin may; no one may remove themselves. ``add_member`` is also ``velvoite users add``."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_http_methods

from velvoite.errors import VelvoiteError
from velvoite.i18n import _, speaking
from velvoite.i18n import language as language_now
from velvoite.web.access import may_coordinate
from velvoite.web.http import api_signed_in, json_body, language
from velvoite.web.refusal import Refusal
from velvoite.web.state import state
from velvoite.web.workspace.models import ROLES, Member


def _admin(access) -> None:
    if not access.manages_users:
        raise PermissionDenied(_("only an admin manages users"))


def _member(m) -> dict:
    return {"username": m.user.username, "role": m.role, "org": m.org or None,
            "last_login": m.user.last_login.isoformat() if m.user.last_login else None}


class Refused(VelvoiteError):
    """A user that cannot be added: ``field`` (role, org, email, password) and why; ``status`` for
    the API (409 when the user exists)."""

    def __init__(self, field: str, message: str, status: int = 400):
        super().__init__(message)
        self.field, self.status = field, status


def checked_password(password: str, user) -> str:
    """``password`` if Django's validators (length, common passwords) accept it for ``user``."""
    from django.utils import translation

    try:
        with translation.override(language_now()):  # Django's own words in velvoite's language
            validate_password(password, user)
    except ValidationError as exc:
        raise Refused("password", _("password: {reason}").format(reason=" ".join(exc.messages))) from None
    return password


def add_member(email: str, role: str, org, password: str) -> Member:
    """A new user with an organisation (an ``Organisation`` or None) and a role, checked as both
    ``velvoite users add`` and ``POST /api/users`` need it; Refused says what is wrong."""
    if role not in ROLES:
        raise Refused("role", _("expected one of {values}").format(values=", ".join(ROLES)))
    if role in ("editor", "coordinator") and org is None:
        raise Refused("org", _("the role {role} needs an organisation").format(role=role))
    if role == "coordinator" and not may_coordinate(org):
        raise Refused("org", _("{name} is not a county: a coordinator's organisation is a wellbeing services "
                               "county (or Helsinki)").format(name=org.name_fi))
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise Refused("email", _("{email!r} is not an e-mail address").format(email=email)) from None
    model = get_user_model()
    if model.objects.filter(username=email).exists():
        raise Refused("email", _("{email} is a user already (velvoite users passwd changes the password)").format(
            email=email), status=409)
    checked_password(password, model(username=email, email=email))
    with transaction.atomic():
        user = model.objects.create_user(username=email, email=email, password=password)
        return Member.objects.create(user=user, org=org.id if org else "", role=role)


@require_http_methods(["GET", "POST"])
@api_signed_in
def api_users(request, access):
    _admin(access)
    if request.method == "GET":
        return JsonResponse({"users": [_member(m) for m in Member.objects.select_related("user")
                                       .order_by("user__username")]})
    data = json_body(request)
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in ("username", "role", "password")) \
            or not isinstance(data.get("org") or "", str):
        raise Refusal(400, _('expected {"username", "role", "org", "password"}'))
    org = state().registry.lookup(data["org"]) if data.get("org") else None
    if data.get("org") and org is None:
        raise Refusal(400, "org: " + _("unknown organisation {name!r}").format(name=data["org"]),
                      "unknown_organisation", "org")
    with speaking(language(request)):
        try:
            member = add_member(data["username"], data["role"], org, data["password"])
        except Refused as exc:
            code = "exists" if exc.status == 409 else f"invalid_{exc.field}"
            raise Refusal(exc.status, str(exc), code, exc.field) from None
    return JsonResponse(_member(member), status=201)


@require_http_methods(["DELETE"])
@api_signed_in
def api_user(request, access, email: str):
    _admin(access)
    if email.strip().lower() == request.user.username:
        raise Refusal(400, _("an admin does not remove themselves"))
    found = get_user_model().objects.filter(username=email.strip().lower()).first()
    if found is None:
        raise Http404(_("no such user"))
    found.delete()
    return JsonResponse({})
