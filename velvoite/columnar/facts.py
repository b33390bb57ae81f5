"""Evidence facts as a frame: ``engine.facts`` done with columns instead of an object per fact.

The same facts as ``engine.facts.record_facts`` makes, by the same rules: one row per record, party
it stands for (``engine.standing``: the organiser, the other side of the duty, a participant that
confirmed it) and kind it counts as (``Record.kinds``: its own, ``also_counts_as``, a counting
field's kinds); a county's record of a kind that ``covers_members`` without participants also for
each member municipality on its date; the span in effect for a kind ``in_effect``. The parties it
does not stand for are the unconfirmed rows. Organisations and kinds are integer codes, dates day
ordinals; what the record passes of the requirement tests is a bit mask (``Tests``), evaluated once
per distinct value by ``engine.facts``' own test functions.
"""

from __future__ import annotations

from itertools import chain, repeat
from operator import attrgetter

import polars as pl

from velvoite.engine.facts import _ordinal, tests_by_kind
from velvoite.engine.standing import sides
from velvoite.records.kinds import catalogue, counting_fields, field_of
from velvoite.records.model import FIELDS
from velvoite.registry import LATEST

I32, U32, I64 = pl.Int32, pl.UInt32, pl.Int64


class Codes:
    """Organisation and kind ids as integers, and back."""

    def __init__(self, registry):
        self.orgs = sorted(registry.orgs)
        self.org = {o: i for i, o in enumerate(self.orgs)}
        self.kinds = list(catalogue())
        self.kind = {k: i for i, k in enumerate(self.kinds)}


class _Value:
    """What a test function reads: ``get`` answers one value, whatever the field."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def get(self, _name):
        return self.value


class Tests:
    """The requirement tests of the rules in use, each a bit: ``shared`` ones answer the same for
    every party, ``relative`` ones ({county}) depend on the party's county."""

    def __init__(self, rules):
        by_kind = tests_by_kind(rules)
        self.bit: dict[str, int] = {}
        self.fields: dict[str, str] = {r.key: r.field for rule in rules for r in rule.requirements}
        self.functions: dict[str, object] = {}
        self.kinds: dict[str, set[str]] = {}  # test key -> the kinds whose facts carry it
        self.relative: set[str] = set()
        for kind, tests in sorted(by_kind.items()):
            for key, fn, per_party in tests:
                self.bit.setdefault(key, len(self.bit))
                self.functions[key] = fn
                self.kinds.setdefault(key, set()).add(kind)
                if per_party:
                    self.relative.add(key)


def _answers(tests: Tests, key: str, records, kinds_of) -> tuple[list, list]:
    """For the records that have a kind the test is of: their positions and the field's value
    (``Record.get``, read straight from the record's own field or its pack data). Tests of the
    same kinds and field share them (``Kinds.memo``: the answers stay the same for the run)."""
    wanted, field = frozenset(tests.kinds[key]), tests.fields[key]
    found = kinds_of.memo.get((wanted, field))
    if found is None:
        at = _positions(wanted, kinds_of)
        found = kinds_of.memo[(wanted, field)] = (at, _values(field, at, records, kinds_of))
    return found


def _positions(wanted: frozenset, kinds_of) -> list[int]:
    """The positions of the records of any of the ``wanted`` kinds, in order."""
    at = kinds_of.memo.get(wanted)
    if at is None:
        at = kinds_of.memo[wanted] = sorted(chain.from_iterable(
            where for ks, where in kinds_of.groups.items() if not wanted.isdisjoint(ks)))
    return at


def _values(field: str, at: list, records, kinds_of) -> list:
    if field == "kinds":
        return [kinds_of[i] for i in at]
    if field in FIELDS:
        return list(map(attrgetter(field), map(records.__getitem__, at)))
    declared = field_of(field)
    if field in ("parties", "kinds") or declared is None:
        return [records[i].get(field) for i in at]
    empty = declared.empty
    return [(d.get(field, empty) if (d := records[i].data) is not None else empty) for i in at]


