"""Matching as a join: obligations joined to the facts frame on (organisation, kind), kept where
the fact touches the window (``match_python.Bucket.within``: a one-day fact within the window and
on or before the as-of date, a span overlapping it and begun by then), by the organiser when the
rule asks for it; then per obligation and record (one activity counting as two of a rule's kinds
is one piece of evidence, ``match.add_evidence``: its rows carry the same tests passed).

The answer is the object path's ``Matches`` (obligation id -> record id -> requirement ids met),
so classification (``engine.finding``) is the same code on both paths.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from itertools import repeat
from operator import itemgetter

import polars as pl

from velvoite.columnar.facts import I32, I64, U32, Codes, Kinds, Tests, facts_frame
from velvoite.engine.match import Matches
from velvoite.engine.standing import Unconfirmed

BATCH = 1_000_000  # joined rows made at once
CHUNK = 100_000  # joined rows turned into Python values at once: bounds the join's memory at national scale


def _obligation_frame(obligations, codes: Codes, as_of: dt.date) -> pl.DataFrame:
    rows = []
    for i, ob in enumerate(obligations):
        lo, hi = ob.window(as_of)
        need = ob.applies.party == "organiser"
        org = codes.org[ob.org.id]
        for kind in ob.rule.evidence.kinds:
            rows.append((i, org, codes.kind[kind], lo.toordinal(), hi.toordinal(), need))
    return pl.DataFrame(rows, schema={"ob": U32, "party": I32, "kind": I32, "start": I32, "end": I32,
                                      "need": pl.Boolean}, orient="row")


def _joined(facts: pl.DataFrame, obs: pl.DataFrame, as_of: int) -> pl.DataFrame:
    """(ob, idx, bits) for every fact that is evidence for an obligation, batched by organisation."""
    parties = facts.get_column("party").unique().sort().to_list()
    per = obs.height / max(1, obs.select("party", "kind").n_unique())  # obligations per (organisation, kind)
    batches = max(1, math.ceil(facts.height * per / BATCH))
    size = max(1, math.ceil(len(parties) / batches))
    found = []
    for at in range(0, len(parties), size):
        part = parties[at:at + size]
        pairs = (facts.lazy().filter(pl.col("party").is_in(part))
                 .join(obs.lazy().filter(pl.col("party").is_in(part)), on=["party", "kind"]))
        point = (pl.col("lo") == pl.col("hi")) & (pl.col("lo") == pl.col("day"))
        inside = pl.when(point).then(
            (pl.col("day") >= pl.col("start")) & (pl.col("day") <= pl.min_horizontal("end", pl.lit(as_of))))
        inside = inside.otherwise(
            (pl.col("hi") >= pl.col("start")) & (pl.col("lo") <= pl.col("end")) & (pl.col("day") <= as_of))
        found.append(pairs.filter(inside & (pl.col("is_org") | ~pl.col("need"))).select("ob", "idx", "bits").collect())
    if not found:
        return pl.DataFrame(schema={"ob": U32, "idx": U32, "bits": I64})
    # A record that is evidence as two of a rule's kinds (``also_counts_as``) is joined twice with the
    # same bits (a record's tests do not depend on the kind, nor on anything but the obligation's
    # organisation): one piece of evidence once its rows become the obligation's mapping.
    return pl.concat(found).sort("ob", "idx")


def _met(rule, tests: Tests, masks) -> dict[int, frozenset]:
    """The requirement ids of ``rule`` that each bit mask of passed tests (``masks``) meets, one
    frozenset per mask."""
    reqs = [(r.id, 1 << tests.bit[r.key]) for r in rule.requirements]
    return {bits: frozenset(rid for rid, mask in reqs if bits & mask) for bits in masks}


def _evidence(joined: pl.DataFrame, obligations, ids: list, tests: Tests) -> Matches:
    """The joined rows (``_joined``) as each obligation's mapping: record id -> requirement ids met
    (``ids``: the records' ids by index)."""
    found: Matches = {ob.id: {} for ob in obligations}
    masks = joined.get_column("bits").unique().to_list()
    mets: dict = {}
    for at in range(0, joined.height, CHUNK):  # a slice at a time: a Python int per cell only for a slice
        part = joined.slice(at, CHUNK)
        idx, bits = (part.get_column(c).to_list() for c in ("idx", "bits"))
        named = itemgetter(*idx)(ids) if len(idx) > 1 else [ids[i] for i in idx]  # (a tuple, made at once)
        start = 0
        for ob, n in part.group_by("ob", maintain_order=True).len().iter_rows():  # (sorted by ob: its rows in a row)
            o = obligations[ob]
            met = mets.get(o.rule.id)
            if met is None:
                met = mets[o.rule.id] = _met(o.rule, tests, masks)
            end = start + n
            found[o.id].update(zip(named[start:end], map(met.__getitem__, bits[start:end])))
            start = end
    return found


def matches(records, registry, rules, obligations, wanted: set[str], as_of: dt.date,
            kinds_of: Kinds) -> tuple[Matches, dict]:
    """The matches of ``obligations`` (of ``rules``) and the unconfirmed evidence by (organisation,
    kind), from the records' facts counting for ``wanted`` (``kinds_of``: the records' kinds)."""
    codes, tests = Codes(registry), Tests(rules)
    facts, loose = facts_frame(records, registry, codes, tests, wanted, kinds_of)
    joined = _joined(facts, _obligation_frame(obligations, codes, as_of), as_of.toordinal())
    facts = None  # noqa: F841 (freed before the answer is built)
    ids = [r.id for r in records]
    found = _evidence(joined, obligations, ids, tests)
    joined = None  # noqa: F841
    return found, _Loose(loose, ids, codes)


class _Loose(Mapping):
    """The unconfirmed rows as ``engine.standing.Unconfirmed`` objects by (organisation, kind),
    each key's made from its rows of the frame when first asked (``standing.unconfirmed_for`` asks
    only for the obligations that are neither met nor waived: a national run, for a tenth of the
    keys), its days one int object per distinct day across the keys made (a national run's
    unconfirmed rows fall on a few thousand days)."""

    def __init__(self, loose: pl.DataFrame, ids: list, codes: Codes):
        self._frame = loose.sort("party", "kind", "idx")
        self._ids, self._orgs = ids, codes.orgs
        self._at: dict = {}
        at = 0
        for party, kind, n in self._frame.group_by("party", "kind", maintain_order=True).len().iter_rows():
            self._at[(codes.orgs[party], codes.kinds[kind])] = (at, n)
            at += n
        self._days: dict = {}
        self._made: dict = {}

    def get(self, key, default=None):
        made = self._made.get(key)
        if made is None:
            span = self._at.get(key)
            if span is None:
                return default
            rows = self._frame.slice(*span)  # (one organisation and kind: the key's)
            idx, organiser, day, lo, hi = (rows.get_column(name).to_list()
                                           for name in ("idx", "organiser", "day", "lo", "hi"))
            one = self._days.setdefault
            org, kind = key
            made = self._made[key] = list(map(Unconfirmed, map(self._ids.__getitem__, idx), repeat(kind),
                                              map(one, day, day), map(one, lo, lo), map(one, hi, hi), repeat(org),
                                              map(self._orgs.__getitem__, organiser)))
        return made

    def __getitem__(self, key):
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self):
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)
