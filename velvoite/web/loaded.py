"""The workspace's records as a server worker holds them (issue 29): read and validated in full
once, then kept current by the writes made since, by this worker or another, instead of read again.

Every write raises the data version (``DataVersion``, ``version.touch``) in its own transaction; a
request reads that one number, and when it moved, the history rows written since (``Change``, each
naming the stored record it wrote) say which records to read again: only those are validated (as
the loader validates them) and put in place. More changes than a tenth of the records, a history
row without its record, or a record that no longer validates: everything is read again, as before,
and that read raises what the loader says.

A ``Snapshot`` never changes once made: a write makes the next one (copy on write), so a request
works on the records of one version from start to end while another applies a change. It indexes
the records by the organisations they name (organiser and participants): an organisation's audit
reads its own records and its county's, not all. It keeps what was computed from it (audits, their
JSON) by key and the organisations each concerns; a write carries forward to the next snapshot
everything that concerns none of the organisations its records count for.
"""

from __future__ import annotations

import functools
import threading

from velvoite.errors import VelvoiteError
from velvoite.gcpause import paused
from velvoite.records.sources import KEPT, Sources
from velvoite.web.confirmations import standing_confirmations
from velvoite.web.stored_rows import in_orders, stored_records
from velvoite.web.version import data_version

RELOAD_SHARE = 10  # more changed records than a tenth of them (and than RELOAD_FLOOR): read all again
RELOAD_FLOOR = 1000
KEEP = 512  # results kept per snapshot (audits of every organisation and region in three languages fit)
EVERYONE = None  # a change that concerns every result (a waiver: it may waive anyone's duty)


class Snapshot:
    """The records of one data version, by their stored key, and indexed by party."""

    def __init__(self, version, mark: int, by_pk: dict, parties: dict, kept: dict, sources: Sources,
                 results: dict | None = None):
        self.version, self.mark = version, mark  # the data version; the last history row applied
        self.by_pk = by_pk  # stored key -> Record
        self.parties = parties  # organisation id -> frozenset of the keys of the records naming it
        self.kept = kept  # stored key -> Record, the records of KEPT kinds (waivers)
        self.sources = sources
        self.results = results if results is not None else {}  # key -> (organisations or EVERYONE, result)
        self._lock = threading.Lock()

    @functools.cached_property
    def records(self) -> list:
        """Every record, in the order they were stored (as the loader reads them)."""
        return [self.by_pk[k] for k in sorted(self.by_pk)]

    @functools.cached_property
    def kept_records(self) -> list:
        return [self.kept[k] for k in sorted(self.kept)]

    def for_orgs(self, registry, ids, kept: bool = False) -> list:
        """The records that may count for the organisations ``ids``: those naming one of them or
        its county (a county's record may stand for its members), in the order they were stored.
        A superset of what ``engine.facts.all_facts`` keeps for them, which filters it again.
        ``kept``: every waiver too (they are checked together)."""
        keys: set = set(self.kept) if kept else set()
        for org in registry.and_counties(ids):
            keys.update(self.parties.get(org, ()))
        by_pk = self.by_pk
        return [by_pk[k] for k in sorted(keys)]

    def memo(self, key, orgs, compute):
        """``compute()``, kept under ``key`` while no write concerns ``orgs`` (ids; EVERYONE: any write)."""
        found = self.results.get(key)
        if found is not None:
            return found[1]
        value = compute()
        with self._lock:
            if len(self.results) >= KEEP:
                self.results.pop(next(iter(self.results)))
            self.results[key] = (None if orgs is EVERYONE else frozenset(orgs), value)
        return value

    def at(self, version) -> "Snapshot":
        """The same records, known to be those of ``version``."""
        return Snapshot(version, self.mark, self.by_pk, self.parties, self.kept, self.sources, self.results)


def _last_change() -> int:
    from velvoite.web.workspace.models import Change  # (the app registry is ready only after configure)

    return Change.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _validated(rows: list, folder: str, registry, sources: Sources) -> list:
    """The records of stored rows (key, mapping), validated as the loader validates a workspace's,
    with the participants whose confirmation holds (``confirmed_by``)."""
    with paused():
        records = stored_records(in_orders([values for _pk, values in rows]), folder, registry, sources)
    confirmed = standing_confirmations({r.id: values for r, (_pk, values) in zip(records, rows)})
    for record in records:
        orgs = confirmed.get(record.id)
        if orgs:
            object.__setattr__(record, "confirmed_by", orgs)  # (frozen: set once, before anyone shares it)
    return records


