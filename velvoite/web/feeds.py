"""The calendar feeds of a database workspace, made by the same FeedService as ``velvoite serve``
makes them for record files (a feed computed once per state of the records, language and day;
ETag, If-Modified-Since, gzip; the last good records kept if the stored ones stop validating).

Calendar programs cannot log in, and a feed shows each record's notes (free text), which only
those who may read the record may see. So a workspace's feeds are reached by a user's secret
address (``feed_token.py``, made on the user's page, ``feed_address.py``)::

    /calendar/u/<token>/<org>.ics               an organisation the user may read
    /calendar/u/<token>/region/<county>.ics     a region the user may read (coordinators, analysts, admins)

and anything else is a 404, whether the token, the organisation or the access is wrong. Public
feeds (``/calendar/<org>.ics``, ``/calendar/region/<county>.ics``) exist only where
``workspace.toml`` says ``[feeds] public = true``, and leave out what a record's people wrote
freely: its notes, and the reasons of waivers.
"""

from __future__ import annotations

import copy
import dataclasses
import threading

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_http_methods

from velvoite.calendar.feed import feed_answer
from velvoite.calendar.service import FeedService, feed_export
from velvoite.errors import ReferenceError_, VelvoiteError
from velvoite.i18n import speaking
from velvoite.web.access import access_of
from velvoite.web.feed_token import user_of
from velvoite.web.http import language
from velvoite.web.state import state

WITHHELD = "—"  # a public feed's waiver reason
_made: dict = {}  # public (bool) -> (the state, its FeedService)
_lock = threading.Lock()


def public_feeds() -> bool:
    """Whether ``workspace.toml`` opens the login-free feeds (``[feeds] public = true``)."""
    return bool(getattr(settings, "VELVOITE_PUBLIC_FEEDS", False))


def without_notes(records: list) -> list:
    """The records as a public feed shows them: without their notes."""
    out = []
    for record in records:
        if record.notes:
            record = copy.copy(record)
            object.__setattr__(record, "notes", None)  # a copy of a frozen record, changed before anyone sees it
        out.append(record)
    return out


def _service(public: bool):
    """The FeedService of the current state (made on the first feed asked for); a public one reads
    the records without notes and the waivers without their reasons."""
    st = state()
    with _lock:
        made = _made.get(public)
        if made is None or made[0] is not st:
            if public:
                def waivers(records):
                    return {k: dataclasses.replace(w, reason=WITHHELD) for k, w in st.waivers(records).items()}

                def load():  # (the kept feeds read their own records: web.loaded)
                    return without_notes(st.records()) if st.reload_all else st.records()
            else:
                waivers, load = st.waivers, st.records
            export = feed_export(st.system.with_waivers(waivers))
            if not st.reload_all:
                export = _kept(st, export, public)
            _made[public] = made = (st, FeedService([], st.registry, load, export, lambda text: None,
                                                    state=lambda: (st.current()[0],)))
        return made[1]


def _kept(st, export, public: bool):
    """``export`` of the records that may count for the feed's organisations (and the waivers),
    each feed kept until a write concerns one of them (``web.loaded``): a write elsewhere leaves it."""

    def kept(_records, kind: str, org_id: str, lang: str, day):
        snapshot, registry = st.loaded().current(), st.registry
        ids = [o.id for o in (registry.region(org_id) if kind == "region" else [registry.orgs[org_id]])]

        def compute():
            records = snapshot.for_orgs(registry, ids, kept=True)
            return export(without_notes(records) if public else records, kind, org_id, lang, day)

        return snapshot.memo(("feed", public, kind, org_id, lang, day), ids, compute)

    return kept


def _not_found() -> HttpResponse:
    return HttpResponse("no such feed\n", status=404, content_type="text/plain; charset=utf-8")


def _feed(kind: str, ref: str, request, public: bool, may_read=None):
    service = _service(public)
    try:
        org_id = service.target(kind, ref)
    except ReferenceError_:
        return _not_found()
    if may_read is not None and not may_read(org_id):
        return _not_found()  # the same answer as an organisation that does not exist
    lang = language(request)
    try:
        with speaking(lang):
            feed = service.feed(kind, org_id, lang, state().today())
    except VelvoiteError:
        return HttpResponse("the feed cannot be computed\n", status=500, content_type="text/plain; charset=utf-8")
    status, headers, body = feed_answer(feed, kind, org_id, request.headers.get)
    response = HttpResponseNotModified() if status == 304 else HttpResponse(body)
    for name, value in headers.items():
        response[name] = value
    return response


def _private(kind: str, token: str, ref: str, request):
    access = access_of(user_of(token), state().registry)
    if access is None:
        return _not_found()
    response = _feed(kind, ref, request, False, access.can_read_region if kind == "region" else access.can_read)
    response["Referrer-Policy"] = "no-referrer"  # the address is a secret
    response["Cache-Control"] = "private, no-cache"
    return response


@require_http_methods(["GET", "HEAD"])
def org_feed(request, ref: str):
    return _feed("org", ref, request, True) if public_feeds() else _not_found()


@require_http_methods(["GET", "HEAD"])
def region_feed(request, ref: str):
    return _feed("region", ref, request, True) if public_feeds() else _not_found()


@require_http_methods(["GET", "HEAD"])
def user_org_feed(request, token: str, ref: str):
    return _private("org", token, ref, request)


@require_http_methods(["GET", "HEAD"])
def user_region_feed(request, token: str, ref: str):
    return _private("region", token, ref, request)
