"""Files in the shapes users have (bench/gen_other.py, a generator apart from the benchmark's:
csv.writer's quoting, a BOM, ';' with Finnish columns and dates, participants by name separated by
", ", one file per county) are read by columns, and read so as the usual path reads them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from velvoite import columnar
from velvoite.cli import main
from velvoite.columnar import load
from velvoite.records import documents, load_records
from velvoite.registry import load_registry

pytest.importorskip("polars")

REGISTRY = load_registry()
_SPEC = importlib.util.spec_from_file_location("gen_other", Path(__file__).parents[1] / "bench" / "gen_other.py")
gen_other = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(gen_other)


def _not_the_usual_way(*args, **kwargs):
    raise AssertionError("read by the object path's csv reader")


@pytest.fixture(params=list(gen_other.SHAPES))
def shape(request, tmp_path, monkeypatch) -> list[Path]:
    """The files of one shape, the run's size the threshold (each county file is under it)."""
    paths = gen_other.write(1500, request.param, tmp_path / request.param, REGISTRY)
    monkeypatch.setattr(load, "MIN_BYTES", sum(p.stat().st_size for p in paths))
    return paths


def test_every_shape_is_read_by_columns_as_the_usual_path_reads_it(shape, monkeypatch):
    usual: list[str] = []
    monkeypatch.setattr(columnar, "available", lambda: False)
    expected = load_records(shape, REGISTRY, notes=usual)
    monkeypatch.setattr(columnar, "available", lambda: True)
    monkeypatch.setattr(documents, "csv_records", _not_the_usual_way)  # the object path's reader fails
    notes: list[str] = []
    found = load_records(shape, REGISTRY, notes=notes)
    assert len(found) > 1400
    assert [(r, r.data, r.derived_id) for r in found] == [(r, r.data, r.derived_id) for r in expected]
    assert notes == usual


@pytest.mark.parametrize("name", ["semicolon", "counties"])
def test_the_audit_of_the_shapes_is_the_same_through_both_paths(name, tmp_path, monkeypatch):
    """Through the command line: byte-identical JSON; the columnar run never uses the csv reader."""
    paths = gen_other.write(1500, name, tmp_path / name, REGISTRY)
    monkeypatch.setattr(load, "MIN_BYTES", sum(p.stat().st_size for p in paths))
    outputs = []
    for kind in ("always", "never"):
        monkeypatch.setenv("VELVOITE_COLUMNAR", kind)
        with monkeypatch.context() as patched:
            if kind == "always":
                patched.setattr(documents, "csv_records", _not_the_usual_way)
            out = tmp_path / f"{kind}.json"
            result = CliRunner().invoke(main, ["audit", *map(str, paths), "--as-of", gen_other.AS_OF,
                                               "--format", "json", "-o", str(out)])
        assert result.exit_code in (0, 1), result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
