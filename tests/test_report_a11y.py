"""The HTML reports as a phone, a laptop and a screen reader's checker see them: the system
Chromium driven by puppeteer-core, with axe-core injected by the checker (tests/browser/).

At 390 px (a phone) and 1 280 px (a laptop) the page itself never scrolls sideways: what is wider
(the matrix, the tables) scrolls inside its own focusable, labelled box. axe-core finds no
violation of impact serious or critical. A screenshot of the page (up to 8 000 px tall) is taken at both widths.

node and npm come from Debian when missing (as Chromium does); the npm packages are installed with
``npm ci`` from tests/browser/package-lock.json into .venv/browser-tools (once; again when the lock
file changes). Where any of that cannot be done the tests are skipped with a message saying why.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from velvoite.cli import main

from debian import machine_lock, program
from test_report_browser import HOSTILE_NOTE, HOSTILE_REF

BROWSER = Path(__file__).parent / "browser"
TOOLS = Path(__file__).parent.parent / ".venv" / "browser-tools"
WIDTHS = (390, 1280)
SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="session")
def chromium() -> str:
    return program(("chromium", "chromium-browser"), ["chromium", "fonts-dejavu-core"])


@pytest.fixture(scope="session")
def checker() -> Path:
    """tests/browser's check_page.mjs beside its node_modules, installed with npm ci when needed."""
    program(("node", "nodejs"), ["nodejs"])
    npm = program(("npm",), ["npm"])
    lock = (BROWSER / "package-lock.json").read_bytes()
    with machine_lock("browser-tools"):  # one folder for every pytest-xdist worker: one npm ci at a time
        TOOLS.mkdir(parents=True, exist_ok=True)
        if not (TOOLS / "node_modules").is_dir() or (TOOLS / "package-lock.json").read_bytes() != lock:
            for name in ("package.json", "package-lock.json"):
                shutil.copyfile(BROWSER / name, TOOLS / name)
            done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=TOOLS,
                                  capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                shutil.rmtree(TOOLS / "node_modules", ignore_errors=True)
                pytest.skip(f"npm ci failed in {TOOLS}: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")
        script = (BROWSER / "check_page.mjs").read_bytes()
        target = TOOLS / "check_page.mjs"
        if not target.is_file() or target.read_bytes() != script:  # not rewritten under another worker's node
            shutil.copyfile(BROWSER / "check_page.mjs", target)
    return TOOLS / "check_page.mjs"


def check(chromium: str, checker: Path, page: Path) -> dict:
    out = page.parent / page.stem
    out.mkdir()
    done = subprocess.run(["node", str(checker), chromium, str(page), str(out), *map(str, WIDTHS)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return {int(w): r for w, r in json.loads(done.stdout).items()}


def png_size(path: str) -> tuple[int, int]:
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """A region's report in Finnish and the national report in Swedish, from the examples with a
    record whose texts try to break out of the page, each with its quarterly trend (its charts and table)."""
    tmp = tmp_path_factory.mktemp("a11y")
    records = tmp / "records"
    shutil.copytree("examples/records", records)
    (records / "hostile.yaml").write_text(
        "- org: Jyväskylä\n  kind: annual_welfare_report\n  date: 2025-03-01\n  body: lautakunta\n"
        f"  reference: '{HOSTILE_REF}{'x' * 120}'\n  notes: '{HOSTILE_NOTE}'\n", encoding="utf-8")
    made = {}
    for name, scope, lang in (("region", ["--region", "hva-15"], "fi"), ("national", ["--national"], "sv")):
        made[name] = tmp / f"{name}.html"
        result = CliRunner().invoke(main, ["--config", "examples/velvoite.toml", "report", "--lang", lang,
                                           str(records), *scope, "--as-of", "2026-11-29", "--include", "advice",
                                           "--trend", "quarterly", "-o", str(made[name])])
        assert result.exit_code == 0, result.output
        page = made[name].read_text(encoding="utf-8")
        assert '<svg class="trend" role="img"' in page, "the trend's chart is checked too (issue 33)"
    return made


@pytest.fixture(scope="module")
def checked(chromium, checker, pages) -> dict[str, dict]:
    with ThreadPoolExecutor(2) as pool:  # two browsers at once: the checks are CPU-bound, on two cores
        return dict(zip(pages, pool.map(lambda p: check(chromium, checker, p), pages.values())))


def test_the_checker_sees_what_it_should_fail_on(chromium, checker, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><head><title>x</title></head><body><img src="data:,">'
                    '<div style="width:2000px">wide</div><div style="overflow:auto;width:100px">'
                    '<p style="width:900px">a box that scrolls and cannot be reached</p></div></body></html>',
                    encoding="utf-8")
    seen = check(chromium, checker, page)
    for width in WIDTHS:
        assert seen[width]["scroll_width"] > seen[width]["window_width"]
        assert {"image-alt", "scrollable-region-focusable"} <= {v["id"] for v in seen[width]["violations"]}


@pytest.mark.parametrize("name", ["region", "national"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_never_scrolls_sideways_and_wide_parts_scroll_in_their_own_box(checked, name, width):
    seen = checked[name][width]
    assert seen["scroll_width"] <= seen["window_width"] == width
    boxes = {b["label"]: b for b in seen["scroll_boxes"]}
    assert "h-matrix" in boxes, "the matrix is in a focusable box named by its heading"
    for box in boxes.values():
        assert box["right"] <= width
    if width == 390:
        assert boxes["h-matrix"]["scroll_width"] > boxes["h-matrix"]["client_width"], "it scrolls inside its box"


@pytest.mark.parametrize("name", ["region", "national"])
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_core_finds_nothing_serious(checked, name, width):
    serious = [v for v in checked[name][width]["violations"] if v["impact"] in SERIOUS]
    assert serious == []


@pytest.mark.parametrize("name", ["region", "national"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_screenshot_of_the_whole_page_at_each_width(checked, name, width):
    shot = checked[name][width]["screenshot"]
    shot_width, shot_height = png_size(shot)
    assert shot_width == width, "as wide as the window: nothing sticks out"
    assert shot_height == min(checked[name][width]["scroll_height"], 8000) > 900 and Path(shot).stat().st_size > 30_000, "a rendered page, not a blank one"
