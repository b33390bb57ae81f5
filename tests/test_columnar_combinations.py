"""Rows saying the same extra values are understood once (``columnar.load._extras``: one combination
of kind and extra cells), yet each row is still judged on its own day, and each row of a combination
that fails is handed to the validating path: the same records and errors as the usual path. An
organisation that did not exist on every day of the file is asked on each of its rows' days."""

from __future__ import annotations

import pytest

pytest.importorskip("polars")

from test_columnar_load import OPTIONS, REGISTRY, _load, _unrolled, _write  # noqa: E402

from velvoite.columnar import load  # noqa: E402
from velvoite.records import loader  # noqa: E402
from velvoite.records.fast import Built  # noqa: E402

NEGOTIATION = {"org": "Kuhmo", "kind": "hyte_negotiation", "body": "kunnanhallitus"}
ROWS = [  # (the row, whether the columnar reader builds it)
    ({**NEGOTIATION, "date": "2024-05-01", "participants": "Pertunmaa;Sotkamo"}, True),
    ({**NEGOTIATION, "date": "2025-06-01", "participants": "Pertunmaa;Sotkamo"}, False),  # Pertunmaa merged away
    ({**NEGOTIATION, "date": "2024-12-31", "participants": "Pertunmaa;Sotkamo"}, True),
    ({**NEGOTIATION, "date": "2021-06-30", "participants": "hva-12"}, False),  # before the county existed
    ({**NEGOTIATION, "date": "2021-07-01", "participants": "hva-12"}, True),
    ({**NEGOTIATION, "org": "Kajaanni", "date": "2023-01-01", "participants": "Sotkamo;Tuntematon"}, False),
    ({**NEGOTIATION, "date": "2023-01-01", "participants": "Sotkamo;Tuntematon"}, False),  # a name unknown
    ({**NEGOTIATION, "date": "2023-02-01", "participants": "Sotkamo;Tuntematon"}, False),
    ({**NEGOTIATION, "org": "Kajaanni", "date": "2023-01-01", "participants": "Kuhmo;Sotkamo"}, False),
    ({**NEGOTIATION, "date": "2023-01-01", "participants": "Kuhmo;Sotkamo"}, True),  # its first row failed alone
    ({**NEGOTIATION, "kind": "strategy_approval", "date": "2023-01-01", "participants": "Kuhmo;Sotkamo"}, False),
    ({**NEGOTIATION, "kind": "strategy_approval", "date": "2023-01-01", "hyte_goals": "kyllä"}, True),
    ({**NEGOTIATION, "kind": "strategy_approval", "date": "2025-01-01", "hyte_goals": "kyllä"}, True),
    ({**NEGOTIATION, "kind": "hyte_negotiation", "date": "2025-01-01", "hyte_goals": "kyllä"}, False),
    ({**NEGOTIATION, "kind": "strategy_approval", "date": "2023-01-01", "hyte_goals": "maybe"}, False),
    ({**NEGOTIATION, "org": "Pertunmaa", "date": "2025-02-01"}, False),  # the organisation itself merged away
    ({**NEGOTIATION, "org": "Pertunmaa", "date": "2024-02-01"}, True),
]


def test_rows_of_one_combination_are_judged_each_on_its_day_and_kind(tmp_path, monkeypatch):
    items = [{**item, "id": f"r{n}"} for n, (item, _built) in enumerate(ROWS)]
    path = _write(tmp_path / "rows.csv", items)
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    raws = _unrolled(load.csv_raws(path, str(path), REGISTRY, OPTIONS, loader._date_problem))
    assert [(r.line, type(r) is Built) for r in raws] == [(n + 2, built) for n, (_item, built) in enumerate(ROWS)]
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


def test_rows_saying_the_same_share_their_values(tmp_path, monkeypatch):
    items = [{**ROWS[0][0], "id": "a"}, {**ROWS[2][0], "id": "b"}, {**ROWS[11][0], "id": "c"},
             {**ROWS[12][0], "id": "d"}]
    path = _write(tmp_path / "rows.csv", items)
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    a, b, c, d = (r.record for r in _unrolled(load.csv_raws(path, str(path), REGISTRY, OPTIONS, loader._date_problem)))
    assert a.participants == ("kunta-588", "kunta-765") and a.participants is b.participants
    assert c.data == {"hyte_goals": True} and c.data is d.data


def test_a_mostly_empty_column_is_read_as_the_usual_path_reads_it(tmp_path, monkeypatch):
    """A pack's field or notes filled in a few rows (``load._column`` maps only those cells): each is
    stripped, and one the text policy must look at is still handed over."""
    plain = {"org": "Kuhmo", "kind": "strategy_approval", "date": "2024-05-01"}
    items = [{**plain, "id": f"r{n}"} for n in range(40)]
    filled = {3: {"hyte_goals": " kyllä "}, 7: {"notes": "bad\x07bell"}, 9: {"notes": " muistio "},
              12: {"notes": "e\u0301"}, 20: {"hyte_goals": "ei"}, 21: {"notes": "muistio"}}
    for n, cells in filled.items():
        items[n].update(cells)
    path = _write(tmp_path / "rows.csv", items)
    monkeypatch.setattr(load, "MIN_BYTES", 0)
    raws = _unrolled(load.csv_raws(path, str(path), REGISTRY, OPTIONS, loader._date_problem))
    assert [n for n, r in enumerate(raws) if type(r) is not Built] == [7, 12]
    assert raws[3].record.data == {"hyte_goals": True} and raws[9].record.notes == "muistio"
    assert _load(path, monkeypatch, True) == _load(path, monkeypatch, False)


def test_a_file_wrong_from_its_start_is_stopped_after_its_first_piece(tmp_path, monkeypatch):
    """The loader stops after 1 000 errors; the columnar reader understands the first ``FIRST_ROWS``
    rows before the rest, so a file wrong from its start is not understood whole first (a 24 MB file
    wrong from line 4 took 4.1 s against the usual path's 0.6 s): the same errors, the rest unread."""
    bad = {**NEGOTIATION, "date": "2024-13-01"}  # (no such month)
    items = [{**bad, "id": f"b{n}"} for n in range(1_200)] + [{**NEGOTIATION, "date": "2024-05-01", "id": f"g{n}"}
                                                             for n in range(3_000)]
    path = _write(tmp_path / "wrong.csv", items)
    monkeypatch.setattr(load, "FIRST_ROWS", 1_100)
    understood: list[int] = []
    rows = load._rows
    monkeypatch.setattr(load, "_rows", lambda frame, *more: understood.append(frame.height) or rows(frame, *more))
    columnar_errors = _load(path, monkeypatch, True)
    assert understood == [1_100]  # the loader stopped within the first piece
    assert columnar_errors == _load(path, monkeypatch, False)
    assert columnar_errors[0] == "errors" and len(columnar_errors[1]) == 1_001  # 1 000 and "stopped reading"
