"""The record form made for the secretary (issue 25 item 5): the kind first, then only its fields
with help in the page's language; records and history in words and Helsinki time; removal after a
confirmation, undone from the history; the editor's menu and the help page."""

from __future__ import annotations

import re

import pytest

from tests.web_helpers import PASSWORD, USERS, client


@pytest.fixture(autouse=True)
def _leave_the_workspace_as_found(ws):
    """The records a test stores are removed after it (test_web_workspace compares the workspace
    with its files)."""
    from velvoite.web.workspace.models import StoredRecord

    before = set(StoredRecord.objects.values_list("rid", flat=True))
    yield
    for rid in set(StoredRecord.objects.values_list("rid", flat=True)) - before:
        client("editor").delete(f"/api/records/{rid}")


def _page(who: str, lang: str = "fi"):
    from django.test import Client

    c = Client(HTTP_HOST="localhost")
    c.cookies.load({"django_language": lang})
    assert c.post("/login/", {"username": USERS[who][0], "password": PASSWORD}).status_code == 302
    return c


def _names(page: str) -> set[str]:
    return set(re.findall(r'name="([a-z_]+)"', page)) - {"csrfmiddlewaretoken", "language", "next", "org", "viewport"}


def test_the_kind_is_chosen_first_and_the_form_shows_only_its_fields(ws):
    c = _page("editor")
    first = c.get("/records/").content.decode()
    assert 'method="get"' in first and "pelastustoimen palvelutasopäätös" in first and 'name="date"' not in first
    rescue = c.get("/records/?kind=rescue_service_level_decision").content.decode()
    assert _names(rescue) == {"kind", "date", "body", "reference", "url", "notes", "valid_from", "valid_until",
                              "statement_requested", "delivered_on"}
    assert "Päivämäärä *" in rescue and "Voimassa alkaen" in rescue and "14.3.2025" in rescue
    # the kind chosen is the kind the form sends (it showed, and saved, the list's first kind)
    assert re.search(r'<option value="rescue_service_level_decision" selected>', rescue), rescue[:2000]
    plan = c.get("/records/?kind=annual_welfare_report").content.decode()
    assert "hyväksytty" in plan and ">approved<" not in plan and 'name="valid_until"' not in plan
    designation = _page("editor", "sv").get("/records/?kind=responsible_party_designation").content.decode()
    assert "styrgrupp" in designation.lower() or "ledningsgrupp" in designation.lower()
    assert ">steering_group<" not in designation


def _marked(page: str) -> tuple[set[str], set[str], set[str]]:
    """(the fields whose input says required, those announced aria-required, those whose label ends in *)."""
    tags = re.findall(r"<(?:input|select|textarea)\b[^>]*>", page)
    named = [(re.search(r'name="([a-z_]+)"', t), t) for t in tags]
    required = {m[1] for m, t in named if m and re.search(r"\srequired(?:[\s>=/])", t)}
    aria = {m[1] for m, t in named if m and 'aria-required="true"' in t}
    starred = set(re.findall(r'<label for="id_([a-z_]+)">[^<]* \*</label>', page))
    return required, aria, starred


@pytest.mark.parametrize("lang, legend", [("fi", "Tähdellä (*) merkityt kentät ovat pakollisia."),
                                          ("sv", "Fält märkta med * är obligatoriska."),
                                          ("en", "Fields marked * are required.")])
def test_each_kind_marks_the_fields_it_cannot_be_saved_without(ws, lang, legend):
    """Issue 25 item 5: the required fields of the kind chosen, and only those, carry the mark (*,
    explained by the legend in the page's language) and are required to assistive technology."""
    c = _page("editor", lang)
    every = {"kind", "org", "date"}
    for kind, required in (("rescue_service_level_decision", every), ("annual_welfare_report", every),
                           ("waiver", every | {"rule", "period", "reason", "reference"})):
        page = c.get(f"/records/?kind={kind}").content.decode()
        assert legend in page
        assert _marked(page) == (required, required, required), kind
    chooser = c.get("/records/").content.decode()  # before a kind is chosen: no form, no marks
    assert legend not in chooser and _marked(chooser)[2] == set()


