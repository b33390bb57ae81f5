"""Fetching minutes politely, for the command only (nothing below the CLI opens a connection):
a User-Agent naming velvoite, at most one request a second to any host, robots.txt honoured
(``urllib.robotparser``), only the addresses given (no link is followed), a size limit."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urlsplit

from velvoite import __version__
from velvoite.errors import InputError
from velvoite.i18n import _

USER_AGENT = f"velvoite/{__version__} (+https://github.com/velvoite; minutes harvest for statutory duties)"
MAX_BYTES = 20 << 20


@dataclass
class Fetched:
    data: bytes
    content_type: str | None
    url: str


class _SameSite(urllib.request.HTTPRedirectHandler):
    """A redirect is followed only within the site asked (its robots.txt was read); one elsewhere
    is refused, not followed."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).netloc != urlsplit(req.full_url).netloc:
            raise InputError(req.full_url, None, None, _("the site redirects elsewhere ({address}): not followed").format(
                address=newurl[:120]))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class PoliteFetcher:
    """``fetcher(url) -> Fetched``: one request a second, robots.txt asked once per host."""

    def __init__(self, interval: float = 1.0, timeout: float = 30.0, clock=time.monotonic, sleep=time.sleep):
        self.interval, self.timeout, self.clock, self.sleep = interval, timeout, clock, sleep
        self.last: float | None = None
        self.robots: dict[str, urllib.robotparser.RobotFileParser] = {}

    def _wait(self) -> None:
        if self.last is not None:
            delay = self.interval - (self.clock() - self.last)
            if delay > 0:
                self.sleep(delay)
        self.last = self.clock()

    def _get(self, url: str) -> tuple[bytes, str | None, str]:
        self._wait()
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        opener = urllib.request.build_opener(_SameSite())
        with opener.open(request, timeout=self.timeout) as answer:
            data = answer.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                raise InputError(url, None, None, _("more than {limit:,} bytes: not read").format(limit=MAX_BYTES))
            return data, answer.headers.get("Content-Type"), answer.geturl()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        if base not in self.robots:
            parser = urllib.robotparser.RobotFileParser(base + "/robots.txt")
            try:
                data, _type, _url = self._get(base + "/robots.txt")
                parser.parse(data.decode("utf-8", "replace").splitlines())
            except urllib.error.HTTPError as exc:  # as urllib.robotparser reads it: 401/403 forbid, other 4xx allow
                allowed = 400 <= exc.code < 500 and exc.code not in (401, 403)
                parser.parse([] if allowed else ["User-agent: *", "Disallow: /"])
            except (urllib.error.URLError, OSError):
                parser.parse([])
            self.robots[base] = parser
        return self.robots[base].can_fetch(USER_AGENT, url)

    def __call__(self, url: str) -> Fetched:
        if urlsplit(url).scheme not in ("http", "https"):
            raise InputError(url, None, None, _("only http and https addresses are fetched"))
        if not self.allowed(url):
            raise InputError(url, None, None, _("robots.txt of the site does not allow velvoite to read it"))
        try:
            data, content_type, final = self._get(url)
        except urllib.error.HTTPError as exc:
            raise InputError(url, None, None, _("the site answered {status}").format(status=exc.code)) from None
        except (urllib.error.URLError, OSError) as exc:
            raise InputError(url, None, None, _("cannot be fetched: {problem}").format(
                problem=str(getattr(exc, "reason", exc))[:120])) from None
        return Fetched(data, content_type, final)
