"""The calendar feeds over HTTP: a small WSGI application, served by waitress (``velvoite.serving``,
the same server and limits as the workspace's).

Routes::

    GET|HEAD /                                 a plain-text index of the feeds
    GET|HEAD /calendar/<org>.ics               one organisation (id, code or name)
    GET|HEAD /calendar/region/<county>.ics     a county and its municipalities
    ?lang=fi|sv|en                             the language of the entries

- **Cached and conditional** (``service.FeedService``): an unknown organisation is a 404 before
  anything is computed, a feed whose inputs did not change comes from the cache; ``If-None-Match``
  (strong, weak ``W/``, lists, ``*``) and ``If-Modified-Since`` answer 304; gzip for a client that
  accepts it (``Vary: Accept-Encoding``).
- **Bounded** by the server (``velvoite.serving``): threads, connections in all and per address,
  a deadline for a request's headers and body, sizes.
- **Quiet**: an unexpected error is a short 500 that names nothing of the machine or the records;
  the details go to the server's log. Every response says ``X-Content-Type-Options: nosniff``.

What a feed shows of a record: its id, date, kind, body, reference, link and its ``notes`` (free
text), as ``velvoite calendar`` writes them. This server reads local record files and listens on
loopback unless told otherwise (``--host`` warns); the database workspace gives its feeds to signed
users only, and its public feeds (when enabled) leave the notes out (``velvoite.web.feeds``).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import traceback
from collections.abc import Callable
from http import HTTPStatus
from urllib.parse import parse_qs, unquote

from velvoite import __version__
from velvoite.calendar.service import Feed, FeedService
from velvoite.errors import ReferenceError_, VelvoiteError
from velvoite.i18n import LANGUAGES

INDEX = """velvoite {version}: statutory deadlines as iCalendar feeds

Subscribe to:
  /calendar/<organisation>.ics          e.g. /calendar/kunta-179.ics or /calendar/Jyväskylä.ics
  /calendar/region/<county>.ics         e.g. /calendar/region/hva-15.ics
Add ?lang=fi, ?lang=sv or ?lang=en for the language of the entries.
"""


def route(path: str) -> tuple[str, str] | None:
    """``("org", ref)`` or ``("region", ref)`` for a feed path, else None."""
    parts = [unquote(p) for p in path.split("/") if p]
    if len(parts) == 2 and parts[0] == "calendar" and parts[1].endswith(".ics"):
        return "org", parts[1][:-4]
    if len(parts) == 3 and parts[:2] == ["calendar", "region"] and parts[2].endswith(".ics"):
        return "region", parts[2][:-4]
    return None


def etag_matches(header: str | None, *etags: str) -> bool:
    """RFC 9110 weak comparison of ``If-None-Match`` (a list, ``W/`` tags, ``*``) with any of ``etags``."""
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or any(etag in tags for etag in etags)


def not_modified_since(header: str | None, modified: dt.datetime) -> bool:
    """Whether ``If-Modified-Since`` is a date no earlier than ``modified`` (an unreadable date is ignored)."""
    if not header:
        return False
    try:
        since = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since is None or since.tzinfo is None:
        return False
    return modified <= since


def accepts_gzip(header: str | None) -> bool:
    """Whether ``Accept-Encoding`` accepts gzip (named, or ``*``, with a q above 0)."""
    wanted = {}
    for part in (header or "").split(","):
        coding, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        wanted[coding.strip().lower()] = q
    q = wanted.get("gzip", wanted.get("x-gzip", wanted.get("*", 0.0)))
    return q > 0


def feed_answer(feed: Feed, kind: str, org_id: str, headers: Callable[[str], str | None]) -> tuple[int, dict, bytes]:
    """(status, headers, body) of the feed of ``kind`` (``org`` or ``region``) and ``org_id`` for a
    request whose headers ``headers(name)`` gives: 304 when the client's copy is current, else the
    feed, gzipped when the client accepts it. Shared by this server and the workspace's."""
    name = ("region-" if kind == "region" else "") + org_id  # an ASCII id, safe in the header
    gzip = accepts_gzip(headers("Accept-Encoding"))
    etag = feed.etag[:-1] + '-gz"' if gzip else feed.etag
    answer = {"ETag": etag, "Last-Modified": email.utils.format_datetime(feed.last_modified, usegmt=True),
              "Vary": "Accept-Encoding", "Cache-Control": "no-cache"}
    if feed.stale:
        answer["X-Velvoite-Stale"] = feed.stale
    asked = headers("If-None-Match")
    if etag_matches(asked, feed.etag, feed.etag[:-1] + '-gz"') if asked else \
            not_modified_since(headers("If-Modified-Since"), feed.last_modified):
        return 304, answer, b""
    answer["Content-Type"] = "text/calendar; charset=utf-8"
    answer["Content-Disposition"] = f'inline; filename="velvoite-{name}.ics"'
    if gzip:
        answer["Content-Encoding"] = "gzip"
        return 200, answer, feed.gzipped
    return 200, answer, feed.body


