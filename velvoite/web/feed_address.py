"""A user's secret calendar address, as calendar services give one: calendar programs cannot log
in, so the address itself is the key, ``/calendar/u/<token>/<org>.ics``. It carries what its user
may read (``access.py``), no more: a token is worth a login to the feeds, and nothing else.

The token is a public ``key`` (to find its row) and a secret; the database keeps the key and the
SHA-256 of the secret, compared in constant time, so a copy of the database gives no address. The
user sees the address on their own page (``/account/``) once, when they make it; making a new one
(a POST with the CSRF token) ends the old one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from velvoite.i18n import N_, tr

KEY_LENGTH = 12  # hex characters: the row's public key
UNKNOWN = hashlib.sha256(b"no such key").hexdigest()  # compared with when no row has the key (same time)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token(user) -> str:
    """A new secret address token for ``user``; their previous one no longer works."""
    from velvoite.web.workspace.models import FeedToken

    key, secret = secrets.token_hex(KEY_LENGTH // 2), secrets.token_urlsafe(24)
    with transaction.atomic():
        FeedToken.objects.filter(user=user).delete()
        FeedToken.objects.create(user=user, key=key, digest=_digest(secret), created=timezone.now())
    return key + secret


def user_of(token: str):
    """The active user whose address ``token`` is, or None (nothing says which part was wrong)."""
    from velvoite.web.workspace.models import FeedToken

    key, secret = token[:KEY_LENGTH], token[KEY_LENGTH:]
    found = FeedToken.objects.select_related("user").filter(key=key).first() if len(token) < 100 else None
    same = hmac.compare_digest(found.digest if found else UNKNOWN, _digest(secret))
    if found is None or not same or not found.user.is_active:
        return None
    return found.user


WORDS = {
    "title": N_("Your calendar address"),
    "help": N_("Calendar programs cannot log in: your own secret address gives them the deadlines of the "
               "organisations you may read, with the records' notes. Keep it to yourself: anyone who has it "
               "reads what you read."),
    "have": N_("You have an address, made on {day}. It is shown only when it is made: if you lost it, make a new "
               "one (the old one stops working)."),
    "none": N_("You have no address yet."),
    "make": N_("Make a new address"),
    "made": N_("Your new address, shown only now. Add it to Outlook, Google or Apple Calendar as a subscription:"),
    "other": N_("For another organisation you may read, put its id in place of the last part, for example {example}."),
    "audit_link": N_("Subscribe to these deadlines in your calendar: your calendar address"),
}


def page_words(lang: str) -> dict:
    return {key: tr(lang, text) for key, text in WORDS.items()}


def addresses(request, access, token: str) -> tuple[list[str], str]:
    """(the feeds a new address gives at once: the user's own organisation's, and their region's
    if they may read it; an example of another organisation's, or "" when they read no other)."""
    from velvoite.web.access import may_coordinate
    from velvoite.web.state import state

    base = request.build_absolute_uri(f"/calendar/u/{token}/")
    registry = state().registry
    org = registry.orgs.get(access.org) if access.org else None
    found = []
    if org is not None:
        county = org.id if may_coordinate(org) else org.county
        found.append(f"{base}{org.id}.ics")
        if county and access.can_read_region(county):
            found.append(f"{base}region/{county}.ics")
    others = sorted(o for o in (access.readable if access.readable is not None else registry.orgs) if o != access.org)
    return found, f"{base}{others[0]}.ics" if others else ""


@require_http_methods(["GET", "POST"])
def account_page(request):
    """The user's own page: whether they have a calendar address, and a button to make a new one."""
    from velvoite.web.http import language, who
    from velvoite.web.views import _page

    access = who(request)
    if access is None:
        return redirect("login")
    lang = language(request)
    context = {"fw": page_words(lang), "fresh": False, "made": [], "other": "", "since": ""}
    if request.method == "POST":
        context["made"], context["other"] = addresses(request, access, new_token(request.user))
        context["fresh"] = True
    else:
        from velvoite.web.workspace.models import FeedToken

        found = FeedToken.objects.filter(user=request.user).first()
        context["since"] = found.created.date().isoformat() if found else ""
    response = _page(request, "account.html", context)
    response["Cache-Control"] = "no-store"  # the page that shows a new address is not kept anywhere
    response["Referrer-Policy"] = "no-referrer"
    return response
