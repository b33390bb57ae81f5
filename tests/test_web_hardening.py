"""The workspace under attack (issue "The shared workspace holds under attack"): every answer
carries the security headers and a Content-Security-Policy that no page needs to loosen for
inline script or style; every error of the API is JSON; the API reads JSON as strictly as a
record file."""

from __future__ import annotations

import base64
import hashlib
import os
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

    def said(answer, status: int, code: str) -> str:
        assert answer.status_code == status, (status, answer.content[:200])
        assert answer["Content-Type"] == "application/json", (status, answer["Content-Type"])
        assert answer.json()["code"] == code, answer.json()
        return answer.json()["error"]

    guarded = client("editor", csrf=True)
    assert "CSRF" in said(guarded.post("/api/records?lang=en", RECORD, content_type="application/json"), 403,
                          "csrf_failed")
    c = client("editor")
    assert said(c.get("/api/no/such?lang=en"), 404, "not_found") == "not found"
    not_allowed = c.delete("/api/records?lang=en")
    assert said(not_allowed, 405, "method_not_allowed") == "method not allowed" and not_allowed["Allow"] == "GET, POST"
    assert said(c.post("/api/records?lang=en", "{", content_type="application/json"), 400,
                "invalid_json").startswith("expected a JSON body")
    assert said(c.post("/api/records?lang=en", {"notes": "x" * 200_000}, content_type="application/json"), 413,
                "too_large") == "too large"
    huge = c.post("/api/records?lang=en", "[" + "1," * 600_000 + "1]", content_type="application/json")  # past Django's limit
    assert said(huge, 413, "too_large") == "too large"
    assert said(Client(HTTP_HOST="evil.example").get("/api/records?lang=en"), 400, "bad_request") == "bad request"  # a host not served

    def broken(request):
        raise RuntimeError("a bug")
    monkeypatch.setattr("velvoite.web.http.who", broken)  # (an API view asks it first: http.api_signed_in)
    failing = Client(HTTP_HOST="localhost", raise_request_exception=False)
    assert said(failing.get("/api/records?lang=en"), 500, "server_error") == "internal server error"


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
    for answer in (c.post("/api/records?lang=en", body, content_type="application/json"),
                   c.put("/api/records/jkl-raportti-2023?lang=en", body, content_type="application/json")):
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

    if os.environ.get("VELVOITE_TEST_DATABASE_URL"):
        pytest.skip("the run's workspace is in PostgreSQL: no database files to look at")
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

    answer = client("editor").post("/api/records?lang=en", {**RECORD, "id": rid}, content_type="application/json")
    assert answer.status_code == 400, answer.content  # "kh/12/2024" was stored (201), then not found at its address
    assert [(e["field"], text in e["message"]) for e in answer.json()["errors"]] == [("id", True)]
    assert not StoredRecord.objects.filter(rid=rid).exists()
    fine = client("editor").post("/api/records", {**RECORD, "id": "Kh 12-2024 § 5 (ä)"}, content_type="application/json")
    assert fine.status_code in (201, 409)
    assert client("editor").get("/api/records/Kh 12-2024 § 5 (ä)").status_code == 200  # reachable at its address
    # and removable there; removed, the session's workspace holds its files' records again (test_web_workspace)
    assert client("editor").delete("/api/records/Kh 12-2024 § 5 (ä)").status_code == 200


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


