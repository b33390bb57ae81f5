"""Where durable-rules is installed but does not load (Python 3.13: durable-rules 2.0 builds, and its C
extension then fails on ``undefined symbol: PyEval_CallObject``), velvoite says why, not "not
installed". The failing import is simulated by a finder that raises the ImportError."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from velvoite.cli import main
from velvoite.engine import match_durable

ARGS = ["--engine", "durable", "audit", "examples/records", "--org", "Joutsa", "--as-of", "2025-12-31"]
SYMBOL = "/venv/lib/python3.13/site-packages/durable_rules_engine.so: undefined symbol: PyEval_CallObject"


class Refuse:
    """A meta-path finder under which importing ``durable`` raises ``error``."""

    def __init__(self, error: ImportError):
        self.error = error

    def find_spec(self, name, path=None, target=None):
        if name == "durable" or name.startswith(("durable.", "durable_rules")):
            raise self.error
        return None


@pytest.fixture
def durable_fails(monkeypatch):
    def fail(error: ImportError):
        for name in [n for n in sys.modules if n == "durable" or n.startswith(("durable.", "durable_rules"))]:
            monkeypatch.delitem(sys.modules, name)
        monkeypatch.setattr(sys, "meta_path", [Refuse(error), *sys.meta_path])
    return fail


def test_a_durable_rules_that_does_not_load_is_named_with_the_reason(durable_fails):
    durable_fails(ImportError(SYMBOL))
    assert not match_durable.available() and match_durable.load_error() == SYMBOL
    result = CliRunner().invoke(main, ARGS)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.endswith(f"\nvelvoite: durable-rules could not be loaded: {SYMBOL}; use --engine python\n")
    version = CliRunner().invoke(main, ["--version"]).output
    assert f"durable-rules could not be loaded: {SYMBOL})" in version and "not installed" not in version


def test_the_reason_is_in_the_users_language(durable_fails):
    durable_fails(ImportError(SYMBOL))
    result = CliRunner().invoke(main, [*ARGS, "--lang", "fi"])
    assert result.exit_code == 2 and SYMBOL in result.output and "--engine python" in result.output
    assert "durable-rules could not be loaded" not in result.output


def test_a_durable_rules_not_installed_says_how_to_install_it(durable_fails):
    durable_fails(ModuleNotFoundError("No module named 'durable'", name="durable"))
    assert match_durable.load_error() == ""
    result = CliRunner().invoke(main, ARGS)
    assert result.exit_code == 2 and "pip install 'velvoite[durable]'" in result.output
    assert "not installed" in CliRunner().invoke(main, ["--version"]).output
