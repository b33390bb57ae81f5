"""What the server knows besides the database: the run's settings (``velvoite serve`` makes them
from the command line and velvoite.toml: registry, rule packs, engine, waivers), the day (the
command's clock, given to it), and the records of the workspace, cached until they change.

A request speaks its own language (``velvoite.i18n.speaking``, a context variable): requests in
different languages run at once without mixing their words. ``lock`` only makes one thread load the
packs and the records while the others wait for them.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from velvoite.records import load_records, records_from_mappings
from velvoite.records.loader import ReadOptions
from velvoite.records.sources import KEPT, Sources
from velvoite.system import System
from velvoite.web.loaded import Loaded
from velvoite.web.source import DATABASE


@dataclass
class State:
    folder: str
    settings: object  # commands.common.Settings of the run
    today: Callable  # commands.common.today (tests pin a day)
    lock: threading.RLock = field(default_factory=threading.RLock)
    reload_all: bool = False  # the records read again in full after any write (as before issue 29: the benchmark's baseline)
    compute: object = None  # velvoite serve's web.compute.Pool: audits and reports in processes of their own
    _cache: tuple = ()
    _loaded: object = None

    @functools.cached_property
    def system(self):
        """The run context of the workspace (``velvoite.system``): the settings' registry, packs and
        engine, the state's clock, and the waivers of the stored records (``waivers``)."""
        return System.of(self.settings, self.today).with_waivers(self.waivers)

    @property
    def registry(self):
        return self.settings.registry

    @property
    def engine(self) -> str:
        return self.settings.engine

    def rules(self, include: tuple[str, ...] = ()) -> dict:
        """The duties, and advice or incentives only when ``include`` names them (as ``--include``)."""
        return self.settings.rules_for(include)

    def waivers(self, records) -> dict:
        """velvoite.toml's waivers and those recorded among ``records`` (errors name the stored
        record by its id: a database has no lines)."""
        return self.settings.waivers_of(records, self.current()[2])

    def declare_kinds(self) -> None:
        """Load the packs in use before any record is read or checked: they declare the kinds and
        fields records may have (a user pack's kind was unknown until an audit loaded its rules)."""
        with self.lock:  # once, by one thread: loading the packs resets the kinds catalogue
            self.settings.rules  # noqa: B018

    def check(self, mapping: dict, source: str = "record"):
        """A record given as a mapping (web form, API), validated as a file's record would be;
        InputErrors name the field. A waiver is also checked against the rules in use and the waivers
        already kept (velvoite.toml's, the other stored ones), as an audit of files checks it: stored
        unchecked, it would make every audit, report and feed of the workspace fail."""
        self.declare_kinds()
        sources = Sources()
        record = records_from_mappings([mapping], source, self.registry, sources)[0]
        if record.kind in KEPT:  # the checks of meaning a waiver gets when an audit reads it, the stored ones beside it
            _mark, stored, stored_sources = self.current()
            others = [r for r in stored if r.kind == record.kind and r.id != record.id]
            self.settings.waivers_of([*others, record], stored_sources.merged(sources))
        return record

    def records(self) -> list:
        """The workspace's records, validated as files are; read again after any change."""
        return self.current()[1]

    def loaded(self):
        """The records kept current by the writes since they were read (``web.loaded``)."""
        if self._loaded is not None:
            return self._loaded
        with self.lock:
            if self._loaded is None:
                self._loaded = Loaded(self.folder, self.registry, self.declare_kinds)
            return self._loaded

    def current(self) -> tuple:
        """(the state of the records: the data version, the records, where each was read)."""
        if not self.reload_all:
            snapshot = self.loaded().current()
            return snapshot.version, snapshot.records, snapshot.sources
        from velvoite.web.workspace.models import Change  # (the app registry is ready only after configure)

        mark = Change.objects.order_by("-id").values_list("id", flat=True).first()
        cached = self._cache
        if cached and cached[0] == mark:
            return cached
        with self.lock:  # one thread reads them; the others wait for its records
            if self._cache and self._cache[0] == mark:
                return self._cache
            self.declare_kinds()
            sources = Sources()
            records = load_records([self.folder], self.registry, None, ReadOptions(stored=DATABASE), sources)
            self._cache = (mark, records, sources)
            return self._cache


_state: list[State] = []


def set_state(state: State) -> None:
    _state[:] = [state]


def state() -> State:
    return _state[0]