def test_an_id_used_again_is_another_record_with_a_history_of_its_own(ws):
    """Jyväskylä's editor stores and removes a record; Kajaani's uses its id again: Kajaani's
    history is its own (before, it was Jyväskylä's, with its editor's e-mail, or 404 for Kajaani)."""
    from django.test import Client

    jyvaskyla, kajaani = client("editor"), client("other_editor")
    first = {"org": "kunta-179", "kind": "hyte_negotiation", "date": "2026-04-04", "id": "yhteinen-2026"}
    assert jyvaskyla.post("/api/records", first, content_type="application/json").status_code == 201
    assert jyvaskyla.put("/api/records/yhteinen-2026", {**first, "body": "council"},
                         content_type="application/json").status_code == 200
    assert jyvaskyla.delete("/api/records/yhteinen-2026").status_code == 200
    again = {"org": "kunta-205", "kind": "hyte_negotiation", "date": "2026-05-05", "id": "yhteinen-2026"}
    assert kajaani.post("/api/records", again, content_type="application/json").status_code == 201
    own = kajaani.get("/api/records/yhteinen-2026/history")
    assert own.status_code == 200, own.content
    assert [(h["action"], h["by"]) for h in own.json()["history"]] == [("create", USERS["other_editor"][0])]
    analyst = client("analyst").get("/api/records/yhteinen-2026/history").json()["history"]
    assert [h["action"] for h in analyst] == ["create"]
    page = Client(HTTP_HOST="localhost")
    page.post("/login/", {"username": USERS["other_editor"][0], "password": PASSWORD})
    shown = page.get("/records/yhteinen-2026/").content.decode("utf-8")
    assert USERS["other_editor"][0] in shown and USERS["editor"][0] not in shown
    assert kajaani.delete("/api/records/yhteinen-2026").status_code == 200  # removed: its own rows still
    gone = client("analyst").get("/api/records/yhteinen-2026/history").json()["history"]
    assert [(h["action"], h["by"]) for h in gone] == [("create", USERS["other_editor"][0]),
                                                      ("delete", USERS["other_editor"][0])]


MIGRATE = """
import sys
from velvoite.web.store import open_workspace
from django.core.management import call_command
from django.db import connection, DatabaseError, transaction
folder, step = sys.argv[1], sys.argv[2]
if step == "before":
    from velvoite.web.config import configure
    configure(folder)
    call_command("migrate", "workspace", "0004", verbosity=0)
    rows = [("a", "create", "kunta-179"), ("a", "update", "kunta-179"), ("a", "delete", "kunta-179"),
            ("b", "create", "kunta-179"), ("a", "create", "kunta-205"), ("a", "update", "kunta-205"),
            ("c", "create", "kunta-205"), ("c", "delete", "kunta-205")]
    with connection.cursor() as cursor:
        for rid, action, org in rows:
            cursor.execute("INSERT INTO workspace_change (at, actor, action, rid, org, source) "
                           "VALUES ('2026-01-01T00:00:00Z', 'x', %s, %s, %s, '')", [action, rid, org])
        for rid, org in (("b", "kunta-179"), ("a", "kunta-205")):
            cursor.execute("INSERT INTO workspace_storedrecord (rid, org, kind, date, \\"values\\", source, updated_at) "
                           "VALUES (%s, %s, 'hyte_negotiation', '2026-01-01', '{}', '', '2026-01-01T00:00:00Z')",
                           [rid, org])
    call_command("migrate", verbosity=0)
else:
    open_workspace(folder)
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.id, c.rid, c.identity, s.id FROM workspace_change c LEFT JOIN workspace_storedrecord s "
                       "ON s.rid = c.rid ORDER BY c.id")
        for cid, rid, identity, stored in cursor.fetchall():
            print(cid, rid, "stored" if identity == stored else identity)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE workspace_change SET actor = 'y'")
    except DatabaseError as exc:
        print("refused:", str(exc).splitlines()[0])
"""


def migrated(folder) -> list[str]:
    import subprocess
    import sys

    for step in ("before", "after"):
        done = subprocess.run([sys.executable, "-c", MIGRATE, str(folder), step], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_the_history_written_before_is_given_its_records(tmp_path):
    """Migration 0005 on a workspace with history: each run of an id's rows up to its removal is one
    record; the append-only triggers hold after it."""
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "workspace.toml").write_text('[database]\nurl = "sqlite:///velvoite.sqlite3"\n', "utf-8")
    assert migrated(folder) == expected_identities()


def expected_identities() -> list[str]:
    return ["1 a -1", "2 a -1", "3 a -1", "4 b stored", "5 a stored", "6 a stored", "7 c -7", "8 c -7",
            "refused: the history is append-only"]
