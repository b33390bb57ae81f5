"""The workspace on PostgreSQL for real (issue "The shared workspace holds under attack"): the
in-process workspace tests (the API, users and roles, throttling, the history and its triggers,
strict JSON, ids) run again with their workspace in a PostgreSQL started here; migration 0005
gives history written before it its records there too, triggers kept; and gunicorn with two
workers, as deploy/ runs it, counts a burst of wrong logins across its workers in PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")

from tests.test_web_hardening import expected_identities, migrated  # noqa: E402
from tests.test_web_server import free_port, postgres, start_gunicorn, workspace  # noqa: E402,F401
from tests.test_web_throttle import a_burst_checks_five_then_stops  # noqa: E402

IN_PROCESS = ["tests/test_web_workspace.py", "tests/test_web_hardening.py", "tests/test_web_throttle.py",
              "tests/test_web_standing.py", "tests/test_web_proposals.py", "tests/test_harvest_into.py"]
SERVERS = "burst or gunicorn or trusted_proxies_in or written_before"  # (each makes a SQLite workspace of its own)


def database(server_url: str, name: str) -> str:
    """A new database on the test's PostgreSQL server, and its URL."""
    import psycopg

    with psycopg.connect(server_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name


def test_the_workspace_tests_pass_on_postgresql(postgres, tmp_path):
    import xml.etree.ElementTree as ET

    url = database(postgres, "suite")
    report = tmp_path / "junit.xml"
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *IN_PROCESS,
                           "-k", f"not ({SERVERS})", f"--junit-xml={report}"], capture_output=True, text=True,
                          timeout=1200, env={**os.environ, "VELVOITE_TEST_DATABASE_URL": url})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    suite = ET.parse(report).getroot().find("testsuite")
    assert (int(suite.get("failures")), int(suite.get("errors"))) == (0, 0)
    assert int(suite.get("tests")) - int(suite.get("skipped")) >= 50  # the API, users, throttling, history...
    import psycopg

    with psycopg.connect(url) as connection:  # and they ran in PostgreSQL
        assert connection.execute("SELECT count(*) FROM workspace_change").fetchone()[0] > 0


def test_history_written_before_is_given_its_records_in_postgresql(postgres, tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "workspace.toml").write_text(f'[database]\nurl = "{database(postgres, "history")}"\n', "utf-8")
    assert migrated(folder) == expected_identities()


def test_gunicorn_workers_on_postgresql_check_no_more_passwords_than_the_limit(postgres, tmp_path):
    folder = tmp_path / "ws"
    workspace(folder, "--database", database(postgres, "burst"))
    port = free_port()
    a_burst_checks_five_then_stops(start_gunicorn(folder, port), port)
