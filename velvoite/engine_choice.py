"""Which matcher an audit runs on: the engines, the one ``auto`` runs and why, and whether
durable-rules loads here. A leaf below the engine (``engine.audit`` and ``engine.match_durable``
take the choice from here), so that ``velvoite --version``, which names the choice, does not import
the engine and everything beneath it (about 0.17 s of CPU).
"""

from __future__ import annotations

from velvoite.i18n import _

ENGINES = ("durable", "python")

# The automatic choice is the engine that measures better, and the Python matcher measured better
# at every size (bench/results.md, `make bench`, two runs of 2026-11-30; command-line runs, same
# machine, the fastest of three): durable-rules took 1.2-1.5x its time at 10 000 records and
# 1.6-2.1x at 100 000 (10.2-10.5 s against 4.9-6.4 s), 1.1-1.3x its memory. durable-rules is a
# first-class engine, chosen with --engine durable or ``engine = "durable"``, and in the
# differential tests.


def default_engine() -> str:
    """The engine ``auto`` runs: the pure-Python matcher, measured faster than durable-rules at
    every data size (above). Both give the same findings (tests/test_engines.py)."""
    return "python"


def load_error() -> str | None:
    """Why durable-rules cannot be imported here: None where it can, ``""`` where it is not installed,
    else the import's own error (on Python 3.13 durable-rules 2.0 builds, but its C extension calls
    ``PyEval_CallObject``, which 3.13 removed: "undefined symbol: PyEval_CallObject")."""
    try:
        import durable.lang  # noqa: F401  (an optional extra, velvoite[durable])
    except ModuleNotFoundError as exc:
        if exc.name == "durable":
            return ""
        return str(exc)
    except ImportError as exc:
        return str(exc)
    return None


def describe_default() -> str:
    """The automatic choice in words, for ``velvoite --version``."""
    reason = load_error()
    if reason is None:
        return _("auto: python (measured faster at every size; durable-rules installed, --engine durable)")
    if reason:
        return _("auto: python (measured faster at every size; durable-rules could not be loaded: {reason})").format(
            reason=reason)
    return _("auto: python (measured faster at every size; durable-rules not installed, --engine durable)")
