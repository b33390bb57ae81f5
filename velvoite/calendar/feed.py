"""The calendar feeds over HTTP (standard library ``http.server``), bounded and quiet about the machine.

Routes::

    GET /                                 a plain-text index of the feeds
    GET /calendar/<org>.ics               one organisation (id, code or name)
    GET /calendar/region/<county>.ics     a county and its municipalities
    ?lang=fi|sv|en                        the language of the entries

- **Bounded**: requests are handled by a pool of ``WORKERS`` threads; at most ``QUEUE`` more
  connections wait, beyond that a client gets 503 at once; a client that sends nothing for
  ``TIMEOUT`` seconds is disconnected (400 half-open connections no longer mean 400 threads).
- **Parallel and cached** (``service.FeedService``): an unknown organisation is a 404 before anything
  is computed, a feed whose inputs did not change comes from the cache, ``If-None-Match`` (strong,
  weak ``W/``, lists, ``*``) answers 304.
- **Quiet**: an unexpected error is a short 500 that names nothing of the machine or the records;
  the details go to the server's log. Every response says ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import sys
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from velvoite import __version__
from velvoite.calendar.service import FeedService
from velvoite.errors import ReferenceError_, VelvoiteError

WORKERS = 16
QUEUE = 64
TIMEOUT = 10  # seconds a client may take to send its request

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


def etag_matches(header: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison of ``If-None-Match`` (a list, ``W/`` tags, ``*``) with ``etag``."""
    if not header:
        return False
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or etag in [t.removeprefix("W/") for t in tags]


class FeedHandler(BaseHTTPRequestHandler):
    server_version = f"velvoite/{__version__}"
    sys_version = ""  # the Python version is nobody's business
    timeout = TIMEOUT
    service: FeedService
    default_lang: str = "en"
    today: Callable[[], dt.date]  # the clock is an input: given by the command (nothing below it reads it)
    quiet: bool = False

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        try:
            self._route(send_body)
        except Exception:  # noqa: BLE001 (answer, log, keep serving)
            self.log_error("%s", traceback.format_exc().replace("\n", " | "))
            self._send(500, b"internal error: the server log says more\n", "text/plain", send_body)

    def _route(self, send_body: bool) -> None:
        url = urlsplit(self.path)
        if url.path in ("", "/"):
            return self._send(200, INDEX.format(version=__version__).encode(), "text/plain", send_body)
        target = route(url.path)
        if target is None:
            return self._send(404, b"not found: see / for the feeds\n", "text/plain", send_body)
        lang = (parse_qs(url.query).get("lang") or [self.default_lang])[0]
        if lang not in ("fi", "sv", "en"):
            return self._send(400, b"lang must be fi, sv or en\n", "text/plain", send_body)
        try:
            org_id = self.service.target(*target)
        except ReferenceError_ as exc:
            return self._send(404, f"{exc}\n".encode(), "text/plain", send_body)
        try:
            feed = self.service.feed(target[0], org_id, lang, self.today())
        except VelvoiteError as exc:
            self.log_error("%s", str(exc).replace("\n", " | "))
            return self._send(500, b"the feed cannot be computed: the server log says why\n", "text/plain", send_body)
        name = ("region-" if target[0] == "region" else "") + org_id  # an ASCII id, safe in the header
        headers = {"ETag": feed.etag, "Last-Modified": email.utils.format_datetime(feed.last_modified, usegmt=True),
                   "Content-Disposition": f'inline; filename="velvoite-{name}.ics"'}
        if feed.stale:
            headers["X-Velvoite-Stale"] = feed.stale
        if etag_matches(self.headers.get("If-None-Match"), feed.etag):
            return self._send(304, b"", "text/calendar", False, headers)
        self._send(200, feed.body, "text/calendar", send_body, headers)

    def _send(self, code: int, body: bytes, ctype: str, send_body: bool, headers: dict | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        if not self.quiet:
            super().log_message(format, *args)

    def log_error(self, format: str, *args) -> None:  # noqa: A002
        sys.stderr.write("velvoite: %s\n" % (format % args))


class FeedServer(HTTPServer):
    """An HTTP server with a bounded pool of workers and a bounded queue (503 beyond it)."""

    # The kernel's queue of connections not yet accepted: socketserver's default of 5 made a burst
    # of clients wait for TCP's one-second SYN retry (200 connections took 30 s to open); the
    # connections themselves stay bounded by the pool and the queue below.
    request_queue_size = 64

    def __init__(self, address, handler):
        self.pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="velvoite-feed")
        self.slots = threading.BoundedSemaphore(WORKERS + QUEUE)
        super().__init__(address, handler)

    def process_request(self, request, client_address) -> None:
        if not self.slots.acquire(blocking=False):
            try:
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 5\r\n\r\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        self.pool.submit(self._work, request, client_address)

    def _work(self, request, client_address) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:  # noqa: BLE001 (a client that went away)
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            self.slots.release()

    def handle_error(self, request, client_address) -> None:
        sys.stderr.write(f"velvoite: connection from {client_address[0]} ended with an error\n")

    def server_close(self) -> None:
        super().server_close()
        self.pool.shutdown(wait=False, cancel_futures=True)



def make_server(service: FeedService, today: Callable[[], dt.date], host: str = "127.0.0.1", port: int = 8765,
                quiet: bool = False, default_lang: str = "en") -> FeedServer:
    """A server bound to ``host:port`` (port 0 picks a free one); call ``serve_forever``. ``today()``
    is the day each request is computed for."""
    handler = type("Handler", (FeedHandler,), {"service": service, "quiet": quiet, "default_lang": default_lang,
                                               "today": staticmethod(today)})
    return FeedServer((host, port), handler)
