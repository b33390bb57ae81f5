"""The web pages: log in, the records of one's organisation with the record form, the audit, the
calendar subscription links, and the region's and the nation's gap reports for those allowed.
Every form carries Django's CSRF token; every page is in Finnish, Swedish or English (the
language chosen, else the browser's)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import logout
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from velvoite.errors import VelvoiteError
from velvoite.i18n import _, speaking
from velvoite.web import throttle
from velvoite.web.access import may_coordinate
from velvoite.web.audits import run
from velvoite.web.feed_address import page_words
from velvoite.web.feeds import public_feeds
from velvoite.web.forms import RecordForm, kind_choices
from velvoite.web.http import csp_with_styles, error, language
from velvoite.web.pages import page, save_form, signed_in, summary, writes_for
from velvoite.web.record_words import body_word, date_word, kind_word
from velvoite.web.refusal import Refusal
from velvoite.web.reports import report_html, trend_choice
from velvoite.web.state import state
from velvoite.web.store import removed
from velvoite.web.words import words
from velvoite.web.workspace.models import StoredRecord
from velvoite.words.findings import STATUS


@require_http_methods(["GET", "POST"])
def login_page(request):
    form = AuthenticationForm(request, data=request.POST or None)
    w = words(language(request))
    problem = ""
    if request.method == "POST":
        def check(username: str):
            form.data = {**request.POST.dict(), "username": username}
            return form.get_user() if form.is_valid() else None

        try:
            if throttle.log_in(request, str(request.POST.get("username", "")), check):
                return redirect("records")
        except throttle.Throttled:
            return page(request, "login.html", {"form": form, "problem": w["throttled"]}, status=429)
        problem = w["login_failed"]
    return page(request, "login.html", {"form": form, "problem": problem})


@require_http_methods(["POST"])
def logout_page(request):
    logout(request)
    return redirect("login")


def _shown_org(request, access):
    """The organisation a page is about: ?org= if the user may read it, else their own."""
    registry = state().registry
    ref = request.GET.get("org") or access.org
    org = registry.lookup(ref) if ref else None
    return org if org is not None and access.can_read(org.id) else None


def _readable(access, lang: str) -> list:
    """The organisations the user may choose to see, by name."""
    return sorted((o for o in state().registry.orgs.values() if access.can_read(o.id)), key=lambda o: o.name(lang))


def _listed(stored, lang: str) -> dict:
    """A stored record as the list shows it: kind, body and date in words, the id beside."""
    values = stored.values
    return {"rid": stored.rid, "date": date_word(values.get("date", ""), lang), "kind": kind_word(stored.kind, lang),
            "body": body_word(values.get("body", ""), lang), "reference": values.get("reference", "")}


def _removed_note(rid: str, access, lang: str) -> dict | None:
    """What was just removed, in words, with the way to its history (to undo it)."""
    gone = removed(rid) if rid else None
    if gone is None or not access.can_read(gone.org):
        return None
    return {"rid": rid, "text": words(lang)["removed"].format(record=summary(gone.before, lang))}


@signed_in
@require_http_methods(["GET", "POST"])
def records_page(request, access):
    lang = language(request)
    w = words(lang)
    writable = writes_for(access)
    kind = request.GET.get("kind") or None
    form = RecordForm(request.POST or None, orgs=writable, lang=lang, words=w, kind=kind)
    saved = request.GET.get("saved", "")
    if request.method == "POST":
        if not writable:
            raise PermissionDenied
        record = save_form(form, access, lang, None, request.user.username)
        if record is False:
            raise PermissionDenied
        if record is not None:
            saved = record.id
            form = RecordForm(orgs=writable, lang=lang, words=w, kind=record.kind)
    org = _shown_org(request, access)
    shown = list(StoredRecord.objects.filter(org=org.id).order_by("-date", "-id")) if org else []
    return page(request, "records.html", {"form": form if writable else None, "kinds": kind_choices(lang),
                                           "saved": w["saved"].format(id=saved) if saved else "", "org": org,
                                           "removed": _removed_note(request.GET.get("removed", ""), access, lang),
                                           "records": [_listed(r, lang) for r in shown],
                                           "readable": _readable(access, lang)},
                 status=400 if request.method == "POST" and form.errors else 200)


@signed_in
@require_http_methods(["GET"])
def audit_page(request, access):
    org = _shown_org(request, access)
    lang = language(request)
    readable = _readable(access, lang)
    if org is None:
        if request.GET.get("org") or not access.national:
            raise PermissionDenied
        return page(request, "audit.html", {"org": None, "readable": readable})  # choose one first
    with speaking(lang):
        try:
            result = run(state(), [org], lang)
        except VelvoiteError as exc:
            raise Refusal(500, str(exc)) from None
    feed = region_feed = ""  # the login-free feeds, where workspace.toml opens them; else the user's own address
    if public_feeds():
        feed = request.build_absolute_uri(f"/calendar/{org.id}.ics?lang={lang}")  # the page's language, kept
        county = org.id if may_coordinate(org) else org.county  # the region the organisation belongs to
        region_feed = request.build_absolute_uri(f"/calendar/region/{county}.ics?lang={lang}") if county else ""
    return page(request, "audit.html", {"org": org, "findings": result.findings, "status_words": STATUS[lang],
                                         "feed": feed, "region_feed": region_feed, "readable": readable,
                                         "own_feed": page_words(lang)["audit_link"],
                                         "titles": {k: r.title.get(lang) for k, r in state().rules().items()}})


@signed_in
@require_http_methods(["GET"])
def report_page(request, access):
    """The gap report of ?region=REF (the county's coordinator, analysts, admins) or of the nation;
    ?trend=monthly|quarterly|yearly adds its trend."""
    registry, lang = state().registry, language(request)
    ref = request.GET.get("region")
    county = registry.lookup(ref) if ref else None
    if ref and (county is None or not access.can_read_region(county.id)):
        raise PermissionDenied
    if not ref and not access.national:
        raise PermissionDenied
    with speaking(lang):
        try:
            html = report_html(state(), county, lang, trend_choice(request.GET.get("trend"), lang))
        except VelvoiteError as exc:
            raise Refusal(400, str(exc)) from None
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = csp_with_styles(html)  # (its styles are in the page: a file of its own)
    return response


STYLESHEET = Path(__file__).parent / "workspace" / "static" / "velvoite.css"


@require_http_methods(["GET"])
def stylesheet(request):
    """The pages' styles (the Content-Security-Policy allows none written in a page)."""
    response = HttpResponse(STYLESHEET.read_bytes(), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "max-age=3600"
    return response


def csrf_failure(request, reason: str = ""):
    if request.path.startswith("/api/"):
        return error(403, _("CSRF check failed: send the csrf_token that POST /api/login answered as the "
                            "X-CSRFToken header"), code="csrf_failed")
    return HttpResponseForbidden(_("CSRF check failed: reload the page and send the form again."))
