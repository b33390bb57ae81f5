"""The calendar feeds of a database workspace: ``/calendar/<org>.ics`` and
``/calendar/region/<county>.ics``, made by the same FeedService as ``velvoite serve`` makes them
for record files (a feed computed once per state of the records, language and day; ETag, 304; the
last good records kept if the stored ones stop validating). Like those, they need no login:
calendar programs cannot log in, and the deadlines of public bodies are public."""

from __future__ import annotations

import threading

from django.http import HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_http_methods

from velvoite.calendar.feed import feed_answer
from velvoite.errors import ReferenceError_, VelvoiteError
from velvoite.web.http import language
from velvoite.web.state import speaking, state

_made: list = []  # [(the state, its FeedService)]
_lock = threading.Lock()


def _service():
    """The FeedService of the current state (made on the first feed asked for)."""
    from velvoite.calendar.service import FeedService, feed_export

    st = state()
    with _lock:
        if not _made or _made[0][0] is not st:
            export = feed_export(st.registry, st.rules(), st.engine, st.waivers)
            _made[:] = [(st, FeedService([], st.registry, st.records, export, lambda text: None,
                                         state=lambda: (st.current()[0],)))]
        return _made[0][1]


def _feed(kind: str, ref: str, request):
    service = _service()
    try:
        org_id = service.target(kind, ref)
    except ReferenceError_:
        return HttpResponse("no such organisation or region\n", status=404, content_type="text/plain; charset=utf-8")
    lang = language(request)
    try:
        with speaking(lang):
            feed = service.feed(kind, org_id, lang, state().today())
    except VelvoiteError:
        return HttpResponse("the feed cannot be computed\n", status=500, content_type="text/plain; charset=utf-8")
    status, headers, body = feed_answer(feed, ("region-" if kind == "region" else "") + org_id, request.headers.get)
    response = HttpResponseNotModified() if status == 304 else HttpResponse(body)
    for name, value in headers.items():
        response[name] = value
    return response


@require_http_methods(["GET", "HEAD"])
def org_feed(request, ref: str):
    return _feed("org", ref, request)


@require_http_methods(["GET", "HEAD"])
def region_feed(request, ref: str):
    return _feed("region", ref, request)
