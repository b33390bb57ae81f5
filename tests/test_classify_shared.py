"""What the findings of one audit share (issue 31): the audit's ``Memo`` (words, sentences, what is
missing in words, the requirements in force), the unconfirmed records by day (``standing.Loose``)
and identities taken as they are. Each is held to the plain computation it stands for."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from velvoite.engine import match_python
from velvoite.engine.audit import Grounds
from velvoite.engine.finding import Memo, classify
from velvoite.engine.obligation import expand
from velvoite.engine.standing import Loose, Unconfirmed, unconfirmed_for
from velvoite.records import load_records
from velvoite.records.identity import Identities, identity
from velvoite.registry import load_registry
from velvoite.rules import load_rules

REGISTRY = load_registry()
EXAMPLES = Path(__file__).parent.parent / "examples" / "records"
BASE = dt.date(2024, 1, 1).toordinal()


def plain_unconfirmed_for(ob, unconfirmed: dict, as_of: dt.date) -> list:
    """The unconfirmed records of an obligation as a walk over every row of its (organisation, kind)."""
    if ob.applies.party == "organiser" or not unconfirmed:
        return []
    lo, hi = (d.toordinal() for d in ob.window(as_of))
    day = as_of.toordinal()
    top = min(hi, day)
    found = {u.rec: u for kind in ob.rule.evidence.kinds for u in unconfirmed.get((ob.org.id, kind), ())
             if (lo <= u.day <= top if u.lo == u.hi == u.day else u.hi >= lo and u.lo <= hi and u.day <= day)}
    return [found[r] for r in sorted(found)]


rows = st.lists(st.tuples(st.integers(0, 900), st.sampled_from([0, 0, 0, 30, 400]), st.integers(0, 40),
                          st.sampled_from(["a", "b"]), st.sampled_from(["o1", "o2"])), max_size=60)


@settings(max_examples=300, deadline=None)
@given(rows, st.integers(0, 900), st.integers(0, 500), st.integers(-100, 900),
       st.sampled_from([("a",), ("b",), ("a", "b")]), st.sampled_from(["participant", "organiser"]))
def test_the_unconfirmed_records_by_day_are_those_of_a_walk_over_every_row(found, start, length, as_of, kinds, party):
    unconfirmed: dict = {}
    for day, span, rec, kind, org in found:
        lo, hi = BASE + day, BASE + day + span
        u = Unconfirmed(f"r{rec}", kind, lo if span == 0 else lo + span // 2, lo, hi, org, f"x{rec}")
        unconfirmed.setdefault((org, kind), []).append(u)
    window = (dt.date.fromordinal(BASE + start), dt.date.fromordinal(BASE + start + length))
    ob = SimpleNamespace(applies=SimpleNamespace(party=party), window=lambda as_of: window,
                         rule=SimpleNamespace(evidence=SimpleNamespace(kinds=kinds)), org=SimpleNamespace(id="o1"))
    day = dt.date.fromordinal(BASE + as_of)
    expected = [(u.rec, u.organiser) for u in plain_unconfirmed_for(ob, unconfirmed, day)]
    loose = Loose(unconfirmed)
    assert [(u.rec, u.organiser) for u in unconfirmed_for(ob, loose, day)] == expected
    assert [(u.rec, u.organiser) for u in unconfirmed_for(ob, loose, day)] == expected  # (asked again: kept)
    assert [(u.rec, u.organiser) for u in unconfirmed_for(ob, unconfirmed, day)] == expected


def test_an_identity_is_the_given_id_or_the_hash_of_a_derived_one():
    records = {r.id: r for r in load_records([EXAMPLES], REGISTRY)}
    derived = [rid for rid, r in records.items() if r.derived_id]
    given_ids = [rid for rid, r in records.items() if not r.derived_id]
    assert derived and given_ids
    ids = sorted(records)
    keys = Identities(records)
    assert keys.of(ids) == [identity(records[r]) for r in ids]
    assert all(keys.of([r]) == [r] for r in given_ids)
    assert all(keys.of([r])[0].startswith("content/") for r in derived)


def test_findings_that_share_the_audits_memo_are_those_made_each_on_its_own():
    """Every obligation of the examples, in three languages, with and without a waiver: classified
    with one memo for the run equals classified with nothing shared (a memo keyed too coarsely,
    say without the deadline or the language, would give one finding another's words)."""
    rules = load_rules()
    records = load_records([EXAMPLES], REGISTRY)
    orgs = sorted(REGISTRY.orgs.values(), key=lambda o: o.id)
    grounds = Grounds(records, REGISTRY, rules, orgs)
    waiver = SimpleNamespace(reason="a reason", reference="ref 1", holds=lambda as_of: True)
    for as_of in (dt.date(2024, 6, 30), dt.date(2026, 11, 29)):
        obligations = expand(rules, REGISTRY, orgs, dt.date(2023, 1, 1), as_of, as_of)
        matches = match_python.match(obligations, grounds.facts, as_of, grounds.index)
        loose = Loose(grounds.unconfirmed)
        for lang in ("fi", "sv", "en"):
            memo, keys = Memo(), Identities(grounds.by_id)
            for i, ob in enumerate(obligations):
                matched = matches.get(ob.id, {})
                excused = waiver if i % 7 == 3 else None
                shared = classify(ob, matched, grounds.by_id, REGISTRY, as_of, lang, excused, loose, keys, memo)
                alone = classify(ob, matched, grounds.by_id, REGISTRY, as_of, lang, excused,
                                 plain_unconfirmed_for(ob, grounds.unconfirmed, as_of))
                assert shared == alone, ob.id
    assert memo.words and memo.sentences and memo.missing and memo.required


def test_the_audit_json_is_the_same_bytes_on_stdout_in_a_file_and_as_text(tmp_path):
    """The JSON renderer hands out UTF-8 bytes (no decoding to encode again): on standard output and
    in an -o file they are the bytes of the indented text, non-ASCII letters (Jyväskylä) as UTF-8."""
    from click.testing import CliRunner

    from velvoite.cli import main
    from velvoite.reports import json_out

    args = ["audit", str(EXAMPLES), "--org", "Jyväskylä", "--as-of", "2025-06-30", "--format", "json", "-q"]
    shown = CliRunner().invoke(main, args)
    assert shown.exit_code == 0, shown.output
    written = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "audit.json")])
    assert written.exit_code == 0, written.output
    data = (tmp_path / "audit.json").read_bytes()
    assert shown.stdout_bytes == data and data.endswith(b"}\n") and "Jyväskylä".encode() in data
    assert json_out.dump(json.loads(data)) == data.decode("utf-8")
