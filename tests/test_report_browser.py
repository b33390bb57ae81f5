"""The HTML report in a real browser: headless Chromium (Debian's ``chromium`` package).

The fixture installs Chromium with apt-get when it is missing and the test runs as root (or
with password-less sudo), as on CI; elsewhere the tests are skipped with a message saying how
to install it.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from velvoite.cli import main

from debian import program

HOSTILE_NOTE = "<img src=x onerror=alert(1)>"
HOSTILE_REF = "</script><script>alert(2)</script>"


@pytest.fixture(scope="session")
def chromium() -> str:
    return program(("chromium", "chromium-browser"), ["chromium", "fonts-dejavu-core"])


def browse(chromium: str, page: Path, *args: str) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--enable-logging=stderr", "--v=0", f"--user-data-dir={page.parent / 'profile'}"]
    return subprocess.run([chromium, *flags, *args, page.as_uri()], capture_output=True, text=True, timeout=120)


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.matrix_rows: list[int] = []
        self.in_matrix = self.in_body = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "table" and attrs.get("id") == "matrix":
            self.in_matrix = True
        elif self.in_matrix and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.matrix_rows.append(0)
        elif self.in_body and tag == "td":
            self.matrix_rows[-1] += 1

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.in_matrix = False

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture
def report_page(tmp_path) -> tuple[Path, dict]:
    records = tmp_path / "records"
    shutil.copytree("examples/records", records)
    (records / "hostile.yaml").write_text(
        "- org: Jyväskylä\n  kind: annual_welfare_report\n  date: 2025-03-01\n  body: lautakunta\n"
        f"  reference: '{HOSTILE_REF}'\n  notes: '{HOSTILE_NOTE}'\n  url: 'javascript:alert(3)'\n",
        encoding="utf-8")
    page = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["--config", "examples/velvoite.toml", "report", str(records), "--region",
                                       "hva-15", "--as-of", "2026-11-29", "-o", str(page)])
    assert result.exit_code == 0, result.output
    data = CliRunner().invoke(main, ["--config", "examples/velvoite.toml", "report", str(records), "--region",
                                     "hva-15", "--as-of", "2026-11-29", "--format", "json"]).output
    import json

    return page, json.loads(data)


def test_console_check_can_fail(chromium, tmp_path):
    page = tmp_path / "control.html"
    page.write_text(f"<!DOCTYPE html><p>x</p>{HOSTILE_NOTE.replace('alert(1)', 'console.error(1)')}", encoding="utf-8")
    assert console_messages(browse(chromium, page, "--dump-dom").stderr), "the console check must see errors"


def test_report_renders_without_errors_and_runs_nothing(chromium, report_page):
    page, data = report_page
    shot = page.parent / "report.png"
    taken = browse(chromium, page, f"--screenshot={shot}", "--window-size=1400,2000", "--hide-scrollbars")
    assert taken.returncode == 0, taken.stderr[-2000:]
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1400, 2000)
    assert len(png) > 50_000, "the screenshot should show a rendered page, not a blank one"
    assert console_messages(taken.stderr) == []

    dumped = browse(chromium, page, "--dump-dom")
    assert dumped.returncode == 0 and console_messages(dumped.stderr) == []
    dom = Dom()
    dom.feed(dumped.stdout)
    assert len(dom.matrix_rows) == len(data["rows"]) == 23
    assert dom.matrix_rows == [len(data["columns"])] * len(data["rows"])
    assert not [t for t, _ in dom.tags if t in ("script", "iframe", "object", "embed")]
    assert not [a for t, a in dom.tags if any(k.startswith("on") for k in a)]
    assert not [a for t, a in dom.tags if t == "a" and a.get("href", "").startswith("javascript:")]
    text = "".join(dom.text)
    assert HOSTILE_REF in text and HOSTILE_NOTE in text
