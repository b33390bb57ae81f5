"""The CLI works on plain files without the web extra (Django) installed, and a database
workspace then gets a clear error naming the extra, not a traceback."""

from __future__ import annotations

import subprocess
import sys

WITHOUT_DJANGO = """
import sys
sys.modules["django"] = None  # as if the web extra were not installed: importing it fails
from velvoite.cli import main
main(sys.argv[1:])
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", WITHOUT_DJANGO, *args], capture_output=True, text=True, timeout=120)


def test_files_are_audited_without_django():
    done = run("audit", "examples/records", "--region", "hva-15", "--as-of", "2026-11-29", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert '"findings"' in done.stdout


def test_a_workspace_without_django_names_the_extra(tmp_path):
    (tmp_path / "workspace.toml").write_text('[database]\nurl = "sqlite:///velvoite.sqlite3"\n', encoding="utf-8")
    for args in (("audit", str(tmp_path), "--region", "hva-15"), ("db", "init", str(tmp_path))):
        done = run(*args)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr
        assert "pip install 'velvoite[web]'" in done.stderr, done.stderr


def test_record_files_are_served_without_django():
    """velvoite serve RECORDS runs on waitress, a core dependency: no web extra needed."""
    import re
    import urllib.request

    proc = subprocess.Popen([sys.executable, "-c", WITHOUT_DJANGO, "--engine", "python", "serve", "examples/records",
                             "--port", "0", "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        said = ""
        while not (found := re.search(r"127\.0\.0\.1:(\d+)/", said)):
            line = proc.stderr.readline()
            assert line, said
            said += line
        with urllib.request.urlopen(f"http://127.0.0.1:{found.group(1)}/calendar/hva-15.ics", timeout=60) as answer:
            assert answer.status == 200 and answer.read().startswith(b"BEGIN:VCALENDAR")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
