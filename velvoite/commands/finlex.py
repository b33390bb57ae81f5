"""``velvoite law --online``: the consolidated acts from the Finlex open-data API (the only network
velvoite's command line uses, and only when asked). Politely: a User-Agent naming velvoite, one
request a second, a 429 or 503 waited out as its Retry-After says (at most a few times), answers kept
in the user's cache folder for a while (``$XDG_CACHE_HOME/velvoite/finlex``, ``~/.cache`` by
default), and with ``--save FOLDER`` each act also written where ``--source`` reads it."""

from __future__ import annotations

import email.utils
import hashlib
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from velvoite import __version__
from velvoite.commands.common import UserError
from velvoite.harvest.fetch import SameSite
from velvoite.i18n import _, ngettext

API = "https://opendata.finlex.fi/finlex/avoindata/v1"
USER_AGENT = f"velvoite/{__version__} (law-change watch of rule packs; Python urllib)"
INTERVAL = 1.0  # seconds between requests
MAX_AGE = 12 * 3600  # a cached answer is used for this long
ATTEMPTS = 4
LONGEST_WAIT = 120
DEADLINE = 300.0  # seconds for one whole answer (a server trickling a byte at a time never times out a read)
LANGS = {"fi": "fin", "sv": "swe"}


def cache_folder() -> Path:
    """The user's cache folder for Finlex answers (XDG on Linux, the platform's elsewhere)."""
    if os.environ.get("XDG_CACHE_HOME"):
        base = Path(os.environ["XDG_CACHE_HOME"])
    elif sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path.home() / ".cache"
    return base / "velvoite" / "finlex"


def _wait(header: str | None, attempt: int) -> float:
    """Seconds a Retry-After asks for (a number or an HTTP date), else a doubling backoff; bounded."""
    seconds = float(2 ** attempt)
    if header:
        header = header.strip()
        if header.isdigit():
            seconds = float(header)
        else:
            try:  # (raises on a malformed date since Python 3.10: the backoff then)
                seconds = email.utils.parsedate_to_datetime(header).timestamp() - time.time()
            except (TypeError, ValueError, OverflowError):
                pass
    return max(0.0, min(seconds, LONGEST_WAIT))


class Finlex:
    """The consolidated acts of the open-data API at ``api``, one language at a time."""

    def __init__(self, api: str = API, cache: Path | None = None, interval: float | None = None):
        self.api = api.rstrip("/")
        self.cache = cache if cache is not None else cache_folder()
        self.interval = INTERVAL if interval is None else interval
        self._last = float("-inf")
        self.requests = 0

    def url(self, act: str, lang: str) -> str:
        number, year = act.split("/")
        return f"{self.api}/akn/fi/act/statute-consolidated/{year}/{number}/{LANGS[lang]}@latest"

    def get(self, act: str, lang: str) -> bytes | None:
        """The newest consolidated text of ``act`` in ``lang``; None when the API has none (404)."""
        url = self.url(act, lang)
        cached = self.cache / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".xml")
        try:
            if time.time() - cached.stat().st_mtime < MAX_AGE:
                return cached.read_bytes()
        except OSError:
            pass
        data = self._fetch(url)
        if data is not None:
            try:
                self.cache.mkdir(parents=True, exist_ok=True)
                partial = cached.with_suffix(".part")
                partial.write_bytes(data)
                partial.replace(cached)
            except OSError:
                pass  # a cache that cannot be written only costs the next run a request
        return data

    def _fetch(self, url: str) -> bytes | None:
        from velvoite.law.akn import MAX_BYTES

        for attempt in range(ATTEMPTS):
            time.sleep(max(0.0, self._last + self.interval - time.monotonic()))
            self._last = time.monotonic()
            self.requests += 1
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/xml"})
            try:
                # redirects only within the API's own site, as harvest's fetcher follows them
                with urllib.request.build_opener(SameSite()).open(request, timeout=60) as answer:  # noqa: S310
                    data = _read(answer, MAX_BYTES + 1, url)
                    if len(data) > MAX_BYTES:
                        raise UserError(_("{url}: the answer is larger than {n} bytes").format(url=url, n=MAX_BYTES))
                    return data
            except urllib.error.HTTPError as exc:
                if exc.code == 404:
                    return None
                if exc.code in (429, 503) and attempt + 1 < ATTEMPTS:
                    time.sleep(_wait(exc.headers.get("Retry-After"), attempt))
                    continue
                raise UserError(_("{url}: the server answered {status}").format(url=url, status=exc.code)) from None
            except (urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                raise UserError(_("could not reach {url}: {reason}").format(url=url, reason=reason)) from None
        raise UserError(_("{url}: still too many requests after {n} tries; try again later").format(
            url=url, n=ATTEMPTS))  # pragma: no cover (the loop returns or raises)


def _read(answer, limit: int, url: str) -> bytes:
    """At most ``limit`` bytes of an answer, within ``DEADLINE`` seconds."""
    start, chunks, size = time.monotonic(), [], 0
    while size < limit:
        chunk = answer.read1(min(1 << 16, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if time.monotonic() - start > DEADLINE:
            raise UserError(_("{url}: no whole answer within {n:g} seconds").format(url=url, n=DEADLINE))
    return b"".join(chunks)


def fetch_acts(acts: list[str], api: str, save: str | None, progress=None) -> dict:
    """The consolidated acts (Finnish and Swedish) the API has for ``acts``, by act and language;
    each answer read as a file would be (an answer that is not an act is an error naming its URL).
    ``progress`` (``velvoite.progress``) hears the acts fetched."""
    from velvoite.progress import SILENT

    from velvoite.commands.common import refuse_if_read

    if not api.startswith(("http://", "https://")):
        raise UserError(_("--api {url}: the open-data API is an http or https address").format(url=api))
    if "@" in api.split("/")[2]:  # a user name or password: never sent, never shown
        raise UserError(_("--api: an address with a user name or password is not used (the open data is public)"))
    finlex = Finlex(api)
    found, saved = {}, []
    label = ngettext("Fetching {n} act from Finlex", "Fetching {n} acts from Finlex", len(acts)).format(n=len(acts))
    with (progress or SILENT).task(label, len(acts)) as step:
        for done, act in enumerate(acts, 1):
            _fetch_act(finlex, act, save, found, saved)
            step(done)
    for path, _data in saved:  # nothing saved until every answer read, nor onto what the run reads
        refuse_if_read(path)
    for path, data in saved:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return found


def _fetch_act(finlex: Finlex, act: str, save: str | None, found: dict, saved: list) -> None:
    """One act's consolidated texts (Finnish and Swedish) into ``found``, and what ``save`` will write."""
    from velvoite.law.akn import parse

    for lang in LANGS:
        data = finlex.get(act, lang)
        if data is None:
            continue
        docs = parse(data, finlex.url(act, lang))
        doc = next((d for d in docs if d.act == act and d.lang == lang), None)
        if doc is None:
            raise UserError(_("{url}: the answer is {other}, not {act}").format(
                url=finlex.url(act, lang), other=", ".join(f"{d.act} ({d.lang})" for d in docs), act=act))
        found[(act, doc.lang)] = doc
        if save:
            number, year = act.split("/")
            saved.append((Path(save) / f"{year}-{number}.{LANGS[lang]}.xml", data))
