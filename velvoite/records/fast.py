"""The fast load path: a plain row becomes a ``Record`` through caches of what its values mean.

A national data set says the same few things again and again: a few hundred organisation names,
a handful of kinds and bodies, a few thousand days. The validating path (``loader``) checks every
row from the start (text policy, pydantic, name resolution, the fields a kind carries); here each
distinct value is understood once, by the validating path's own functions, and a row whose values
are all understood and fit together is built directly.

Anything else goes back to the validating path, which then reports it exactly as before: a value
not understood (an unknown name, a bad date), a value with characters the text policy looks at,
a spreadsheet number cell (the leading-zeros check), a date out of range or an organisation that
did not exist on it, a field the kind does not carry, and the fields this path does not handle
(``valid_from``, ``valid_until``, ``also_counts_as``). The records built here equal the
validating path's (tests/test_fast_path.py compares them on generated and real rows).
"""

from __future__ import annotations

import datetime as dt

from velvoite.records.fields import parse_date, split_names
from velvoite.records.ids import valid_id
from velvoite.records.kinds import COMMON_FIELDS as COMMON, catalogue, org_list_fields, pack_fields
from velvoite.records.model import Record, body_value, kind_value
from velvoite.records.tables import RawRecord
from velvoite.records.text import MAX_TEXT, is_nfc, unusual

OWN = ("id", "org", "kind", "date", "body", "participants", "reference", "url", "notes")  # (not also_counts_as)
UNSET = object()
FAILS = object()  # a value the validating path must report on
_CACHED_TYPES = ("yes_no", "choice", "choices", "date")  # pure functions of the text: understood once


class Built(RawRecord):
    """A row whose record the columnar reader (``velvoite.columnar.load``) already built with this
    path's caches; ``values`` holds only its date text (for the two-digit-year note)."""

    __slots__ = ("record",)


def text_ok(text: str) -> bool:
    """The fast path's text policy: nothing ``records.text.text_problem`` looks at (printable text has
    no control characters or surrogates), NFC, not too long; anything else the validating path reads."""
    return not ((not text.isprintable() and unusual(text)) or not (text.isascii() or is_nfc(text))
                or len(text) > MAX_TEXT)


