"""The new doors of the workspace attacked from outside (issues 30, 33, 29, 25): a hostile editor,
a careless secretary or an anonymous client at the proposals' review, the report's trend and the
API's errors. Each answer is a 4xx in the user's language (never a 500, a path, a traceback or a
SQL fragment), escapes what the records hold, bounds what it is given, and stores nothing when it
refuses."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")

from tests.test_web_proposals import PAGE, SHA, proposal, queue, queued, signed_in  # noqa: E402,F401 (fixture)
from tests.web_helpers import USERS  # noqa: E402

LEAKS = ("Traceback", "/work/", "site-packages", ".py\"", "Python/", "SELECT ", "sqlite", "OperationalError",
         "IntegrityError", "Exception")


def _clean(answer) -> str:
    text = answer.content.decode("utf-8", "replace")
    for leak in LEAKS:
        assert leak not in text, (leak, text[:500])
    server = answer.get("Server", "")
    assert "Python" not in server and "WSGI" not in server
    return text


def _pk() -> int:
    from velvoite.web.workspace.models import Proposal

    return Proposal.objects.get().pk


# ---------- 1. the proposals' review ----------

@pytest.mark.parametrize("address", ["/proposals/99999999999999999999999/", "/proposals/9223372036854775808/copy",
                                     "/proposals/99999999999999999999/reject", "/proposals/-1/",
                                     "/proposals/abc/", "/proposals/1.5/copy", "/proposals/..%2F..%2Fetc%2Fpasswd/copy",
                                     "/proposals/1/copy/../../../etc/passwd", "/proposals/%00/"])
def test_an_id_that_is_not_a_proposal_is_not_found_not_a_failure(ws, queued, address):
    queue([proposal()])
    editor = signed_in("editor")
    for answer in (editor.get(address), editor.post(address, {"reason": "duplicate"})):
        assert answer.status_code in (404, 405), (address, answer.status_code)
        _clean(answer)


@pytest.mark.parametrize("method", ["put", "delete", "patch", "options"])
def test_methods_the_review_does_not_take_are_refused_and_change_nothing(ws, queued, method):
    from velvoite.web.workspace.models import Proposal

    queue([proposal()])
    pk, editor = _pk(), signed_in("editor")
    for address in (f"/proposals/{pk}/", f"/proposals/{pk}/reject", f"/proposals/{pk}/copy", "/proposals/"):
        answer = getattr(editor, method)(address, "reason=duplicate", content_type="application/x-www-form-urlencoded")
        assert answer.status_code == 405, (method, address)
    assert Proposal.objects.get().status == "pending"


def test_head_of_the_copy_and_the_list_says_no_more_than_get(ws, queued):
    queue([proposal()])
    editor = signed_in("editor")
    for address in (f"/proposals/{_pk()}/copy", "/proposals/"):
        head = editor.head(address)
        assert head.status_code in (200, 405) and head.content == b""


def test_forged_or_missing_csrf_decides_nothing(ws, queued):
    from velvoite.web.workspace.models import Proposal, StoredRecord

    queue([proposal()])
    pk, before = _pk(), StoredRecord.objects.count()
    editor = signed_in("editor", "fi", csrf=True)
    accept = {"org": "kunta-179", "kind": "child_youth_welfare_plan", "date": "16.11.2026"}
    for token in ({}, {"csrfmiddlewaretoken": "x" * 64}, {"csrfmiddlewaretoken": "<script>"}):
        for address, data in ((f"/proposals/{pk}/", accept), (f"/proposals/{pk}/reject", {"reason": "duplicate"})):
            answer = editor.post(address, {**data, **token})
            assert answer.status_code == 403
            _clean(answer)
    assert Proposal.objects.get().status == "pending" and StoredRecord.objects.count() == before


def test_another_organisations_editor_cannot_see_or_decide_it(ws, queued):
    from velvoite.web.workspace.models import Proposal

    queue([proposal()])
    pk, other = _pk(), signed_in("other_editor")
    accept = {"org": "kunta-205", "kind": "child_youth_welfare_plan", "date": "16.11.2026"}
    assert other.post(f"/proposals/{pk}/", accept).status_code == 404
    assert other.post(f"/proposals/{pk}/reject", {"reason": "duplicate"}).status_code == 404
    assert other.get(f"/proposals/{pk}/copy").status_code == 404
    assert Proposal.objects.get().status == "pending"


def test_an_editor_cannot_move_a_proposal_into_another_organisation(ws, queued):
    from velvoite.web.workspace.models import Proposal, StoredRecord

    queue([proposal()])
    pk, before = _pk(), StoredRecord.objects.count()
    answer = signed_in("editor").post(f"/proposals/{pk}/", {"org": "kunta-205", "kind": "child_youth_welfare_plan",
                                                             "date": "16.11.2026", "body": "council"})
    assert answer.status_code == 400 and 'class="errorlist"' in answer.content.decode()
    assert Proposal.objects.get().status == "pending" and StoredRecord.objects.count() == before


def test_a_reader_cannot_accept_or_reject(ws, queued):
    from velvoite.web.workspace.models import Proposal

    queue([proposal()])
    pk = _pk()
    for who in ("analyst", "coordinator"):
        c = signed_in(who)
        assert c.post(f"/proposals/{pk}/", {"org": "kunta-179", "kind": "child_youth_welfare_plan",
                                            "date": "16.11.2026"}).status_code == 403
        assert c.post(f"/proposals/{pk}/reject", {"reason": "duplicate"}).status_code == 403
    assert Proposal.objects.get().status == "pending"


def test_accepting_twice_makes_one_record_and_rejecting_after_accepting_is_refused(ws, queued):
    from velvoite.web.workspace.models import Proposal, StoredRecord

    queue([proposal()])
    pk, before = _pk(), StoredRecord.objects.count()
    tab1, tab2 = signed_in("editor", "fi"), signed_in("editor", "fi")
    accept = {"org": "kunta-179", "kind": "child_youth_welfare_plan", "date": "16.11.2026", "body": "council"}
    assert tab1.post(f"/proposals/{pk}/", accept).status_code == 302
    second = tab2.post(f"/proposals/{pk}/", accept)
    assert second.status_code == 409 and "hyväksytty" in second.content.decode()
    assert tab2.post(f"/proposals/{pk}/reject", {"reason": "duplicate"}).status_code == 409
    assert StoredRecord.objects.count() == before + 1 and Proposal.objects.get().status == "accepted"


@pytest.mark.parametrize("changed", [{"date": "31.02.2026"}, {"date": ""}, {"kind": "no_such_kind"},
                                     {"kind": ""}, {"org": ""}, {"body": "parliament"},
                                     {"date": "16.11.2026" * 1000}, {"reference": "x" * 100_000},
                                     {"date": ["16.11.2026", "17.11.2026"]}])
def test_accepting_with_invalid_corrections_shows_the_form_and_stores_nothing(ws, queued, changed):
    from velvoite.web.workspace.models import Proposal, StoredRecord

    queue([proposal()])
    pk, before = _pk(), StoredRecord.objects.count()
    answer = signed_in("editor", "fi").post(f"/proposals/{pk}/", {
        "org": "kunta-179", "kind": "child_youth_welfare_plan", "date": "16.11.2026", "body": "council", **changed})
    assert answer.status_code == 400, changed
    text = _clean(answer)
    assert 'class="errorlist"' in text or 'role="alert"' in text
    assert Proposal.objects.get().status == "pending" and StoredRecord.objects.count() == before


@pytest.mark.parametrize("data", [{}, {"reason": ""}, {"reason": "other", "text": "   "},
                                  {"reason": "duplicate", "text": "x" * 4001}, {"reason": "<script>"},
                                  {"reason": ["duplicate", "statement"]}])
def test_a_rejection_without_a_proper_reason_is_refused_in_the_users_language(ws, queued, data):
    from velvoite.web.workspace.models import Proposal

    queue([proposal()])
    answer = signed_in("editor", "sv").post(f"/proposals/{_pk()}/reject", data)
    assert answer.status_code == 400
    text = _clean(answer)
    assert 'class="errorlist"' in text and "<script>" not in text.split("<main", 1)[-1].replace(
        "<script src", "")
    assert "Det här fältet" in text or "Välj" in text or "högst" in text or "Säg varför" in text or "mer än en gång" in text, text[-3000:]
    assert Proposal.objects.get().status == "pending"


HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(2)>\"'"


def test_html_in_a_proposal_is_shown_as_text_and_a_script_link_is_not_a_link(ws, queued):
    queue([proposal(title=HOSTILE, snippet=HOSTILE, body=HOSTILE, reference=HOSTILE, reasons=[HOSTILE],
                    source="javascript:alert(document.cookie)//https://", url="JavaScript:alert(1)")], {})
    editor = signed_in("editor")
    for page in (editor.get("/proposals/").content.decode(), editor.get(f"/proposals/{_pk()}/").content.decode()):
        assert "<script>alert(" not in page and "<img src=x" not in page and "onerror=alert" not in page.replace(
            "onerror=alert(2)&gt;", "")
        assert 'href="javascript:' not in page.lower() and "href='javascript:" not in page.lower()
        assert "&lt;script&gt;alert(" in page


@pytest.mark.parametrize("url", ["https://evil.example/\" onmouseover=\"alert(1)", " javascript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "//evil.example/x"])
def test_a_source_address_cannot_break_out_of_its_link(ws, queued, url):
    queue([proposal(url=url)], {})
    page = signed_in("editor").get(f"/proposals/{_pk()}/").content.decode()
    assert 'onmouseover="alert' not in page and 'href="data:' not in page and 'href=" javascript' not in page
    assert 'href="//evil' not in page


def test_the_archived_html_runs_no_script_on_our_origin(ws, queued):
    queue([proposal()])
    copy = signed_in("editor").get(f"/proposals/{_pk()}/copy")
    assert copy.status_code == 200 and copy.content == PAGE
    policy = copy["Content-Security-Policy"]
    assert policy.split(";")[0].strip() == "sandbox" and "default-src 'none'" in policy
    assert "script-src" not in policy and "allow-scripts" not in policy and "allow-same-origin" not in policy
    assert copy["X-Content-Type-Options"] == "nosniff"
    assert copy["Content-Type"].startswith("text/html") and "charset=" in copy["Content-Type"]


@pytest.mark.parametrize("content_type", ["image/svg+xml", "application/xhtml+xml", "text/xml", "application/pdf",
                                          "TEXT/HTML ; charset=utf-7", "text/javascript", "", "text/html\u0085x"])
def test_an_archived_copy_of_another_type_is_a_download_never_active_content(ws, queued, content_type):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
    import hashlib

    sha = hashlib.sha256(svg).hexdigest()
    queue([proposal(sha256=sha)], {sha: (svg, content_type, "https://evil.example/a%22b.svg\";x=.html")})
    copy = signed_in("editor").get(f"/proposals/{_pk()}/copy")
    assert copy.status_code == 200
    shown = copy["Content-Type"].split(";")[0].strip()
    assert shown in ("application/octet-stream", "text/plain", "text/html"), shown
    if shown == "text/html":
        assert "utf-7" not in copy["Content-Type"].lower()
    if shown == "application/octet-stream":
        disposition = copy["Content-Disposition"]
        assert disposition.startswith("attachment; filename=\"") and disposition.count('"') == 2
    assert copy["Content-Security-Policy"].startswith("sandbox") and copy["X-Content-Type-Options"] == "nosniff"


def test_the_list_does_not_echo_invented_notes(ws, queued):
    editor = signed_in("editor")
    page = editor.get("/proposals/?accepted=Call+0800-123+and+give+your+password").content.decode()
    assert "give your password" not in page
    queue([proposal()])
    done = editor.post(f"/proposals/{_pk()}/", {"org": "kunta-179", "kind": "child_youth_welfare_plan",
                                                 "date": "16.11.2026", "body": "council"})
    assert done.status_code == 302 and "Accepted as the record kunta-179-" in editor.get(done["Location"]).content.decode()


def test_the_record_form_without_an_organisation_names_the_field(ws):
    from velvoite.web.workspace.models import StoredRecord

    before = StoredRecord.objects.count()
    answer = signed_in("editor").post("/records/", {"org": "", "kind": "child_youth_welfare_plan",
                                                        "date": "16.11.2026"})
    assert answer.status_code == 400 and 'class="errorlist"' in answer.content.decode()
    assert StoredRecord.objects.count() == before


# ---------- 2. the report's trend ----------

@pytest.mark.parametrize("trend", ["weekly", "MONTHLY", "monthly\x00", "monthly' OR 1=1--", "{0.__class__}",
                                   "x" * 100_000, "monthly&trend=yearly"])
def test_a_bogus_trend_is_a_clear_refusal(ws, trend):
    from urllib.parse import quote

    answer = signed_in("analyst", "fi").get(f"/report/?region=hva-15&trend={quote(trend)}")
    assert answer.status_code == 400 or (answer.status_code == 200 and trend.startswith("monthly&")), trend
    text = _clean(answer)
    if answer.status_code == 400:
        assert text.startswith("kehitys: ") and len(text) < 500 and "<" not in text.replace("&lt;", "")


@pytest.mark.parametrize("params", ["trend=monthly&from=1900-01-01", "trend=monthly&as-of=1900-01-01",
                                    "trend=monthly&from=2030-01-01", "trend=quarterly&region=<script>",
                                    "trend=yearly&region=hva-15&region=hva-16", "trend=monthly&lang=../../etc"])
def test_trend_parameters_from_outside_are_bounded_or_refused(ws, params):
    answer = signed_in("analyst", "fi").get(f"/report/?{params}")
    assert answer.status_code in (200, 400, 403, 404), params
    text = _clean(answer)
    assert "<script>" not in text.replace("<script src", "")


# ---------- 4. the API's errors ----------

@pytest.mark.parametrize("body", ["<xml/>", "", "{", '{"a": 1, "a": 2}', "[" * 100_000 + "]" * 100_000,
                                  '{"org": NaN}', '{"x": 1' + "0" * 10_000 + "}", "\xff\xfe", '"' + "a" * 2_000_000 + '"',
                                  json.dumps({"org": {"$where": "1"}}), '{"org": "kunta-179"}' * 3])
def test_an_api_body_that_is_not_a_record_is_a_json_4xx_that_tells_nothing_about_the_machine(ws, body):
    from velvoite.web.workspace.models import StoredRecord

    before = StoredRecord.objects.count()
    c = signed_in("editor", "fi")
    token = c.cookies["csrftoken"].value if "csrftoken" in c.cookies else ""
    answer = c.post("/api/records", body.encode("utf-8", "surrogateescape") if body != "\xff\xfe" else b"\xff\xfe",
                    content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert 400 <= answer.status_code < 500, (body[:40], answer.status_code)
    assert answer["Content-Type"].startswith("application/json")
    _clean(answer)
    assert set(answer.json()) <= {"error", "errors", "code", "field"}
    assert StoredRecord.objects.count() == before


@pytest.mark.parametrize("address", ["/api/records/..%2F..%2Fsecret", "/api/records/" + "x" * 10_000,
                                     "/api/records/%00", "/api/nope", "/api/records/1/history/../../"])
def test_api_addresses_that_are_not_there_say_so_in_json(ws, address):
    answer = signed_in("editor", "fi").get(address)
    assert 400 <= answer.status_code < 500 and answer["Content-Type"].startswith("application/json")
    _clean(answer)


# ---------- 3. the workspace's incremental update, two processes writing at once ----------

def test_two_workers_writing_at_once_then_auditing_at_once_agree_with_a_full_read(tmp_path):
    import threading

    from tests.test_web_loaded import Worker
    from tests.web_helpers import EX, velvoite

    folder = str(tmp_path / "ws")
    for args in (("db", "init", folder), ("db", "import", folder, EX)):
        assert velvoite(*args).returncode == 0
    a, b = Worker(folder), Worker(folder)
    answers: dict = {}
    try:
        before = a.ask("audit", "kunta-205")
        assert b.ask("audit", "kunta-205")["findings"] == before["findings"]

        def writes(worker, name: str) -> None:
            got = []
            for i in range(12):
                got.append(worker.ask("put", {"id": f"{name}-{i}", "org": "kunta-205", "kind": "annual_welfare_report",
                                              "date": f"2025-0{1 + i % 9}-1{i % 10}", "body": "kaupunginvaltuusto"}))
                if i % 4 == 3:
                    got.append(worker.ask("remove", f"{name}-{i - 1}"))
                answers.setdefault(name + "-audits", []).append(worker.ask("audit", "kunta-205")["findings"])
            answers[name] = got

        threads = [threading.Thread(target=writes, args=(w, n)) for w, n in ((a, "a"), (b, "b"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        assert all(x in ({"action": "create"}, {"removed": True}) for x in answers["a"] + answers["b"]), answers
        fresh = Worker(folder)
        try:
            truth = fresh.ask("audit", "kunta-205")
        finally:
            fresh.close()
        after_a, after_b = a.ask("audit", "kunta-205"), b.ask("audit", "kunta-205")
        assert after_a["findings"] == truth["findings"] == after_b["findings"]  # no write lost by either
        assert after_a["full_loads"] == after_b["full_loads"] == 1
    finally:
        a.close()
        b.close()


@pytest.mark.parametrize("kind", ["<script>alert(1)</script>", "no_such_kind", "x" * 10_000, "../../etc/passwd"])
def test_a_kind_put_in_the_proposals_address_is_not_a_failure(ws, queued, kind):
    from urllib.parse import quote

    queue([proposal()])
    answer = signed_in("editor").get(f"/proposals/{_pk()}/?kind={quote(kind)}")
    assert answer.status_code in (200, 400)
    assert "<script>alert(1)" not in _clean(answer)


def test_a_national_monthly_trend_asked_again_is_not_computed_again_until_a_write(ws):
    """Each trend point is an audit (about 47 for a monthly one since 2023): an analyst reloading
    it, or many at once, must not cost that much each time; a write makes it computed anew."""
    from django.db import transaction

    from velvoite.records import Record
    from velvoite.web.state import state
    from velvoite.web.store import put, remove

    analyst = signed_in("analyst", "fi")
    first = analyst.get("/report/?trend=monthly")
    assert first.status_code == 200
    key = ("report", None, state().today(), "fi", "monthly")
    assert key in state().loaded().current().results
    assert analyst.get("/report/?trend=monthly").content == first.content
    with transaction.atomic():
        put(Record(id="attack-2-trend", org="kunta-179", kind="annual_welfare_report",
                   date=__import__("datetime").date(2025, 6, 16)), "test", "test")
    try:
        assert key not in state().loaded().current().results  # a write anywhere: the national trend again
    finally:
        with transaction.atomic():
            remove("attack-2-trend", "test", "test")