def _text(status: int, text: str, **headers: str) -> tuple[int, dict, bytes]:
    return status, {"Content-Type": "text/plain; charset=utf-8", **headers}, text.encode("utf-8")


class FeedApp:
    """The WSGI application of the feeds of ``service``; ``today()`` is the day each request is
    computed for (the clock is an input: the command gives it); ``log`` takes the server's log lines."""

    def __init__(self, service: FeedService, today: Callable[[], dt.date], log: Callable[[str], None],
                 default_lang: str = "en", quiet: bool = False):
        self.service, self.today, self.log, self.default_lang, self.quiet = service, today, log, default_lang, quiet

    def __call__(self, environ: dict, start_response) -> list[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            status, headers, body = self.answer(method, environ)
        except Exception:  # noqa: BLE001 (answer, log, keep serving)
            self.log(traceback.format_exc().replace("\n", " | "))
            status, headers, body = _text(500, "internal error: the server log says more\n")
        headers = {**headers, "Content-Length": str(len(body)), "X-Content-Type-Options": "nosniff"}
        headers.setdefault("Cache-Control", "no-cache")
        if not self.quiet:
            self.log(f'{environ.get("REMOTE_ADDR", "-")} "{method} {environ.get("PATH_INFO", "")}" {status}')
        start_response(f"{status} {HTTPStatus(status).phrase}", list(headers.items()))
        return [] if method == "HEAD" or status == 304 else [body]

    def answer(self, method: str, environ: dict) -> tuple[int, dict, bytes]:
        if method not in ("GET", "HEAD"):
            return _text(405, "only GET and HEAD\n", Allow="GET, HEAD")
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")  # WSGI's bytes as latin-1
        if path in ("", "/"):
            return _text(200, INDEX.format(version=__version__))
        target = route(path)
        if target is None:
            return _text(404, "not found: see / for the feeds\n")
        langs = parse_qs(environ.get("QUERY_STRING", "")).get("lang") or [self.default_lang]
        if len(langs) > 1:  # (either kept would answer in a language the address does not say alone)
            return _text(400, "lang is given more than once: give it once\n")
        lang = langs[0]
        if lang not in LANGUAGES:
            return _text(400, "lang must be fi, sv or en\n")
        try:
            org_id = self.service.target(*target)
        except ReferenceError_ as exc:
            return _text(404, f"{exc}\n")
        try:
            feed = self.service.feed(target[0], org_id, lang, self.today())
        except VelvoiteError as exc:
            self.log(str(exc).replace("\n", " | "))
            return _text(500, "the feed cannot be computed: the server log says why\n")
        return feed_answer(feed, target[0], org_id, lambda header: environ.get("HTTP_" + header.upper().replace("-", "_")))


__all__ = ["FeedApp", "accepts_gzip", "etag_matches", "feed_answer", "not_modified_since", "route"]
