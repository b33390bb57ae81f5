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
from velvoite.harvest.pipeline import MAX_BYTES  # one document, whether fetched or read from a file
from velvoite.i18n import _

USER_AGENT = f"velvoite/{__version__} (+https://github.com/velvoite; minutes harvest for statutory duties)"


@dataclass
class Fetched:
    data: bytes
    content_type: str | None
    url: str


class SameSite(urllib.request.HTTPRedirectHandler):
    """A redirect is followed only within the site asked (its robots.txt was read) and only to an
    address its robots.txt allows; one elsewhere is refused, not followed."""

    def __init__(self, allowed=None) -> None:
        super().__init__()
        self.allowed = allowed

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).netloc != urlsplit(req.full_url).netloc:
            raise InputError(req.full_url, None, None, _("the site redirects elsewhere ({address}): not followed").format(
                address=newurl[:120]))
        if self.allowed is not None and not self.allowed(newurl):
            raise InputError(req.full_url, None, None, _("the site redirects to {address}, which its robots.txt does "
                                                         "not allow velvoite to read: not followed").format(
                address=newurl[:120]))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def shown(url: str) -> str:
    """An address as messages show it: without a user name or password."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    return parts._replace(netloc=host + (f":{parts.port}" if parts.port else "")).geturl()


class PoliteFetcher:
    """``fetcher(url) -> Fetched``: one request a second, robots.txt asked once per host."""

    def __init__(self, interval: float = 1.0, timeout: float = 30.0, clock=time.monotonic, sleep=time.sleep,
                 deadline: float = 120.0):
        # timeout: silence allowed between two reads; deadline: the whole answer (a server trickling
        # a byte at a time never times out a read)
        self.interval, self.timeout, self.clock, self.sleep = interval, timeout, clock, sleep
        self.deadline = deadline
        self.last: float | None = None
        self.robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self.unread: dict[str, str] = {}  # sites whose robots.txt could not be read: why

    def _wait(self) -> None:
        if self.last is not None:
            delay = self.interval - (self.clock() - self.last)
            if delay > 0:
                self.sleep(delay)
        self.last = self.clock()

    def _get(self, url: str, robots: bool = False) -> tuple[bytes, str | None, str]:
        self._wait()
        start = time.monotonic()
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        opener = urllib.request.build_opener(SameSite(None if robots else self.allowed))
        with opener.open(request, timeout=self.timeout) as answer:
            chunks, size = [], 0
            while size <= MAX_BYTES:
                chunk = answer.read1(1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
                if time.monotonic() - start > self.deadline:
                    raise InputError(shown(url), None, None, _("no whole answer within {n:g} seconds: not read").format(
                        n=self.deadline))
            if size > MAX_BYTES:
                raise InputError(shown(url), None, None, _("more than {limit:,} bytes: not read").format(
                    limit=MAX_BYTES))
            return b"".join(chunks), answer.headers.get("Content-Type"), answer.geturl()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        if base not in self.robots:
            parser = urllib.robotparser.RobotFileParser(base + "/robots.txt")
            try:
                data, _type, _url = self._get(base + "/robots.txt", robots=True)
                parser.parse(data.decode("utf-8", "replace").splitlines())
            except urllib.error.HTTPError as exc:  # as urllib.robotparser reads it: 401/403 forbid, other 4xx allow
                allowed = 400 <= exc.code < 500 and exc.code not in (401, 403)
                parser.parse([] if allowed else ["User-agent: *", "Disallow: /"])
            except (urllib.error.URLError, OSError) as exc:  # RFC 9309 2.3.1.4: unreachable is complete disallow
                parser.parse(["User-agent: *", "Disallow: /"])
                self.unread[base] = str(getattr(exc, "reason", exc))[:120]
            self.robots[base] = parser
        return self.robots[base].can_fetch(USER_AGENT, url)

    def __call__(self, url: str) -> Fetched:
        if urlsplit(url).scheme not in ("http", "https"):
            raise InputError(shown(url), None, None, _("only http and https addresses are fetched"))
        if shown(url) != url:  # never sent, never written into a proposal or a message
            raise InputError(shown(url), None, None, _("an address with a user name or password is not fetched "
                                                       "(minutes are public): give it without them"))
        if not self.allowed(url):
            parts = urlsplit(url)
            if (why := self.unread.get(f"{parts.scheme}://{parts.netloc}")) is not None:
                raise InputError(shown(url), None, None, _(
                    "robots.txt of the site could not be read ({problem}): nothing is fetched from it").format(
                    problem=why))
            raise InputError(shown(url), None, None, _("robots.txt of the site does not allow velvoite to read it"))
        try:
            data, content_type, final = self._get(url)
        except urllib.error.HTTPError as exc:
            raise InputError(shown(url), None, None, _("the site answered {status}").format(status=exc.code)) from None
        except (urllib.error.URLError, OSError) as exc:
            raise InputError(shown(url), None, None, _("cannot be fetched: {problem}").format(
                problem=str(getattr(exc, "reason", exc))[:120])) from None
        return Fetched(data, content_type, final)
