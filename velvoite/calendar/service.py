"""The calendar feeds as a service, without HTTP: records cached by the state of their files,
finished feeds cached by (files' state, feed, language, day), and the last good data kept when
a file stops validating.

Each request stats the record files (size, mtime, inode, and which files there are); only when
that state changed are the records read again. If they no longer validate, the feeds keep being
computed from the last records that did, and ``stale`` says why (the server puts it in a header
and its log); a deleted file changes the state like any other edit.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from velvoite.errors import InputError, InputErrors, ReferenceError_
from velvoite.records.files import record_files
from velvoite.i18n import _
from velvoite.calendar.ics import export_calendar

FEED_CACHE = 256  # finished feeds kept (330 organisations × 3 languages fit a day's polling well)


@dataclass(frozen=True)
class Feed:
    """One finished feed: its bytes, a strong ETag, when its inputs last changed, and a staleness note."""

    body: bytes
    etag: str
    last_modified: dt.datetime
    stale: str | None = None

    @functools.cached_property
    def gzipped(self) -> bytes:
        """The body gzipped (once per feed; no time stamp in it, so the same feed gives the same bytes)."""
        return gzip.compress(self.body, mtime=0)


def files_state(paths: list[str]) -> tuple:
    """What identifies the record files' content cheaply: each file's path, size, mtime and inode."""
    try:
        found, errors = record_files(paths, skip_unknown=True)
    except OSError:
        return ("unreadable",)
    state = []
    for path, _display in found:
        try:
            st = path.stat()
        except OSError:
            continue
        state.append((str(path), st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(state) + tuple(e.format() for e in errors)


def feed_export(system, remind: tuple[int, ...] = (30, 7), include_met: bool = False,
                stamp: dt.datetime | None = None) -> Callable:
    """``export(records, kind, org_id, lang, today) -> bytes`` for a FeedService: the calendar of an
    organisation (``kind`` "org") or of a region, as ``velvoite calendar`` exports it by the run
    context ``system`` (``velvoite.system``; its waivers those the feed may show). Safe from
    several threads at once on either engine (durable-rules answers them in turn from its worker)."""
    def export(records, kind: str, org_id: str, lang: str, day: dt.date) -> bytes:
        registry = system.registry
        org = registry.orgs[org_id]
        scope = registry.region(org_id) if kind == "region" else [org]
        return export_calendar(system, records, scope, org.name(lang), day, lang=lang, remind=remind,
                               include_met=include_met, stamp=stamp)
    return export


class FeedService:
    """Feeds for ``serve``: ``load() -> records`` reads the records, ``export(records, kind, org,
    lang, today) -> bytes`` computes one feed; both are called as rarely as the caches allow.
    ``state() -> tuple`` says what the records are now (default: the files' state of ``paths``; a
    database workspace gives the number of its last change)."""

    def __init__(self, paths: list[str], registry, load: Callable, export: Callable, log: Callable[[str], None],
                 state: Callable[[], tuple] | None = None):
        self.paths, self.registry, self._load, self._export, self._log = paths, registry, load, export, log
        self._state_now = state or (lambda: files_state(self.paths))
        self._lock = threading.Lock()
        self._state: tuple | None = None
        self._records: list = []
        self._stale: str | None = None
        self._feeds: OrderedDict = OrderedDict()

    def start(self, state: tuple, records: list) -> None:
        """Begin with records already read (and validated) from files in ``state`` (taken before
        reading them: a change while they were read is then seen), so the first request does not
        read them again."""
        with self._lock:
            self._state, self._records, self._stale = state, records, None

    def target(self, kind: str, ref: str) -> str:
        """The organisation id a feed path names; ReferenceError_ (a 404) before anything is computed."""
        if kind == "region":
            return self.registry.region(ref)[0].id
        return self.registry.resolve(ref).id

    def _current(self) -> tuple[tuple, list, str | None]:
        state = self._state_now()
        with self._lock:
            if state != self._state:
                try:
                    self._records, self._stale = self._load(), None
                except (InputError, InputErrors) as exc:
                    first = str(exc).splitlines()[0]
                    self._stale = "the record files do not validate; serving the last good data"  # an HTTP header: ASCII
                    self._log(_("records do not validate, serving the last good data: {error}").format(error=first))
                self._state = state
            return state, self._records, self._stale

    def feed(self, kind: str, org_id: str, lang: str, today: dt.date) -> Feed:
        state, records, stale = self._current()
        key = (state, kind, org_id, lang, today)  # the state itself: equal hashes must not share a feed
        with self._lock:
            if key in self._feeds:
                self._feeds.move_to_end(key)
                return self._feeds[key]
        body = self._export(records, kind, org_id, lang, today)
        changed = max((s[2] for s in state if isinstance(s, tuple)), default=0)
        midnight = dt.datetime.combine(today, dt.time(), dt.timezone.utc)
        modified = max(dt.datetime.fromtimestamp(changed / 1e9, dt.timezone.utc).replace(microsecond=0), midnight)
        result = Feed(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"', modified, stale)
        with self._lock:
            self._feeds[key] = result
            while len(self._feeds) > FEED_CACHE:
                self._feeds.popitem(last=False)
        return result


__all__ = ["Feed", "FeedService", "ReferenceError_", "files_state"]