def concerns(record, registry):
    """The organisations whose results a change of ``record`` may change: those it names, and a
    county's members (its record may stand for them); EVERYONE for a waiver."""
    if record.kind in KEPT:
        return EVERYONE
    orgs = set(record.parties)
    organiser = registry.orgs.get(record.org)
    if organiser is not None and organiser.kind == "county":
        orgs.update(registry.members(organiser.id))
    return orgs


class Loaded:
    """The records of one workspace for one server process: ``current()`` the snapshot of the data
    version now, read in full only the first time and when updating cannot be done."""

    def __init__(self, folder: str, registry, declare_kinds):
        self.folder, self.registry, self._declare = folder, registry, declare_kinds
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self.full_loads = 0  # (how often everything was read: the tests and the benchmark ask)

    def current(self) -> Snapshot:
        version = data_version()
        snapshot = self._snapshot
        if snapshot is not None and version is not None and snapshot.version == version:
            return snapshot
        with self._lock:  # one thread brings the records up to date; the others wait for them
            snapshot = self._snapshot
            if snapshot is not None and version is not None and snapshot.version == version:
                return snapshot
            self._snapshot = snapshot = self._updated(snapshot, version)
            return snapshot

    def _updated(self, old: Snapshot | None, version) -> Snapshot:
        from velvoite.web.workspace.models import Change, StoredRecord  # (the app registry: after configure)

        if old is None or version is None:
            return self._full()
        changes = list(Change.objects.filter(id__gt=old.mark).order_by("id").values_list("id", "identity"))
        if not changes:
            return old.at(version)
        keys = {identity for _id, identity in changes}
        if None in keys or len(keys) > max(RELOAD_FLOOR, len(old.by_pk) // RELOAD_SHARE):
            return self._full()
        rows = list(StoredRecord.objects.filter(pk__in=sorted(keys)).order_by("id").values_list("id", "values"))
        self._declare()
        sources = Sources()
        try:
            fresh = dict(zip((pk for pk, _values in rows), _validated(rows, self.folder, self.registry, sources)))
        except VelvoiteError:  # a stored record that no longer validates: the full read says so, as before
            return self._full()
        return self._applied(old, version, changes[-1][0], keys, fresh, sources)

    def _applied(self, old: Snapshot, version, mark: int, keys: set, fresh: dict, sources: Sources) -> Snapshot:
        """``old`` with the records of ``keys`` as ``fresh`` has them (absent: removed)."""
        by_pk, kept, parties = dict(old.by_pk), dict(old.kept), dict(old.parties)
        touched: set = set()
        everyone = False

        def index(record, pk, add: bool) -> None:
            nonlocal everyone
            for org in record.parties:
                found = parties.get(org, frozenset())
                parties[org] = found | {pk} if add else found - {pk}
            orgs = concerns(record, self.registry)
            if orgs is EVERYONE:
                everyone = True
            else:
                touched.update(orgs)

        for pk in keys:
            before = by_pk.pop(pk, None)
            kept.pop(pk, None)
            if before is not None:
                index(before, pk, False)
            record = fresh.get(pk)
            if record is not None:
                by_pk[pk] = record
                if record.kind in KEPT:
                    kept[pk] = record
                index(record, pk, True)
        results = {} if everyone else {key: (orgs, value) for key, (orgs, value) in list(old.results.items())
                                        if orgs is not None and orgs.isdisjoint(touched)}
        return Snapshot(version, mark, by_pk, parties, kept, old.sources.merged(sources), results)

    def _full(self) -> Snapshot:
        """Every stored record read and validated (the first request, and when updating cannot)."""
        from velvoite.web.workspace.models import StoredRecord  # (the app registry is ready only after configure)

        self.full_loads += 1
        version, mark = data_version(), _last_change()  # (before the records: a write meanwhile is applied later)
        self._declare()
        rows = list(StoredRecord.objects.order_by("id").values_list("id", "values"))
        sources = Sources()
        records = _validated(rows, self.folder, self.registry, sources)
        by_pk, kept, parties = {}, {}, {}
        for (pk, _values), record in zip(rows, records):
            by_pk[pk] = record
            if record.kind in KEPT:
                kept[pk] = record
            for org in record.parties:
                parties.setdefault(org, set()).add(pk)
        return Snapshot(version, mark, by_pk, {org: frozenset(ks) for org, ks in parties.items()}, kept, sources)
