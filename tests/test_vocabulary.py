"""The kinds and fields of a run's packs are an object (``records.kinds.Vocabulary``) that each run
builds anew, not a module global one run empties and another fills: a run's vocabulary is never
changed by a later run, and runs loading different packs at once each see their own."""

from __future__ import annotations

import threading

from velvoite.records import kinds
from velvoite.records.model import LOADER_SET, Record
from velvoite.rules import load_rules
from tests.test_pack_fields import _pack


def test_the_record_formats_own_fields_are_the_records_fields_in_order():
    # records.kinds names them (below the Record model, which reads the kinds); the model declares them
    assert tuple(f for f in Record.__pydantic_fields__ if f not in LOADER_SET) == kinds.FIELDS
    assert kinds.COMMON_FIELDS | set(kinds.KIND_FIELDS) == set(kinds.FIELDS) and "participants" not in kinds.COMMON_FIELDS


def test_a_run_with_a_user_pack_makes_a_vocabulary_of_its_own(tmp_path):
    load_rules(())
    built_in = kinds.vocabulary()
    before = dict(built_in.kinds), dict(built_in.fields)
    load_rules((str(_pack(tmp_path)),))
    with_pack = kinds.vocabulary()
    assert with_pack is not built_in
    assert "council_hearing" in kinds.catalogue() and "minutes_url" in kinds.pack_fields()
    assert "minutes_url" in kinds.field_set() and kinds.kind_named("hörande") == "council_hearing"
    assert (built_in.kinds, built_in.fields) == before  # the earlier run's vocabulary as it was
    assert list(with_pack.kinds)[:len(built_in.kinds)] == list(built_in.kinds)  # the built-in kinds first
    load_rules(())
    assert "council_hearing" not in kinds.catalogue() and "minutes_url" not in kinds.field_set()


def test_runs_loading_different_packs_at_once_each_see_their_own_kinds(tmp_path):
    pack = str(_pack(tmp_path))
    loaded, seen, failed = threading.Barrier(2, timeout=60), {}, []

    def run(packs: tuple[str, ...]) -> None:
        try:
            load_rules(packs)
            loaded.wait()  # both have loaded before either looks: one shared catalogue would be the last loaded
            seen[packs] = ("council_hearing" in kinds.catalogue(), "minutes_url" in kinds.field_set())
            loaded.wait()
        except BaseException as exc:  # noqa: BLE001 - reported below
            failed.append(exc)

    threads = [threading.Thread(target=run, args=(packs,)) for packs in [(pack,), ()]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not failed
    assert seen == {(pack,): (True, True), (): (False, False)}
    load_rules(())
