"""A view of the workspace refuses by raising (``Http404``, ``PermissionDenied`` or ours,
``web.refusal.Refusal``: status, message, stable code), answered in one place, ``http.refusal``
(issue 29 item 5): JSON for the API in the request's language with the same bodies and codes as
before, the message as text for a page. No view makes an error answer of its own."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from tests.web_helpers import client
from velvoite.i18n import tr

WEB = Path(__file__).resolve().parent.parent / "velvoite" / "web"
# the modules that still make an error answer themselves, and why
ANSWERING = {
    "http.py": "the one place: refusal, and Guard's JSON for what Django or the server made",
    "feeds.py": "a calendar program's answers: 'no such feed' as text, with the private feed's headers",
    "views.py": "csrf_failure: Django's CSRF failure view, called by its middleware, not a view's refusal",
}
ERROR_STATUS = {"HttpResponseNotFound", "HttpResponseForbidden", "HttpResponseBadRequest", "HttpResponseServerError"}


def _made_errors(path: Path) -> list[str]:
    """The places in ``path`` that make an error answer: error(...), an HttpResponse or JsonResponse
    with a status of 400 or more, Django's error response classes."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        status = next((k.value for k in node.keywords if k.arg == "status"), None)
        big = isinstance(status, ast.Constant) and isinstance(status.value, int) and status.value >= 400
        if name in ERROR_STATUS or name in ("error", "_error") or (name in ("HttpResponse", "JsonResponse") and big):
            found.append(f"{path.name}:{node.lineno}: {name}")
    return sorted(found)


def test_no_view_makes_an_error_answer_of_its_own():
    made = [place for path in sorted(WEB.glob("*.py")) if path.name not in ANSWERING for place in _made_errors(path)]
    assert not made, f"raise Refusal (web/refusal.py), Http404 or PermissionDenied instead: {made}"


def test_the_check_sees_an_error_answer_made_in_a_view(tmp_path):
    view = tmp_path / "view.py"
    view.write_text("def v(request):\n    if 1:\n        return error(400, 'no')\n"
                    "    return JsonResponse({'code': 'x'}, status=400)\n", "utf-8")
    assert _made_errors(view) == ["view.py:3: error", "view.py:4: JsonResponse"]


def test_a_refusal_is_json_for_the_api_and_text_for_a_page(ws):
    from django.test import RequestFactory

    from velvoite.web.http import refusal
    from velvoite.web.refusal import Refusal

    factory = RequestFactory()
    api = refusal(factory.get("/api/records"), Refusal(409, "on jo", "exists", "id", headers={"Retry-After": "5"}))
    assert api.status_code == 409 and api["Content-Type"] == "application/json" and api["Retry-After"] == "5"
    assert api.content == b'{"error": "on jo", "code": "exists", "field": "id"}'
    plain = refusal(factory.get("/api/records"), Refusal(400, "huono"))
    assert plain.content == b'{"error": "huono", "code": "bad_request"}'  # the status's code when none is named
    errors = refusal(factory.post("/api/records"), Refusal(400, "", "invalid_record", errors=[
        {"field": "date", "message": "ei päivä"}]))
    assert errors.status_code == 400 and json.loads(errors.content) == {  # a record's errors: no "error" beside them, as before
        "code": "invalid_record", "errors": [{"field": "date", "message": "ei päivä"}]}
    page = refusal(factory.get("/report/"), Refusal(400, "trend: 'x'"))
    assert page.status_code == 400 and page.content == b"trend: 'x'" and page["Content-Type"].startswith("text/plain")
    assert refusal(factory.get("/api/records"), ValueError("not ours")) is None


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_apis_raised_refusals_keep_their_status_code_and_words(ws, lang):
    def said(answer, status: int, code: str, message: str, **more) -> None:
        assert answer.status_code == status and answer["Content-Type"] == "application/json", answer.content[:300]
        assert answer.json() == {"error": message, "code": code, **more}

    editor, t = client("editor"), lambda text: tr(lang, text)
    said(editor.get(f"/api/audit?org=kunta-179&region=hva-15&lang={lang}"), 400, "bad_request",
         t("give org=REF or region=REF"))
    said(editor.get(f"/api/audit?org=Atlantis&lang={lang}"), 400, "unknown_organisation",
         t("unknown organisation {name!r}").format(name="Atlantis"))
    said(editor.get(f"/api/audit?region=kunta-179&lang={lang}"), 400, "bad_request",
         t("{org} is not a region").format(org="kunta-179"))
    said(editor.get(f"/api/records?org=Atlantis&lang={lang}"), 400, "unknown_organisation",
         t("unknown organisation {name!r}").format(name="Atlantis"))
    said(editor.post(f"/api/records?lang={lang}", "[1, 2]", content_type="application/json"), 400, "bad_request",
         t("expected a record (a JSON object)"))
    said(editor.post(f"/api/records?lang={lang}", b"\xff", content_type="application/json"), 400, "invalid_json",
         t("expected a JSON body (UTF-8)"))
    said(editor.post(f"/api/records?lang={lang}", "x" * 100_001, content_type="application/json"), 413, "too_large",
         t("too large"))
    existing = editor.get("/api/records?org=kunta-179").json()["records"][0]
    said(editor.post(f"/api/records?lang={lang}", existing["record"], content_type="application/json"), 409,
         "exists", t("a record {id} exists: PUT /api/records/{id} changes it").format(id=existing["id"]))
    anyone = client(None)
    said(anyone.post(f"/api/login?lang={lang}", {"username": 1}, content_type="application/json"), 400,
         "bad_request", t('expected {"username": ..., "password": ...}'))
    said(anyone.post(f"/api/login?lang={lang}", {"username": "ei@ketaan.fi", "password": "x"},
                     content_type="application/json"), 401, "wrong_login", t("wrong username or password"))
    admin = client("admin")
    said(admin.post(f"/api/users?lang={lang}", {"username": "x@y.fi", "role": "editor", "org": "Atlantis",
                                                 "password": "p"}, content_type="application/json"),
         400, "unknown_organisation", "org: " + t("unknown organisation {name!r}").format(name="Atlantis"), field="org")


def test_a_pages_refusal_is_its_message_as_text(ws):
    analyst = client("analyst")
    answer = analyst.get("/report/?trend=hourly&lang=sv")
    assert answer.status_code == 400 and answer["Content-Type"] == "text/plain; charset=utf-8"
    assert answer.content.decode() == tr("sv", "trend: {value!r} is not one of {choices}").format(
        value="hourly", choices="monthly, quarterly, yearly")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_parameter_given_twice_is_refused_not_one_of_them_kept(ws, lang):
    """``?org=a&org=b`` answered the audit of b without a word (last session's leftover): 400, in the
    request's language, naming the parameter, for the API as JSON and for a page as text."""
    editor = client("editor")
    message = tr(lang, "{name} is given more than once in the address: give it once").format(name="org")
    api = editor.get(f"/api/audit?org=kunta-179&org=kunta-020&lang={lang}")
    assert api.status_code == 400 and api.json() == {"error": message, "code": "bad_request", "field": "org"}
    page = editor.get(f"/records/?org=kunta-179&org=kunta-020&lang={lang}")
    assert page.status_code == 400 and page.content.decode() == message
    twice = editor.get(f"/api/records?org=kunta-179&lang={lang}&lang={lang}")
    assert twice.status_code == 400 and twice.json()["field"] == "lang"
    assert editor.get(f"/api/records?org=kunta-179&lang={lang}").status_code == 200  # once: answered
