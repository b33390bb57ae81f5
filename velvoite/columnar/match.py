"""Matching as a join: obligations joined to the facts frame on (organisation, kind), kept where
the fact touches the window (``match_python.Bucket.within``: a one-day fact within the window and
on or before the as-of date, a span overlapping it and begun by then), by the organiser when the
rule asks for it; then aggregated per obligation and record, the tests passed or-ed together (one
activity counting as two of a rule's kinds is one piece of evidence, ``match.add_evidence``).

The answer is the object path's ``Matches`` (obligation id -> record id -> requirement ids met),
so classification (``engine.finding``) is the same code on both paths.
"""

from __future__ import annotations

import datetime as dt
import math

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
        pairs = (facts.filter(pl.col("party").is_in(part))
                 .join(obs.filter(pl.col("party").is_in(part)), on=["party", "kind"]))
        point = (pl.col("lo") == pl.col("hi")) & (pl.col("lo") == pl.col("day"))
        inside = pl.when(point).then(
            (pl.col("day") >= pl.col("start")) & (pl.col("day") <= pl.min_horizontal("end", pl.lit(as_of))))
        inside = inside.otherwise(
            (pl.col("hi") >= pl.col("start")) & (pl.col("lo") <= pl.col("end")) & (pl.col("day") <= as_of))
        found.append(pairs.filter(inside & (pl.col("is_org") | ~pl.col("need"))).select("ob", "idx", "bits"))
    if not found:
        return pl.DataFrame(schema={"ob": U32, "idx": U32, "bits": I64})
    return (pl.concat(found).group_by("ob", "idx").agg(pl.col("bits").bitwise_or())
            .sort("ob", "idx"))


def _met(rule, tests: Tests):
    """The requirement ids of ``rule`` that a bit mask of passed tests meets, one frozenset per mask."""
    reqs = [(r.id, 1 << tests.bit[r.key]) for r in rule.requirements]
    memo: dict[int, frozenset] = {}

    def met(bits: int) -> frozenset:
        hit = memo.get(bits)
        if hit is None:
            hit = memo[bits] = frozenset(rid for rid, mask in reqs if bits & mask)
        return hit
    return met


def matches(records, registry, rules, obligations, wanted: set[str], as_of: dt.date,
            kinds_of: Kinds) -> tuple[Matches, dict]:
    """The matches of ``obligations`` (of ``rules``) and the unconfirmed evidence by (organisation,
    kind), from the records' facts counting for ``wanted`` (``kinds_of``: the records' kinds)."""
    codes, tests = Codes(registry), Tests(rules)
    facts, loose = facts_frame(records, registry, codes, tests, wanted, kinds_of)
    joined = _joined(facts, _obligation_frame(obligations, codes, as_of), as_of.toordinal())
    facts = None  # noqa: F841 (freed before the answer is built)
    ids = [r.id for r in records]
    found: Matches = {ob.id: {} for ob in obligations}
    mets = {}
    last, into, met = -1, None, None
    for at in range(0, joined.height, CHUNK):  # a slice at a time: a Python int per cell only for a slice
        part = joined.slice(at, CHUNK)
        for ob, idx, bits in zip(*(part.get_column(c).to_list() for c in ("ob", "idx", "bits"))):
            if ob != last:
                last, o = ob, obligations[ob]
                into = found[o.id]
                met = mets.get(o.rule.id)
                if met is None:
                    met = mets[o.rule.id] = _met(o.rule, tests)
            into[ids[idx]] = met(bits)
    joined = None  # noqa: F841
    return found, _unconfirmed(loose, ids, codes)


def _unconfirmed(loose: pl.DataFrame, ids: list, codes: Codes) -> dict:
    """The unconfirmed rows as ``engine.standing.Unconfirmed`` objects by (organisation, kind)."""
    loose = loose.sort("party", "kind", "idx")
    orgs, kinds = codes.orgs, codes.kinds
    columns = [list(map(ids.__getitem__, loose.get_column("idx").to_list())),
               list(map(kinds.__getitem__, loose.get_column("kind").to_list()))]
    for name in ("day", "lo", "hi"):  # one int object per day, as engine.facts shares them
        days = loose.get_column(name).unique().to_list()
        columns.append(list(map(dict(zip(days, days)).__getitem__, loose.get_column(name).to_list())))
    for name in ("party", "organiser"):
        columns.append(list(map(orgs.__getitem__, loose.get_column(name).to_list())))
    made = list(map(Unconfirmed, *columns))
    del columns
    out: dict = {}
    at = 0
    for party, kind, n in loose.group_by("party", "kind", maintain_order=True).len().iter_rows():
        out[(orgs[party], kinds[kind])] = made[at:at + n]
        at += n
    return out
