"""Issue 25 item 2: the workspace answers in its users' language all the way down. The API's
errors say their message in the request's language (``?lang=``, else the cookie or the browser's
Accept-Language) with a code that is the same in every language; Django's own messages (a form
field's error, the password rules) follow the page's and the run's language, in the API, on the
pages and in ``velvoite users``."""

from __future__ import annotations

import pytest

from tests.web_helpers import USERS, client, velvoite
from velvoite.i18n import tr

SHORT = {"fi": "Tämä salasana on liian lyhyt: siinä on oltava vähintään 10 merkkiä.",
         "sv": "Lösenordet är för kort: det måste innehålla minst 10 tecken.",
         "en": "This password is too short: it must have at least 10 characters."}
COMMON = {"fi": "Tämä salasana on liian yleinen.", "sv": "Detta lösenord är alldeles för vanligt.",
          "en": "This password is too common."}
INVALID_CHOICE = {"fi": "Valitse oikea vaihtoehto.", "sv": "Välj ett giltigt alternativ.",
                  "en": "Select a valid choice."}


def test_velvoite_users_says_the_password_rules_in_the_runs_language(tmp_path):
    """A weak password in a Finnish or Swedish run: Django's rules in that language (Django has no
    Finnish words for its length rule: velvoite's catalogue says it); exit 2, no user added."""
    folder = str(tmp_path / "ws")
    assert velvoite("db", "init", folder).returncode == 0
    for lang in ("fi", "sv", "en"):
        for password, said in (("lyhyt", SHORT), ("password123", COMMON)):
            done = velvoite("users", "add", folder, "k@jyvaskyla.fi", "--role", "editor", "--org", "Jyväskylä",
                            "--password-stdin", "--lang", lang, input=password + "\n")
            assert done.returncode == 2 and said[lang] in done.stderr, (lang, done.stderr)
            assert "Traceback" not in done.stderr
    listed = velvoite("users", "list", folder)
    assert listed.returncode == 0 and "k@jyvaskyla.fi" not in listed.stdout


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_record_forms_own_errors_are_in_the_pages_language(ws, lang):
    """A Django form error (a choice that is not one of the form's) in the page's language, also
    when ?lang= says another than the browser's cookie."""
    from django.test import Client

    from velvoite.web.workspace.models import StoredRecord

    c = Client(HTTP_HOST="localhost")
    c.cookies.load({"django_language": "sv" if lang == "fi" else "fi"})  # ?lang= wins over the cookie
    c.login(username=USERS["editor"][0], password="kunnan-salasana-2026")
    before = StoredRecord.objects.count()
    page = c.post(f"/records/?kind=annual_welfare_report&lang={lang}",
                  {"org": "kunta-179", "kind": "annual_welfare_report", "date": "3.3.2026", "body": "kuningas"})
    text = page.content.decode()
    assert page.status_code == 400 and INVALID_CHOICE[lang] in text, text[:3000]
    assert not [other for other, words in INVALID_CHOICE.items() if other != lang and words in text]
    assert StoredRecord.objects.count() == before


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_apis_errors_are_in_the_requests_language_with_a_code_for_programs(ws, lang):
    from django.test import Client

    def said(answer, status: int, code: str) -> dict:
        assert answer.status_code == status and answer["Content-Type"] == "application/json", answer.content[:300]
        body = answer.json()
        assert body["code"] == code, body
        return body

    def translated(message: str) -> str:
        text = tr(lang, message)
        assert lang == "en" or text != message, f"not translated into {lang}: {message}"
        return text

    anyone = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE=lang)  # the browser's language
    assert said(anyone.get("/api/records"), 401, "login_required")["error"] == translated(
        "log in first: POST /api/login")
    assert said(anyone.get("/api/no/such"), 404, "not_found")["error"] == translated("not found")
    editor = client("editor")
    assert said(editor.get(f"/api/records/no-such-record?lang={lang}"), 404, "not_found")["error"] == translated(
        "no such record")
    assert said(editor.get(f"/api/records?org=kunta-205&lang={lang}"), 403, "forbidden")["error"] == translated(
        "you cannot read records of {org}").format(org="kunta-205")
    bad = said(editor.post(f"/api/records?lang={lang}", '{"org": "kunta-179", "org": "x"}',
                           content_type="application/json"), 400, "invalid_json")
    assert bad["field"] == "org" and translated("duplicate key {key}").format(key="'org'") in bad["error"]
    record = said(editor.post(f"/api/records?lang={lang}", {"org": "kunta-179", "kind": "annual_welfare_report",
                                                            "date": "31.2.2026"}, content_type="application/json"),
                  400, "invalid_record")
    assert [e["field"] for e in record["errors"]] == ["date"]

    admin = client("admin")
    for password, words in (("lyhyt", SHORT), ("password123", COMMON)):
        refused = said(admin.post(f"/api/users?lang={lang}", {"username": "kielitesti@jyvaskyla.fi", "role": "editor",
                                                              "org": "kunta-179", "password": password},
                                  content_type="application/json"), 400, "invalid_password")
        assert refused["field"] == "password" and words[lang] in refused["error"], refused
    assert said(admin.delete(f"/api/users/{USERS['admin'][0]}?lang={lang}"), 400, "bad_request")["error"] == \
        translated("an admin does not remove themselves")
