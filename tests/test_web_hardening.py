"""The workspace under attack (issue "The shared workspace holds under attack"): every answer
carries the security headers and a Content-Security-Policy that no page needs to loosen for
inline script or style; every error of the API is JSON; the API reads JSON as strictly as a
record file."""

from __future__ import annotations

import base64
import hashlib
import re
import stat

import pytest

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")

from tests.web_helpers import PASSWORD, USERS, client, velvoite  # noqa: E402

RECORD = {"org": "kunta-179", "kind": "hyte_negotiation", "date": "2026-03-03"}


def page_client(who: str):
    from django.test import Client

    c = Client(HTTP_HOST="localhost")
    assert c.post("/login/", {"username": USERS[who][0], "password": PASSWORD}).status_code == 302
    return c


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.mark.parametrize("path", ["/login/", "/records/", "/records/jkl-raportti-2023/", "/audit/?org=kunta-179",
                                  "/report/?region=hva-15", "/static/velvoite.css", "/calendar/kunta-179.ics",
                                  "/api/records?org=kunta-179", "/api/records/no-such", "/no/such/page",
                                  "/api/records/jkl-raportti-2023/history"])
def test_every_answer_carries_the_security_headers(ws, path):
    answer = page_client("coordinator").get(path)
    assert answer.status_code in (200, 404), path
    csp = answer["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self';" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Referrer-Policy"] == "same-origin"
    assert answer["X-Frame-Options"] == "DENY"
    assert answer["Cross-Origin-Opener-Policy"] == "same-origin"
    if not answer["Content-Type"].startswith("text/html"):
        return
    page = answer.content.decode("utf-8")
    assert "<script" not in page  # no script at all, inline or not
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", page)  # no event handler attributes
    styles = re.findall(r"<style[^>]*>(.*?)</style>", page, re.DOTALL) + re.findall(r'\sstyle="([^"]*)"', page)
    if path.startswith("/report/"):  # a document of its own, as velvoite report writes it: its styles by hash
        assert styles and all(sha256(s) in csp for s in styles)
        assert "style-src 'self' 'unsafe-hashes' 'sha256-" in csp
    else:
        assert styles == [] and "style-src 'self';" in csp
        assert answer.status_code == 404 or '<link rel="stylesheet" href="/static/velvoite.css">' in page


def test_the_stylesheet_is_the_pages_styles(ws):
    from django.test import Client

    answer = Client(HTTP_HOST="localhost").get("/static/velvoite.css")
    assert answer.status_code == 200 and answer["Content-Type"] == "text/css; charset=utf-8"
    css = answer.content.decode("utf-8")
    assert ".errorlist" in css and ".inline { display: inline; }" in css


def test_every_error_of_the_api_is_json(ws, monkeypatch):
    from django.test import Client

    def said(answer, status: int) -> str:
        assert answer.status_code == status, (status, answer.content[:200])
        assert answer["Content-Type"] == "application/json", (status, answer["Content-Type"])
        return answer.json()["error"]

    guarded = client("editor", csrf=True)
    assert "CSRF" in said(guarded.post("/api/records", RECORD, content_type="application/json"), 403)
    c = client("editor")
    assert said(c.get("/api/no/such"), 404) == "not found"
    not_allowed = c.delete("/api/records")
    assert said(not_allowed, 405) == "method not allowed" and not_allowed["Allow"] == "GET, POST"
    assert said(c.post("/api/records", "{", content_type="application/json"), 400).startswith("expected a JSON body")
    assert said(c.post("/api/records", {"notes": "x" * 200_000}, content_type="application/json"), 413) == "too large"
    huge = c.post("/api/records", "[" + "1," * 600_000 + "1]", content_type="application/json")  # past Django's limit
    assert said(huge, 413) == "too large"
    assert said(Client(HTTP_HOST="evil.example").get("/api/records"), 400) == "bad request"  # a host not served

    def broken(request):
        raise RuntimeError("a bug")
    monkeypatch.setattr("velvoite.web.api.who", broken)
    failing = Client(HTTP_HOST="localhost", raise_request_exception=False)
    assert said(failing.get("/api/records"), 500) == "internal server error"


DEEP = '{"org": "kunta-179", "kind": "hyte_negotiation", "date": "2026-03-03", "notes": ' + "[" * 40_000 + "]" * 40_000 + "}"
STRICT = [  # (body, the field named, what the error says): each was stored, or answered 500, before
    ('{"org": "kunta-179", "org": "kunta-205", "kind": "hyte_negotiation", "date": "2026-03-03"}', "org",
     "duplicate key 'org'"),
    ('{"org": "kunta-179", "kind": "hyte_negotiation", "date": "2026-03-03", "notes": NaN}', "notes", "NaN"),
    ('{"org": "kunta-179", "kind": "hyte_negotiation", "date": "2026-03-03", "notes": -Infinity}', "notes",
     "-Infinity"),
    ('{"org": "kunta-179", "kind": "hyte_negotiation", "date": "2026-03-03", "notes": 1e999}', "notes", "1e999"),
    ('{"org": "kunta-179", "kind": "hyte_negotiation", "date": "2026-03-03", "notes": ' + "9" * 5000 + "}", "notes",
     "a number of 5000 characters"),
    ('{"org": "kunta-179", "kind": "hyte_negotiation", "date": "2026-03-03", "participants": ["hva-15", NaN]}',
     "participants", "NaN"),
    (DEEP, "notes", "nested more than 20 deep"),
]


@pytest.mark.parametrize("body, field, text", STRICT, ids=["duplicate", "nan", "infinity", "overflow", "digits",
                                                             "nan-in-list", "deep"])
def test_the_api_reads_json_as_strictly_as_a_record_file(ws, body, field, text):
    from velvoite.web.workspace.models import StoredRecord

    before = StoredRecord.objects.count()
    c = client("editor")
    for answer in (c.post("/api/records", body, content_type="application/json"),
                   c.put("/api/records/jkl-raportti-2023", body, content_type="application/json")):
        assert answer.status_code == 400, answer.content[:200]
        assert answer.json()["field"] == field and text in answer.json()["error"]
    assert StoredRecord.objects.count() == before
    login = c.post("/api/login", '{"username": "a@b.fi", "username": "%s", "password": "x"}' % USERS["editor"][0],
                   content_type="application/json")
    assert login.status_code == 400 and login.json()["field"] == "username"


def test_the_database_is_readable_by_its_owner_only(ws, tmp_path):
    from velvoite.web.workspace.models import StoredRecord

    def mode(path) -> int:
        return stat.S_IMODE(path.stat().st_mode)

    assert StoredRecord.objects.exists()  # (a connection open: the -wal and -shm files are there)
    assert mode(ws) == 0o700
    assert {name: mode(ws / name) for name in ("velvoite.sqlite3", "velvoite.sqlite3-wal", "velvoite.sqlite3-shm",
                                               "secret_key")} == dict.fromkeys(
        ("velvoite.sqlite3", "velvoite.sqlite3-wal", "velvoite.sqlite3-shm", "secret_key"), 0o600)
    fresh = tmp_path / "kunnat" / "ws"
    done = velvoite("db", "init", str(fresh))
    assert done.returncode == 0, done.stderr
    assert (mode(fresh), mode(fresh / "velvoite.sqlite3")) == (0o700, 0o600)
    elsewhere = tmp_path / "ws2"
    elsewhere.mkdir()
    (elsewhere / "workspace.toml").write_text(f'[database]\nurl = "sqlite:///{tmp_path}/data/db.sqlite3"\n', "utf-8")
    done = velvoite("db", "init", str(elsewhere))
    assert done.returncode == 0, done.stderr
    assert (mode(tmp_path / "data"), mode(tmp_path / "data" / "db.sqlite3")) == (0o700, 0o600)


@pytest.mark.parametrize("rid, text", [("kh/12/2024", "'/' cannot be in an id"), ("..", "dots alone"),
                                       ("a?b=1", "'?' cannot be in an id"), ("x" * 201, "at most 200 characters"),
                                       ("50%", "'%' cannot be in an id")])
def test_an_id_that_cannot_be_an_address_is_refused_at_the_api(ws, rid, text):
    from velvoite.web.workspace.models import StoredRecord

    answer = client("editor").post("/api/records", {**RECORD, "id": rid}, content_type="application/json")
    assert answer.status_code == 400, answer.content  # "kh/12/2024" was stored (201), then not found at its address
    assert [(e["field"], text in e["message"]) for e in answer.json()["errors"]] == [("id", True)]
    assert not StoredRecord.objects.filter(rid=rid).exists()
    fine = client("editor").post("/api/records", {**RECORD, "id": "Kh 12-2024 § 5 (ä)"}, content_type="application/json")
    assert fine.status_code in (201, 409)
    assert client("editor").get("/api/records/Kh 12-2024 § 5 (ä)").status_code == 200  # reachable at its address


def test_ids_made_from_paths_are_refused_at_import_and_nothing_is_stored(ws, tmp_path):
    """Two files of one name: their records' ids are made from the paths as given, with a '/'."""
    from tests.web_helpers import cli
    from velvoite.web.workspace.models import StoredRecord

    for year in ("2024", "2025"):
        (tmp_path / year).mkdir()
        (tmp_path / year / "kunnat.csv").write_text(f"org,kind,date\nkunta-179,hyte_negotiation,1.2.{year}\n", "utf-8")
    before = StoredRecord.objects.count()
    done = cli("db", "import", str(ws), str(tmp_path / "2024" / "kunnat.csv"), str(tmp_path / "2025" / "kunnat.csv"))
    assert done.exit_code == 2 and "Traceback" not in done.output
    assert "cannot store the record" in done.stderr and "'/' cannot be in an id" in done.stderr
    assert "give the file's records ids of their own" in done.stderr
    assert StoredRecord.objects.count() == before
