"""A calendar feed over HTTP (standard library only), recomputed from the records on each request.

Routes::

    GET /                                 a plain-text index of the feeds
    GET /calendar/<org>.ics               one organisation (id, code or name)
    GET /calendar/region/<county>.ics     a county and its municipalities
    ?lang=fi|sv|en                        the language of the entries

Responses carry an ETag (a hash of the body) and answer ``If-None-Match`` with 304, so a
calendar client that polls daily costs one recomputation and no transfer when nothing changed.
Requests are served one computation at a time (a lock): the durable-rules engine is not safe
to run from several threads at once.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from velvoite import __version__
from velvoite.errors import InputError, InputErrors, ReferenceError_, VelvoiteError

# produce(kind, ref, lang) -> calendar bytes; kind is "org" or "region".
Producer = Callable[[str, str, str | None], bytes]

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


class FeedHandler(BaseHTTPRequestHandler):
    server_version = f"velvoite/{__version__}"
    produce: Producer
    lock: threading.Lock
    quiet: bool = False

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        url = urlsplit(self.path)
        if url.path in ("", "/"):
            return self._send(200, INDEX.format(version=__version__).encode(), "text/plain", send_body)
        target = route(url.path)
        if target is None:
            return self._send(404, b"not found: see / for the feeds\n", "text/plain", send_body)
        lang = (parse_qs(url.query).get("lang") or [None])[0]
        if lang not in (None, "fi", "sv", "en"):
            return self._send(400, b"lang must be fi, sv or en\n", "text/plain", send_body)
        try:
            with self.lock:
                body = self.produce(target[0], target[1], lang)
        except ReferenceError_ as exc:
            return self._send(404, f"{exc}\n".encode(), "text/plain", send_body)
        except (InputError, InputErrors) as exc:
            # The records on disk stopped validating: say which line, do not serve stale data.
            return self._send(500, f"the records do not validate:\n{exc}\n".encode(), "text/plain", send_body)
        except VelvoiteError as exc:
            return self._send(400, f"{exc}\n".encode(), "text/plain", send_body)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", "text/calendar", False, etag)
        self._send(200, body, "text/calendar", send_body, etag)

    def _send(self, code: int, body: bytes, ctype: str, send_body: bool, etag: str | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        if not self.quiet:
            super().log_message(format, *args)


def make_server(produce: Producer, host: str = "127.0.0.1", port: int = 8765,
                quiet: bool = False) -> ThreadingHTTPServer:
    """A server bound to ``host:port`` (port 0 picks a free one); call ``serve_forever``."""
    handler = type("Handler", (FeedHandler,), {"produce": staticmethod(produce), "lock": threading.Lock(),
                                               "quiet": quiet})
    return ThreadingHTTPServer((host, port), handler)
