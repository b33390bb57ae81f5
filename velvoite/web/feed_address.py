"""A user's own page (``/account/``): their secret calendar address, shown once, when they make it
(a POST with the CSRF token; the old one stops working). The address carries what its user may
read (``access.py``), no more: a token is worth a login to the feeds, and nothing else. The token
itself, kept as a key and a digest: ``web.feed_token``.
"""

from __future__ import annotations

from django.views.decorators.http import require_http_methods

from velvoite.i18n import N_, tr
from velvoite.web.access import may_coordinate
from velvoite.web.feed_token import made_on, new_token
from velvoite.web.http import language
from velvoite.web.pages import page, signed_in
from velvoite.web.state import state


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


@signed_in
@require_http_methods(["GET", "POST"])
def account_page(request, access):
    """The user's own page: whether they have a calendar address, and a button to make a new one."""
    lang = language(request)
    context = {"fw": page_words(lang), "fresh": False, "made": [], "other": "", "since": ""}
    if request.method == "POST":
        context["made"], context["other"] = addresses(request, access, new_token(request.user))
        context["fresh"] = True
    else:
        context["since"] = made_on(request.user)
    response = page(request, "account.html", context)
    response["Cache-Control"] = "no-store"  # the page that shows a new address is not kept anywhere
    response["Referrer-Policy"] = "no-referrer"
    return response