class FastPath:
    """Caches of one run's values; ``build(raw)`` is a Record, or None for the validating path."""

    def __init__(self, registry, options, date_problem):
        self.registry, self.options, self.date_problem = registry, options, date_problem
        self.declared = pack_fields()
        self.lists = frozenset(org_list_fields())
        self.handled = frozenset(OWN).union(self.declared)
        self.kinds: dict = {}
        self.bodies: dict = {}
        self.dates: dict = {}
        self.orgs: dict = {}
        self.names: dict = {}
        self.converted: dict = {}
        self.datas: dict = {}

    def once(self, cache: dict, key, compute):
        """``compute(key)`` asked once per key (``FAILS`` for a ValueError), kept in ``cache``."""
        found = cache.get(key, UNSET)
        if found is UNSET:
            try:
                found = compute(key)
            except ValueError:
                found = FAILS
            cache[key] = found
        return found

    def day(self, text: str):
        """A date cell's day, or ``FAILS`` when the run refuses it (``loader._date_problem``)."""
        day = parse_date(text)
        return FAILS if self.date_problem(day, self.options, True) else day

    def org(self, name: str):
        """The organisation a name, code or id names; ValueError for none."""
        org = self.registry.lookup(name)
        if org is None:
            raise ValueError(name)  # unknown: the validating path says so, with suggestions
        return org

    def org_list(self, text: str):
        """The organisations a cell names, and their ids (one tuple shared by every row that says so)."""
        orgs = [self.once(self.orgs, name, self.org) for name in split_names(text)]
        if any(o is FAILS for o in orgs):  # (by identity: `in` would compare every Organisation field by field)
            return FAILS
        orgs = tuple({o.id: o for o in orgs}.values())  # (by id: an Organisation hashes every field)
        return orgs, tuple(o.id for o in orgs)

    def _convert(self, key: tuple[str, str]):
        return self.declared[key[0]].convert(key[1])

    def build(self, raw: RawRecord) -> Record | None:
        if raw.__class__ is Built:
            return raw.record
        values = raw.values
        if raw.numeric or not self.handled.issuperset(values):
            return None
        get = values.get
        try:
            joined = " ".join(values.values())  # one scan of all the text for the text policy
        except TypeError:  # a value that is not text: a date cell or a YAML date may be the date
            day = get("date")
            if day.__class__ is not dt.date or not all(v.__class__ is str for k, v in values.items() if k != "date"):
                return None  # YAML's numbers, lists, other dates: the validating path
            joined = " ".join(v for k, v in values.items() if k != "date")
        if not text_ok(joined):
            return None
        if not raw.labels and not all(text.strip() for text in values.values() if text.__class__ is str):
            return None  # a blank text of a mapping (a table drops its blank cells): the validating path reads it as none
        kind = self.kinds.get(get("kind"), UNSET)
        if kind is UNSET:
            kind = self.once(self.kinds, get("kind"), kind_value)
        day = self.dates.get(get("date"), UNSET)
        if day is UNSET:
            day = self.once(self.dates, get("date"), self.day)
        org = self.orgs.get(get("org"), UNSET)
        if org is UNSET:
            org = self.once(self.orgs, get("org"), self.org)
        if kind is FAILS or day is FAILS or org is FAILS or not org.exists_on(day):
            return None
        rid = get("id")
        if rid and not valid_id(rid):
            return None  # an id the rule refuses (records.ids): the validating path says why
        body = None
        if "body" in values:
            body = self.once(self.bodies, values["body"], body_value)
            if body is FAILS:
                return None
        participants, data = (), None
        if len(values) > len(COMMON.intersection(values)):
            extra = self._extra(values, kind, day)
            if extra is None:
                return None
            participants, data = extra
        record = object.__new__(Record)
        for setter, value in zip(SETTERS, (get("id"), org.id, kind, day, body, participants, get("reference"),
                                            get("url"), None, None, (), get("notes"), data, (), False)):
            setter(record, value)
        return record

    def _extra(self, values: dict, kind: str, day) -> tuple[tuple, dict | None] | None:
        """The participants and pack fields of a row, or None when the validating path must see it."""
        carried = catalogue()[kind].fields
        participants: tuple = ()
        data: dict = {}
        for name, text in values.items():
            if name in COMMON:
                continue
            if name not in carried:
                return None  # a field the kind does not carry: the validating path says so
            if name in self.lists:
                named = self.once(self.names, text, self.org_list)
                if named is FAILS or not all(o.exists_on(day) for o in named[0]):
                    return None
                ids = named[1]
                if name == "participants":
                    participants = ids
                elif ids:
                    data[name] = ids
                continue
            decl = self.declared[name]
            if decl.type in _CACHED_TYPES:
                value = self.once(self.converted, (name, text), self._convert)
            else:
                try:
                    value = decl.convert(text)
                except ValueError:
                    return None
            if value is FAILS:
                return None
            if value not in (None, ()):
                data[name] = value
        if not data:
            return participants, None
        # rows that say the same (hyte_goals: kyllä) share one mapping: a million records keep a few
        # thousand (records are frozen, and nothing changes ``data`` after loading)
        key = tuple(data.items())
        return participants, self.datas.setdefault(key, data)


# The record's fields in the order ``build`` gives them, set without validation (they are valid).
_ORDER = ("id", "org", "kind", "date", "body", "participants", "reference", "url", "valid_from", "valid_until",
          "also_counts_as", "notes", "data", "confirmed_by", "derived_id")
SETTERS = tuple(getattr(Record, name).__set__ for name in _ORDER)