class Kinds(list):
    """Each record's kinds (``Record.kinds``: its own alone unless ``also_counts_as`` or a counting
    field says more), and the positions of the records of each tuple of kinds."""

    def __init__(self, records):
        counting = frozenset(counting_fields())
        super().__init__((r.kind,) if not r.also_counts_as and (r.data is None or counting.isdisjoint(r.data))
                         else r.kinds for r in records)
        self.groups: dict[tuple, list[int]] = {}
        for i, ks in enumerate(self):
            self.groups.setdefault(ks, []).append(i)
        self.memo: dict = {}  # the positions of the records of a set of kinds, and a field's values there


def _shared_bits(tests: Tests, records, kinds_of) -> list[int]:
    """Per record, the bits of the shared tests it passes."""
    bits = [0] * len(records)
    for key, bit in tests.bit.items():
        if key in tests.relative:
            continue
        fn, mask = tests.functions[key], 1 << bit
        at, values = _answers(tests, key, records, kinds_of)
        try:  # each distinct value asked once
            table = {value: fn(_Value(value), None) for value in set(values)}
            hits = [i for i, value in zip(at, values) if table[value]]
        except TypeError:  # an unhashable value: every record asked
            hits = [i for i in at if fn(records[i], None)]
        for i in hits:
            bits[i] |= mask
    return bits


def _pairs(records, field: str, oc: dict) -> pl.DataFrame:
    """(idx, party) rows, an organisation the record's ``field`` lists (a tuple of ids) each, made as
    two flat columns; each distinct tuple's codes found once."""
    at = [i for i, r in enumerate(records) if getattr(r, field)]
    lists = [getattr(records[i], field) for i in at]
    codes = {t: [oc[p] for p in t] for t in set(lists)}
    return pl.DataFrame({"idx": pl.Series([i for i, t in zip(at, lists) for _ in t], dtype=U32),
                         "party": pl.Series([c for t in lists for c in codes[t]], dtype=I32)})


def record_frame(records, registry, codes: Codes, tests: Tests, kinds_of: Kinds) -> tuple[pl.DataFrame, list]:
    """One row per record (position ``idx``): organiser, day, the span in effect, test bits; and the
    long rows of its kinds, participants and confirmations."""
    oc, kc = codes.org, codes.kind
    day = [_ordinal(r.date) for r in records]
    frame = pl.DataFrame({
        "idx": pl.Series(range(len(records)), dtype=U32),
        "organiser": pl.Series([oc[r.org] for r in records], dtype=I32),
        "day": pl.Series(day, dtype=I32),
        "eff_lo": pl.Series([_ordinal(r.valid_from) if r.valid_from else d for r, d in zip(records, day)], dtype=I32),
        "eff_hi": pl.Series([_ordinal(r.valid_until or LATEST) for r in records], dtype=I32),
        "bits": pl.Series(_shared_bits(tests, records, kinds_of), dtype=I64),
        "alone": pl.Series([not r.participants for r in records], dtype=pl.Boolean),
    })
    kinds = pl.concat([pl.DataFrame({"idx": pl.Series(at, dtype=U32), "kind": pl.Series([kc[k]] * len(at), dtype=I32)})
                       for ks, at in kinds_of.groups.items() for k in ks]
                      or [pl.DataFrame(schema={"idx": U32, "kind": I32})]).sort("idx", maintain_order=True)
    parts = _pairs(records, "participants", oc)
    confirmed = _pairs(records, "confirmed_by", oc)
    return frame, [kinds, parts, confirmed, kinds_of]


def _kind_table(codes: Codes) -> pl.DataFrame:
    cat = catalogue()
    return pl.DataFrame({"kind": pl.Series(range(len(codes.kinds)), dtype=I32),
                         "in_effect": [bool(cat[k].in_effect) for k in codes.kinds],
                         "covers": [bool(cat[k].covers_members) for k in codes.kinds]})


