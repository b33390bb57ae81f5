"""Shared by the workspace tests: one in-process workspace per test run (Django is configured once
per process; the `ws` fixture is in conftest.py), users of every role, a logged-in test client, and a
CLI runner for velvoite's commands."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from click.testing import CliRunner

from velvoite.cli import main

AS_OF = dt.date(2026, 11, 29)
EX = "examples/records"
PASSWORD = "kunnan-salasana-2026"
USERS = {  # who: (e-mail, role, organisation)
    "editor": ("editori@jyvaskyla.fi", "editor", "kunta-179"),
    "coordinator": ("koordinaattori@hyvaks.fi", "coordinator", "hva-15"),
    "other_editor": ("editori@kajaani.fi", "editor", "kunta-205"),
    "analyst": ("analyytikko@thl.fi", "analyst", None),
    "admin": ("admin@kuntaliitto.fi", "admin", None),
}


def cli(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def velvoite(*args: str, input: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """velvoite in a process of its own (for a second workspace: Django serves one per process)."""
    return subprocess.run([sys.executable, "-m", "velvoite.cli", *args], input=input, capture_output=True,
                          text=True, timeout=timeout)


def client(who: str | None, csrf: bool = False):
    from django.test import Client

    c = Client(enforce_csrf_checks=csrf, HTTP_HOST="localhost")
    if who:
        email = USERS[who][0]
        answer = c.post("/api/login", {"username": email, "password": PASSWORD}, content_type="application/json")
        assert answer.status_code == 200, answer.content
        c.csrf = answer.json()["csrf_token"]
    return c
