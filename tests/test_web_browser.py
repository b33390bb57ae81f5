"""The workspace in a real browser, as a municipality's secretary uses it: the system Chromium
driven by Selenium through Debian's chromium-driver, against ``velvoite serve DIR`` in a process
of its own. Log in, enter a record with a typo, see the error at the field, fix it, see the audit
change; a decision in effect entered, removed after the confirmation and the removal undone from its
history; then the pages (the form per kind, a record, its removal, help) through axe-core (the
report's checker) at a phone's and a desktop's width."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")
pytest.importorskip("selenium", reason="selenium is not installed (pip install 'velvoite[test]')")

from tests.debian import program  # noqa: E402
from tests.test_report_a11y import SERIOUS, check, checker, chromium  # noqa: E402,F401 (fixtures shared)
from tests.test_web_server import EMAIL, free_port, start, workspace  # noqa: E402
from tests.web_helpers import PASSWORD, velvoite  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser") / "ws"
    workspace(folder)
    done = velvoite("db", "import", str(folder), "examples/records")
    assert done.returncode == 0, done.stderr
    port = free_port()
    proc = start(folder, port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    driver_path = program(("chromedriver",), ["chromium-driver"])
    options = webdriver.ChromeOptions()
    options.binary_location = program(("chromium", "chromium-browser"), ["chromium"])
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=fi-FI",
                "--window-size=1280,900"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": "fi-FI,fi"})
    try:
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
    except Exception as exc:  # noqa: BLE001 (a driver that does not match the browser: say so, do not fail)
        pytest.skip(f"Chromium could not be driven: {str(exc).splitlines()[0]}")
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def status_of(browser, site: str, rule: str, period: str) -> str:
    from selenium.webdriver.common.by import By

    browser.get(f"{site}/audit/")
    for row in browser.find_elements(By.CSS_SELECTOR, "tbody tr"):
        cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
        if row.get_attribute("data-rule") == rule and cells[2] == period:
            return cells[0]
    raise AssertionError(f"no finding {rule} {period}")


def test_log_in_enter_a_typo_see_it_fix_it_and_the_audit_changes(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(f"{site}/records/")
    assert browser.current_url.endswith("/login/")  # not signed in: the login page
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fi"  # the browser's language
    browser.find_element(By.ID, "id_username").send_keys(EMAIL)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "main button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/records/"))  # signed in
    assert browser.execute_script("return getComputedStyle(document.body).maxWidth") == "1200px"  # styled under the CSP
    assert not [e for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]  # nothing refused
    before = status_of(browser, site, "child-youth-welfare-plan", "2025-09-21/2029-09-20")
    assert before == "avoinna"

    browser.get(f"{site}/records/")
    # the kind first, by its name; then the form shows the fields that kind carries
    Select(browser.find_element(By.ID, "choose-kind")).select_by_visible_text("lasten ja nuorten hyvinvointisuunnitelma")
    browser.find_element(By.CSS_SELECTOR, "form.choose-kind button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "kind=child_youth_welfare_plan" in b.current_url)
    Select(browser.find_element(By.ID, "id_body")).select_by_value("council")
    browser.find_element(By.ID, "id_date").send_keys("31.13.2026")
    browser.find_element(By.ID, "id_reference").send_keys("Kv 2.11.2026 § 7")
    browser.find_element(By.CSS_SELECTOR, "form[action='/records/'] button[type=submit]").click()
    alert = browser.find_element(By.CSS_SELECTOR, "[role=alert]")
    assert "Korjaa" in alert.text  # nothing saved; fix the fields
    error = browser.find_element(By.CSS_SELECTOR, ".errorlist")
    assert "31.13.2026" in error.text  # the loader's message, at the date field
    date = browser.find_element(By.ID, "id_date")
    assert date.get_attribute("value") == "31.13.2026"  # what was typed is kept for fixing
    date.clear()
    date.send_keys("2.11.2026")
    browser.find_element(By.CSS_SELECTOR, "form[action='/records/'] button[type=submit]").click()
    assert "Tallennettu" in browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert "Kv 2.11.2026 § 7" in browser.find_element(By.TAG_NAME, "table").text

    after = status_of(browser, site, "child-youth-welfare-plan", "2025-09-21/2029-09-20")
    assert after == "täyttyy"


def test_a_decision_in_effect_is_entered_removed_and_the_removal_undone(site, browser):
    """The kind chosen by its name shows only its fields; the record saved, opened from the list,
    removed after the confirmation, its history in Helsinki time, and the removal undone."""
    import datetime as dt
    import re
    from zoneinfo import ZoneInfo

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(f"{site}/records/")
    Select(browser.find_element(By.ID, "choose-kind")).select_by_visible_text("pelastustoimen palvelutasopäätös")
    browser.find_element(By.CSS_SELECTOR, "form.choose-kind button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "kind=rescue_service_level_decision" in b.current_url)
    assert browser.find_elements(By.ID, "id_valid_from") and browser.find_elements(By.ID, "id_valid_until")
    assert not browser.find_elements(By.ID, "id_participants")  # another kind's field: not shown
    # the fields this kind cannot be saved without are marked and required to assistive technology;
    # its optional dates in effect are not
    date = browser.find_element(By.ID, "id_date")
    assert date.get_dom_attribute("required") is not None and date.get_dom_attribute("aria-required") == "true"
    assert browser.find_element(By.CSS_SELECTOR, "label[for=id_date]").text == "Päivämäärä *"
    assert browser.find_element(By.ID, "id_valid_from").get_dom_attribute("aria-required") is None
    assert not browser.find_element(By.CSS_SELECTOR, "label[for=id_valid_from]").text.endswith("*")
    assert "Tähdellä (*) merkityt kentät ovat pakollisia." in browser.find_element(By.TAG_NAME, "main").text
    browser.find_element(By.ID, "id_date").send_keys("10.2.2026")
    Select(browser.find_element(By.ID, "id_body")).select_by_value("council")
    browser.find_element(By.ID, "id_valid_from").send_keys("1.3.2026")
    browser.find_element(By.ID, "id_valid_until").send_keys("28.2.2030")
    browser.find_element(By.ID, "id_reference").send_keys("Kv 10.2.2026 § 4")
    browser.find_element(By.CSS_SELECTOR, "form[action='/records/'] button[type=submit]").click()
    saved = browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert "Tallennettu" in saved
    rid = re.search(r"Tallennettu: (\S+)", saved)[1]

    browser.find_element(By.CSS_SELECTOR, f"tbody a[href='/records/{rid}/']").click()  # from the list
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith(f"/records/{rid}/"))
    assert "1.3.2026" in browser.find_element(By.TAG_NAME, "table").text
    browser.find_element(By.LINK_TEXT, "Poista tämä kirjaus").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith(f"/records/{rid}/remove"))
    assert "28.2.2030" in browser.find_element(By.TAG_NAME, "table").text  # what would be removed
    browser.find_element(By.CSS_SELECTOR, f"form[action='/records/{rid}/remove'] button[type=submit]").click()
    said = browser.find_element(By.ID, "removed")
    assert said.text.startswith("Poistettu: pelastustoimen palvelutasopäätös, 10.2.2026"), said.text
    assert not browser.find_elements(By.CSS_SELECTOR, f"tbody a[href='/records/{rid}/']")  # off the list

    said.find_element(By.LINK_TEXT, "Historia ja peruminen").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith(f"/records/{rid}/"))
    history = browser.find_element(By.CSS_SELECTOR, "[role=region][aria-label=Historia] tbody")
    rows = [[td.text for td in tr.find_elements(By.TAG_NAME, "td")] for tr in history.find_elements(By.TAG_NAME, "tr")]
    valid_from = [row[-3:] for row in rows if row[-3] == "Voimassa alkaen"]
    assert valid_from == [["Voimassa alkaen", "", "1.3.2026"], ["Voimassa alkaen", "1.3.2026", ""]], rows
    firsts = [row for row in rows if len(row) == 6]
    assert [row[2] for row in firsts] == ["lisätty", "poistettu"], rows
    now = dt.datetime.now(ZoneInfo("Europe/Helsinki")).replace(tzinfo=None)
    for row in firsts:
        assert re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4} \d{2}:\d{2}", row[0]), row
        at = dt.datetime.strptime(row[0], "%d.%m.%Y %H:%M")
        assert abs(at - now) < dt.timedelta(minutes=5), (row[0], now)  # Helsinki time, not UTC

    browser.find_element(By.CSS_SELECTOR, f"form[action='/records/{rid}/restore'] button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith(f"/records/{rid}/"))
    assert browser.find_elements(By.LINK_TEXT, "Poista tämä kirjaus")  # stored again
    browser.get(f"{site}/records/")
    assert browser.find_elements(By.CSS_SELECTOR, f"tbody a[href='/records/{rid}/']")  # back on the list

    # the workspace left as it was found: the record removed again, through the page
    browser.get(f"{site}/records/{rid}/remove")
    browser.find_element(By.CSS_SELECTOR, f"form[action='/records/{rid}/remove'] button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: f"removed={rid}" in b.current_url)
    assert not browser.find_elements(By.CSS_SELECTOR, f"tbody a[href='/records/{rid}/']")


def test_the_pages_pass_axe_at_phone_and_desktop_widths(site, browser, chromium, checker, tmp_path):
    """The pages as the browser has them (signed in, after the test above), saved and opened by the
    report's checker: no sideways page at 390 and 1280 px, nothing serious for axe-core."""
    from selenium.webdriver.common.by import By

    import urllib.request

    with urllib.request.urlopen(f"{site}/static/velvoite.css", timeout=30) as answer:
        css = answer.read().decode("utf-8")

    def saved(name: str) -> None:  # (the stylesheet written into the file: the server lends it to no other origin)
        pages[name] = tmp_path / f"{name}.html"
        link = '<link rel="stylesheet" href="/static/velvoite.css">'
        assert link in browser.page_source
        pages[name].write_text(browser.page_source.replace(link, f"<style>{css}</style>"), "utf-8")

    pages = {}
    browser.get(f"{site}/records/")
    first = browser.find_element(By.CSS_SELECTOR, "tbody a[href^='/records/']").get_attribute("href")
    for name, path in (("records", "/records/"), ("audit", "/audit/"), ("help", "/help/"),
                       ("rescue-form", "/records/?kind=rescue_service_level_decision"),
                       ("record", first), ("remove", first + "remove")):
        browser.get(path if path.startswith("http") else site + path)
        saved(name)
    from selenium.webdriver.support.ui import WebDriverWait

    browser.find_element(By.CSS_SELECTOR, "nav form button").click()  # log out: the login page
    WebDriverWait(browser, 10).until(lambda b: b.current_url.endswith("/login/"))
    saved("login")
    for name, page in pages.items():
        for width, seen in check(chromium, checker, page).items():
            serious = [v["id"] for v in seen["violations"] if v["impact"] in SERIOUS]
            assert serious == [], (name, width, json.dumps(seen["violations"])[:800])
            assert seen["scroll_width"] <= seen["window_width"] == width, (name, width)
