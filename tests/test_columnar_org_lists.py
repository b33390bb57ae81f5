"""The organisation-list cells of a column understood together (``columnar.org_lists``) as
``FastPath.org_list`` understands each cell alone: the same ids in the same order, the same unknown
names, the same days all the organisations existed on."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from velvoite.records.fast import FAILS, FastPath
from velvoite.registry import load_registry

pytest.importorskip("polars")

from velvoite.columnar.org_lists import org_lists  # noqa: E402

REGISTRY = load_registry()
NAMES = ["kunta-205", "Kuhmo", "KUHMO", "kuhmo", "Sotkamo", "205", "765", "hva-12", "HVA-12", "Hyvinkää",
         "Åänekoski", "A\u0308a\u0308nekoski", "Pertunmaa", "kunta-588", "Tuntematon", "20", "5", "Helsingfors",
         "x y", "Nowhere", "hus"]
SEPARATORS = [";", ",", "; ", " , ", ";;", "\n", " ;\t", "\u00a0;"]


@st.composite
def cells(draw) -> str:
    names = draw(st.lists(st.sampled_from(NAMES), max_size=5))
    text = draw(st.sampled_from(["", " ", "  "]))
    for name in names:
        text += name + draw(st.sampled_from(SEPARATORS))
    text = text[:len(text) - draw(st.integers(0, 2))]
    return text.strip() or ";"


def _one_by_one(cell: str):
    fast = FastPath(REGISTRY, None, None)
    named = fast.once(fast.names, cell, fast.org_list)
    if named is FAILS:
        return FAILS, (dt.date.max, dt.date.min)
    return named[1], (max((o.valid_from for o in named[0]), default=dt.date.min),
                      min((o.valid_until for o in named[0]), default=dt.date.max))


@settings(max_examples=200, deadline=None)
@given(found=st.sets(cells(), min_size=1, max_size=12))
def test_cells_understood_together_as_each_alone(found):
    ids, alive = org_lists(FastPath(REGISTRY, None, None), found)
    for cell in found:
        assert (ids[cell], alive[cell]) == _one_by_one(cell), cell


def test_the_awkward_cells():
    found = {"kunta-205;kunta-205", " ; ,".strip(), "Kuhmo, kunta-205 ;KUHMO", "Hyvinkää; Kuhmo", "Tuntematon;Kuhmo",
             "Pertunmaa;Kuhmo", "205,\t765"}
    ids, alive = org_lists(FastPath(REGISTRY, None, None), found)
    assert ids["kunta-205;kunta-205"] == ("kunta-205",)
    assert ids["; ,"] == () and alive["; ,"] == (dt.date.min, dt.date.max)
    assert ids["Kuhmo, kunta-205 ;KUHMO"] == ("kunta-290", "kunta-205")  # Kuhmo (kunta-290) once, where first named
    assert ids["Tuntematon;Kuhmo"] is FAILS
    assert alive["Pertunmaa;Kuhmo"][1] == REGISTRY.lookup("Pertunmaa").valid_until
    for cell in found:
        assert (ids[cell], alive[cell]) == _one_by_one(cell), cell


def test_a_run_without_polars_reads_records_the_usual_way():
    """Every run that reads records imports the columnar reader's door; without the fast extra it
    must still import and read (the wheel is installed without polars: test_installed_package)."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys; sys.modules['polars'] = None\n"
            "from velvoite.cli import main\n"
            "sys.argv = ['velvoite', 'validate', 'examples/records']\n"
            "main()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