def _parties(frame: pl.DataFrame, parts: pl.DataFrame, confirmed: pl.DataFrame, registry, codes: Codes) -> pl.DataFrame:
    """(idx, party, organiser, is_org, stands): the organiser and each participant once."""
    own = frame.select("idx", "organiser", party="organiser")
    listed = parts.join(frame.select("idx", "organiser"), on="idx")
    rows = pl.concat([own, listed.select("idx", "organiser", "party")]).unique(["idx", "party"])
    pairs = rows.filter(pl.col("party") != pl.col("organiser")).select("organiser", "party").unique()
    orgs = registry.orgs
    ok = [sides(orgs[codes.orgs[a]], orgs[codes.orgs[b]]) for a, b in pairs.iter_rows()]
    pairs = pairs.with_columns(side=pl.Series(ok, dtype=pl.Boolean))
    rows = rows.join(pairs, on=["organiser", "party"], how="left")
    rows = rows.join(confirmed.with_columns(conf=pl.lit(True)), on=["idx", "party"], how="left")
    return rows.with_columns(
        is_org=pl.col("party") == pl.col("organiser"),
        stands=(pl.col("party") == pl.col("organiser")) | pl.col("side").fill_null(False)
        | pl.col("conf").fill_null(False)).drop("side", "conf")


def _members(frame: pl.DataFrame, kinds: pl.DataFrame, table: pl.DataFrame, registry, codes: Codes) -> pl.DataFrame:
    """The member municipalities a county's record without participants stands for, by kind
    (``covers_members``), each a party that is not the organiser."""
    import datetime as dt

    counties = [i for i, o in enumerate(codes.orgs) if registry.orgs[o].kind == "county"]
    base = (frame.filter(pl.col("alone") & pl.col("organiser").is_in(counties))
            .join(kinds, on="idx").join(table.filter("covers").select("kind"), on="kind"))
    if base.is_empty():
        return pl.DataFrame(schema={"idx": U32, "kind": I32, "party": I32})
    cells = base.select("organiser", "day").unique()
    rows = [(a, d, codes.org[m]) for a, d in cells.iter_rows()
            for m in registry.members(codes.orgs[a], dt.date.fromordinal(d), dt.date.fromordinal(d))
            if m != codes.orgs[a]]
    found = pl.DataFrame(rows, schema={"organiser": I32, "day": I32, "party": I32}, orient="row")
    return base.join(found, on=["organiser", "day"]).select("idx", "kind", "party")


