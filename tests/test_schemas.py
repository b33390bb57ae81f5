"""The published JSON contracts (docs/schemas/): current with the code, and every JSON output
valid against them, checked by jsonschema (not by the pydantic models that made them)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from velvoite import __version__
from velvoite.cli import main

SCHEMAS = Path(__file__).parent.parent / "docs" / "schemas"
BASE = ["--config", "examples/velvoite.toml"]


def run(*args) -> str:
    result = CliRunner().invoke(main, [*BASE, *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def published(what: str) -> dict:
    return json.loads((SCHEMAS / f"{what}.schema.json").read_text("utf-8"))


@pytest.mark.parametrize("what", ["records", "audit", "report", "diff"])
def test_published_schemas_are_current(what):
    """docs/schemas/ is what `velvoite schema WHAT` prints (regenerate: velvoite schema WHAT > docs/schemas/WHAT.schema.json)."""
    assert json.loads(run("schema", what)) == published(what)
    jsonschema.Draft202012Validator.check_schema(published(what))


@pytest.mark.parametrize("args", [
    ["audit", "examples/records", "--region", "hva-15", "--as-of", "2026-11-29"],
    ["audit", "examples/records", "--org", "Jyväskylä", "--as-of", "2026-11-29", "--include", "advice,incentive"],
])
def test_audit_json_is_valid_and_versioned(args):
    data = json.loads(run(*args, "--format", "json"))
    assert list(data)[:2] == ["schema_version", "velvoite"] and data["velvoite"] == __version__
    jsonschema.validate(data, published("audit"))
    broken = {**data, "findings": [{**data["findings"][0], "status": "unknown"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, published("audit"))


@pytest.mark.parametrize("scope", [["--region", "hva-15"], ["--national"]])
def test_report_json_is_valid_and_versioned(scope):
    data = json.loads(run("report", "examples/records", *scope, "--as-of", "2026-11-29", "--include", "advice,incentive",
                          "--format", "json"))
    assert data["schema_version"] == "1.3" and data["velvoite"] == __version__
    jsonschema.validate(data, published("report"))


def test_example_records_are_valid_records():
    schema = published("records")
    for path in sorted(Path("examples/records").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text("utf-8"))
        items = doc["records"] if isinstance(doc, dict) else doc
        for item in items:
            item = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in item.items()}
            jsonschema.validate(item, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"org": "kunta-179", "kind": "no_such_kind", "date": "2024-01-01"}, schema)
