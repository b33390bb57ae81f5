"""The review of proposals in a real browser (issue 30): Chromium against ``velvoite serve DIR``
with two proposals queued as ``velvoite harvest --into`` queues them. A secretary finds the page
from the menu, opens a proposal, sees its decision text and its archived copy, corrects the date,
accepts it and finds the record; rejects the other as a statement; the pages pass axe-core at a
phone's and a desktop's width without a sideways scroll."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")
pytest.importorskip("selenium", reason="selenium is not installed (pip install 'velvoite[test]')")

from tests.test_report_a11y import SERIOUS, check, checker, chromium  # noqa: E402,F401 (fixtures shared)
from tests.test_web_browser import browser  # noqa: E402,F401 (the fixture)
from tests.test_web_proposals import PAGE, SHA, proposal  # noqa: E402
from tests.test_web_server import EMAIL, free_port, start, workspace  # noqa: E402
from tests.web_helpers import PASSWORD  # noqa: E402

QUEUE = """import json, sys
from velvoite.commands.harvest_into import queue_into
from velvoite.registry import load_registry
items = json.loads(sys.stdin.read())
queue_into(sys.argv[1], items, load_registry(), copies={items[0]["sha256"]: (sys.argv[2].encode(), "text/html", "x")})
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("proposals") / "ws"
    workspace(folder)
    items = [proposal(), proposal(section="124", case_number=None, kind="welfare_report_and_plan",
                                  title="Lausunto hallituksen esityksestä: hyvinvointikertomus " + "pitkäsana" * 12,
                                  decision="statement", body="Kaupunginhallitus", body_tier="board")]
    done = subprocess.run([sys.executable, "-c", QUEUE, str(folder), PAGE.decode()], input=json.dumps(items),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "2 proposals queued" in done.stderr, done.stderr
    port = free_port()
    proc = start(folder, port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=30)


def test_review_accept_one_reject_the_other_and_the_pages_pass_axe(site, browser, chromium, checker, tmp_path):
    import urllib.request

    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{site}/login/")
    browser.find_element(By.ID, "id_username").send_keys(EMAIL)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/records/"))
    browser.find_element(By.LINK_TEXT, "Ehdotukset").click()  # from the menu
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/proposals/"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Ehdotukset: Jyväskylä"
    snippet = browser.find_element(By.CSS_SELECTOR, "blockquote.snippet").text
    assert snippet == "Päätös: Hyväksyttiin. <script>alert(1)</script>"  # text, not markup

    with urllib.request.urlopen(f"{site}/static/velvoite.css", timeout=30) as answer:
        css = answer.read().decode("utf-8")
    pages = {}

    def saved(name: str) -> None:  # (the stylesheet written into the file, as tests/test_web_browser.py does)
        pages[name] = tmp_path / f"{name}.html"
        link = '<link rel="stylesheet" href="/static/velvoite.css">'
        pages[name].write_text(browser.page_source.replace(link, f"<style>{css}</style>"), "utf-8")

    saved("proposals")
    browser.find_elements(By.LINK_TEXT, "Tarkista")[0].click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.rstrip("/").split("/")[-1].isdigit())
    first = browser.current_url
    copy = browser.find_element(By.LINK_TEXT, "Arkistoitu kopio").get_attribute("href")
    assert copy == first + "copy"
    saved("proposal")
    date = browser.find_element(By.ID, "id_date")
    assert date.get_attribute("value") == "16.11.2026"
    date.clear()
    date.send_keys("17.11.2026")  # the reading was a day off
    browser.find_element(By.CSS_SELECTOR, f"form[action='{first[len(site):]}'] button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "accepted=" in b.current_url)
    said = browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert said.startswith("Hyväksytty kirjaukseksi kunta-179-"), said
    rid = said.split(" ")[-1].rstrip(".")
    browser.get(f"{site}/records/{rid}/")
    record = browser.find_element(By.TAG_NAME, "table").text
    assert "17.11.2026" in record and f"velvoite harvest: sha256 {SHA}, accepted by {EMAIL}" in record

    browser.get(f"{site}/proposals/")
    browser.find_element(By.LINK_TEXT, "Tarkista").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=reason][value=statement]").click()
    browser.find_element(By.CSS_SELECTOR, "form[action$='/reject'] button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "rejected" in b.current_url)
    assert "Ei odottavia ehdotuksia." in browser.find_element(By.TAG_NAME, "main").text
    decided = browser.find_element(By.CSS_SELECTOR, "ul.decided").text
    assert "hylätty (lausunto)" in decided and "hyväksytty" in decided
    saved("decided")
    browser.get(copy)  # the archived copy, sandboxed: its script does not run
    assert "Kaupunginvaltuusto 16.11.2026 § 123" in browser.page_source
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018
    for name, page in pages.items():
        for width, seen in check(chromium, checker, page).items():
            serious = [v["id"] for v in seen["violations"] if v["impact"] in SERIOUS]
            assert serious == [], (name, width, json.dumps(seen["violations"])[:800])
            assert seen["scroll_width"] <= seen["window_width"] == width, (name, width)