def facts_frame(records, registry, codes: Codes, tests: Tests, wanted: set[str],
                kinds_of: Kinds) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The facts (idx, kind, party, is_org, day, lo, hi, bits) counting for ``wanted``, and the
    unconfirmed rows (idx, kind, party, organiser, day, lo, hi) of the parties in it."""
    frame, (kinds, parts, confirmed, _kinds) = record_frame(records, registry, codes, tests, kinds_of)
    table = _kind_table(codes)
    want = [codes.org[o] for o in wanted]
    people = _parties(frame, parts, confirmed, registry, codes).filter(pl.col("party").is_in(want))
    listed = people.join(kinds, on="idx").select("idx", "kind", "party", "is_org", "stands")
    covered = _members(frame, kinds, table, registry, codes).filter(pl.col("party").is_in(want))
    covered = covered.with_columns(is_org=pl.lit(False), stands=pl.lit(True))
    every = (pl.concat([listed.lazy(), covered.lazy()])  # lazy: polars keeps only the columns used
             .join(frame.lazy().select("idx", "organiser", "day", "eff_lo", "eff_hi", "bits"), on="idx")
             .join(table.lazy().select("kind", "in_effect"), on="kind")
             .with_columns(lo=pl.when("in_effect").then("eff_lo").otherwise("day"),
                           hi=pl.when("in_effect").then("eff_hi").otherwise("day")))
    del listed, covered, people
    facts = every.filter("stands").select("idx", "kind", "party", "is_org", "day", "lo", "hi", "bits").collect()
    unconfirmed = every.filter(~pl.col("stands")).select("idx", "kind", "party", "organiser", "day", "lo",
                                                         "hi").collect()
    del every
    # (lazy: made only when a {county} test reads the parties)
    members = pl.concat([frame.lazy().select("idx", member="organiser"), parts.lazy().select("idx", member="party")])
    facts = _relative_bits(facts, records, tests, codes, registry, kinds_of, members)
    return facts, unconfirmed


def _relative_bits(facts: pl.DataFrame, records, tests: Tests, codes: Codes, registry, kinds_of,
                   parties: pl.LazyFrame) -> pl.DataFrame:
    """The {county} tests: passed when the county of the party is in the field's value. A list of
    organisations (``parties``, an organisation list field) is looked into by a join of its members
    with the (record, county) pairs asked; any other value by the test's own function, once per
    distinct value and county. ``parties``: (idx, member) of every record, its organiser and participants."""
    if not tests.relative:
        return facts
    named = {c for o in codes.orgs if (c := registry.orgs[o].county)}
    # each county a number: its organisation's code; a county that is no organisation (which no list
    # of organisations holds) a number below zero
    number = {c: codes.org.get(c, -2 - i) for i, c in enumerate(sorted(named))}
    county = pl.DataFrame({"party": pl.Series(range(len(codes.orgs)), dtype=I32),
                           "county": pl.Series([number.get(registry.orgs[o].county) for o in codes.orgs], dtype=I32)})
    said = {n: c for c, n in number.items()}  # the county's id, as a test function reads it
    facts = facts.join(county, on="party", how="left")
    cells = facts.select("idx", "county").unique().drop_nulls()  # the (record, county) pairs a test may be asked of
    found = []
    counties = sorted(number.values())  # only a county's member can pass: the rest left out first
    for key in sorted(tests.relative):
        mask = pl.lit(1 << tests.bit[key], dtype=I64)
        if tests.fields[key] == "parties":
            at = _positions(frozenset(tests.kinds[key]), kinds_of)
            members = (parties.filter(pl.col("member").is_in(counties))
                       .join(pl.LazyFrame({"idx": pl.Series(at, dtype=U32)}), on="idx").collect())
        else:
            at, values = _answers(tests, key, records, kinds_of)
            listed = [i for i, v in zip(at, values) if v.__class__ is tuple]
            lists = [v for v in values if v.__class__ is tuple]
            members = pl.DataFrame({
                "idx": pl.Series(list(chain.from_iterable(map(repeat, listed, map(len, lists)))), dtype=U32),
                "member": pl.Series(list(map(codes.org.get, chain.from_iterable(lists), repeat(-1))), dtype=I32)}
            ).filter(pl.col("member").is_in(counties))
            if len(listed) < len(at):  # other values: the test's own function
                found.append(_asked(tests, key, cells, said,
                                   [(i, v) for i, v in zip(at, values) if v.__class__ is not tuple]))
        found.append(cells.join(members, left_on=["idx", "county"], right_on=["idx", "member"])
                     .select("idx", "county", mask=mask))
    passed = pl.concat(found).group_by("idx", "county").agg(pl.col("mask").bitwise_or())
    return (facts.join(passed, on=["idx", "county"], how="left")
            .with_columns(bits=pl.col("bits") | pl.col("mask").fill_null(0)).drop("mask", "county"))


def _asked(tests: Tests, key: str, cells: pl.DataFrame, said: dict, answers: list) -> pl.DataFrame:
    """(idx, county, mask) of the pairs whose value passes the {county} test ``key`` asked by its
    function, each distinct value (by what it says) and county once (``said``: a county's number -> its id)."""
    interned: dict = {}  # each distinct value a number
    first: list = []  # the value of each number, as the test reads it
    vid = []
    for _i, v in answers:
        seen = v if v.__class__ is str else (list, *v) if v.__class__ is list else (v.__class__, repr(v))
        n = interned.get(seen)
        if n is None:
            n = interned[seen] = len(first)
            first.append(_Value(v))
        vid.append(n)
    col = pl.DataFrame({"idx": pl.Series([i for i, _v in answers], dtype=U32), "vid": pl.Series(vid, dtype=I64)})
    with_vid = cells.join(col, on="idx")
    pairs = with_vid.select("vid", "county").unique()
    fn = tests.functions[key]
    hit = pl.Series([fn(first[v], said[c]) for v, c in pairs.iter_rows()], dtype=pl.Boolean)
    return (with_vid.join(pairs.filter(hit), on=["vid", "county"])
            .select("idx", "county", mask=pl.lit(1 << tests.bit[key], dtype=I64)))