def test_a_decision_in_effect_is_saved_with_its_dates_from_the_form(ws):
    c = _page("editor")
    form = {"org": "kunta-179", "kind": "rescue_service_level_decision", "date": "10.2.2026", "body": "council",
            "valid_from": "1.3.2026", "valid_until": "28.2.2030"}
    answer = c.post("/records/?kind=rescue_service_level_decision", form)
    assert answer.status_code == 200, answer.content.decode()[-2000:]
    rid = re.search(r"(kunta-179-[0-9a-f]{12})", answer.content.decode())[1]
    stored = client("editor").get(f"/api/records/{rid}").json()["record"]
    assert (stored["valid_from"], stored["valid_until"]) == ("2026-03-01", "2030-02-28")
    listed = c.get("/records/").content.decode()
    assert "pelastustoimen palvelutasopäätös" in listed and "valtuusto" in listed and "10.2.2026" in listed
    client("editor").delete(f"/api/records/{rid}")


def test_removal_is_confirmed_said_and_undone_from_the_history(ws):
    made = client("editor").post("/api/records", {"org": "kunta-179", "kind": "welfare_report_and_plan",
                                                  "date": "2026-05-04", "body": "council", "decision": "approved",
                                                  "delivered_to": ["hva-13"]}, content_type="application/json")
    rid = made.json()["id"]
    c = _page("editor")
    record = c.get(f"/records/{rid}/").content.decode()
    assert "['hva-13']" not in record and "hyväksytty" in record and "4.5.2026" in record
    confirm = c.get(f"/records/{rid}/remove")
    assert confirm.status_code == 200 and 'method="post"' in confirm.content.decode()
    assert client("editor").get(f"/api/records/{rid}").status_code == 200  # asking removed nothing
    done = c.post(f"/records/{rid}/remove")
    assert done.status_code == 302 and done["Location"] == f"/records/?removed={rid}"
    said = c.get(done["Location"]).content.decode()
    assert "Poistettu: laaja hyvinvointikertomus ja -suunnitelma, 4.5.2026" in said
    assert client("editor").get(f"/api/records/{rid}").status_code == 404
    assert _page("coordinator").post(f"/records/{rid}/restore").status_code == 403  # reads it, may not write
    assert _page("other_editor").post(f"/records/{rid}/restore").status_code == 404
    gone = c.get(f"/records/{rid}/").content.decode()
    assert "/restore" in gone
    assert c.post(f"/records/{rid}/restore").status_code == 302
    assert client("editor").get(f"/api/records/{rid}").json()["record"]["decision"] == "approved"
    history = c.get(f"/records/{rid}/").content.decode()
    assert "palautettu" in history and "lisätty" in history and "poistettu" in history
    assert c.post(f"/records/{rid}/restore").status_code == 404  # nothing removed to restore now
    client("editor").delete(f"/api/records/{rid}")


def test_history_shows_each_field_before_and_after_in_helsinki_time(ws):
    from velvoite.web.workspace.models import Change

    made = client("editor").post("/api/records", {"org": "kunta-179", "kind": "annual_welfare_report",
                                                  "date": "2026-03-02", "body": "board"},
                                 content_type="application/json")
    rid = made.json()["id"]
    c = _page("editor")
    form = {"org": "kunta-179", "kind": "annual_welfare_report", "date": "2.3.2026", "body": "council"}
    assert c.post(f"/records/{rid}/", form).status_code == 302
    page = c.get(f"/records/{rid}/").content.decode()
    rows = re.findall(r"<td>Päättävä toimielin</td><td>([^<]*)</td><td>([^<]*)</td>", page)
    assert rows == [("", "hallitus"), ("hallitus", "valtuusto")]  # added, then changed
    at = Change.objects.filter(rid=rid).order_by("id").first().at
    from zoneinfo import ZoneInfo
    local = at.astimezone(ZoneInfo("Europe/Helsinki"))
    assert f"{local.day}.{local.month}.{local.year} {local:%H:%M}" in page and "UTC" not in page
    client("editor").delete(f"/api/records/{rid}")


def test_the_menu_leads_to_the_audit_the_feed_and_the_help_page(ws):
    c = _page("editor")
    page = c.get("/records/").content.decode()
    assert 'href="/audit/?org=kunta-179"' in page and 'href="/account/"' in page and 'href="/help/"' in page
    for lang, words in (("fi", ("Outlook", "Google", "iPhone", "Ohje")), ("sv", ("Outlook", "Google", "Hjälp")),
                        ("en", ("Subscribe from web", "From URL", "Add Subscribed Calendar"))):
        help_page = _page("editor", lang).get("/help/")
        assert help_page.status_code == 200 and all(word in help_page.content.decode() for word in words)
