import os

import pytest
from hypothesis import settings

from velvoite.engine.match_durable import available
from velvoite.registry import load_registry
from velvoite.rules import builtin_rules

# CI runs a fixed set of examples (the same on every run, so a landing never depends on luck);
# local runs explore new ones. .ci/run sets HYPOTHESIS_PROFILE=ci.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ENGINES = ["python"] + (["durable"] if available() else [])

# make test runs the suite in pytest-xdist workers, a test file in one worker (--dist loadfile: its module
# fixtures, a built wheel, a browser's pages, a server, made once) and the files in the order they are
# collected (--no-loadscope-reorder). These take longest (--durations: from a minute to several each, where
# most files take seconds), so they start first: started last, one would keep a worker busy while the others idle.
SLOWEST_FIRST = ("test_installed_package.py", "test_web_postgresql.py", "test_web_loaded.py",
                 "test_web_attacks_2.py", "test_web_server.py", "test_web_browser.py", "test_report_a11y.py",
                 "test_web_compute.py", "test_progress.py", "test_web_throttle.py", "test_report_sheets.py")


def pytest_collection_modifyitems(config, items):
    """In a pytest-xdist worker: the slowest files first (every worker sorts alike, as xdist requires);
    a run without workers keeps pytest's order."""
    if hasattr(config, "workerinput"):
        rank = {name: i for i, name in enumerate(SLOWEST_FIRST)}
        items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the others keep their order


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def rules():
    """The built-in duties: what a run checks unless --include names advice or incentives."""
    return {k: r for k, r in builtin_rules().items() if r.severity == "duty"}


@pytest.fixture(params=ENGINES)
def engine(request):
    return request.param


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch):
    """Tests read English messages unless they ask for another language: the developer's own
    locale (LANG=fi_FI.UTF-8) must not change what a test sees."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(scope="session")
def ws(tmp_path_factory):
    """The run's workspace: the example records imported, one user of each role; in SQLite, or in
    the PostgreSQL database VELVOITE_TEST_DATABASE_URL names (tests/test_web_postgresql.py runs the
    workspace's tests so, against a PostgreSQL it starts)."""
    from tests.web_helpers import AS_OF, EX, PASSWORD, USERS, cli

    folder = tmp_path_factory.mktemp("workspace") / "ws"
    url = os.environ.get("VELVOITE_TEST_DATABASE_URL")
    done = cli("db", "init", str(folder), *(["--database", url] if url else []))
    assert done.exit_code == 0, done.output
    done = cli("db", "import", str(folder), EX)
    assert done.exit_code == 0, done.output
    for email, role, org in USERS.values():
        done = cli("users", "add", str(folder), email, "--role", role, *(["--org", org] if org else []),
                   "--password-stdin", input=PASSWORD + "\n")
        assert done.exit_code == 0, done.output
    from velvoite.commands.common import Settings
    from velvoite.web.state import State, set_state

    settings = Settings(None, None, ())
    set_state(State(folder=str(folder), settings=settings, today=lambda: AS_OF))
    return folder
