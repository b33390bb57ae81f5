"""The calendar feeds of a database workspace: ``/calendar/<org>.ics`` and
``/calendar/region/<county>.ics``, as ``velvoite serve`` serves them for record files. Like those,
they need no login (calendar programs cannot log in; the deadlines of public bodies are public),
and a feed is made once per state of the records, language and day (ETag, 304)."""

from __future__ import annotations

import hashlib
import threading

from django.http import HttpResponse, HttpResponseNotModified
from django.views.decorators.http import require_http_methods

from velvoite.calendar.feed import etag_matches
from velvoite.web.access import may_coordinate
from velvoite.web.state import speaking, state

_made: dict = {}
_lock = threading.Lock()
MAX_CACHED = 512


def _feed(kind: str, ref: str, request):
    st = state()
    org = st.registry.lookup(ref)
    if org is None or (kind == "region" and not may_coordinate(org)):
        return HttpResponse("no such organisation or region\n", status=404, content_type="text/plain; charset=utf-8")
    lang = request.GET.get("lang") if request.GET.get("lang") in ("fi", "sv", "en") else "fi"
    mark, records = st.current()  # cached until the next change
    day = st.today()
    key = (kind, org.id, lang, day, mark)
    with _lock:
        found = _made.get(key)
    if found is None:
        from velvoite.calendar.ics import export_calendar

        scope = st.registry.region(org.id) if kind == "region" else [org]
        with speaking(lang):
            body = export_calendar(records, st.registry, st.rules(),
                                   scope, org.name(lang), day, engine=st.engine, lang=lang,
                                   waivers=st.waivers(records))
        found = (body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')
        with _lock:
            if len(_made) >= MAX_CACHED:
                _made.clear()
            _made[key] = found
    body, etag = found
    if etag_matches(request.headers.get("If-None-Match"), etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


@require_http_methods(["GET", "HEAD"])
def org_feed(request, ref: str):
    return _feed("org", ref, request)


@require_http_methods(["GET", "HEAD"])
def region_feed(request, ref: str):
    return _feed("region", ref, request)
