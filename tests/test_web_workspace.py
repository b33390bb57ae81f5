"""The database workspace (issue "A shared workspace"): db init/import/export, the audit of a
workspace equal to that of the same records as files, users and roles on every endpoint, the
record API's errors, CSRF, login throttling, the append-only history, and the web form."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")

from tests.web_helpers import AS_OF, EX, PASSWORD, USERS, cli, client, velvoite  # noqa: E402 (ws: conftest.py)


def test_the_audit_of_a_workspace_is_the_audit_of_its_files(ws):
    files = cli("audit", EX, "--region", "hva-15", "--as-of", AS_OF.isoformat(), "--format", "json")
    stored = cli("audit", str(ws), "--region", "hva-15", "--as-of", AS_OF.isoformat(), "--format", "json")
    assert files.exit_code == stored.exit_code == 0, stored.output
    assert stored.stdout == files.stdout
    for command in (("calendar", "--region", "hva-15"), ("report", "--region", "hva-15", "--format", "md"),
                    ("yearclock", "--region", "hva-15", "--format", "svg")):
        by_files = cli(command[0], EX, *command[1:], "--as-of", AS_OF.isoformat())
        by_workspace = cli(command[0], str(ws), *command[1:], "--as-of", AS_OF.isoformat())
        assert by_files.exit_code == by_workspace.exit_code == 0, by_workspace.output
        assert by_workspace.stdout_bytes == by_files.stdout_bytes, command  # every command reads a workspace
    api = client("analyst").get("/api/audit?region=hva-15&lang=en")
    assert api.status_code == 200
    assert api.content.decode("utf-8") == files.stdout  # the same contract, byte for byte


def test_export_is_the_record_format_and_round_trips_exactly(ws, tmp_path):
    from velvoite.records import load_records
    from velvoite.registry import load_registry

    first = tmp_path / "a.yaml"
    assert cli("db", "export", str(ws), "-o", str(first)).exit_code == 0
    registry = load_registry()
    assert load_records([str(first)], registry) == load_records([EX], registry)
    second_ws, second = tmp_path / "ws2", tmp_path / "b.yaml"
    for args in (("db", "init", str(second_ws)), ("db", "import", str(second_ws), str(first)),
                 ("db", "export", str(second_ws), "-o", str(second))):
        done = velvoite(*args)
        assert done.returncode == 0, done.stderr
    assert second.read_bytes() == first.read_bytes()
    as_json = tmp_path / "a.json"
    assert cli("db", "export", str(ws), "-o", str(as_json)).exit_code == 0
    assert load_records([str(as_json)], registry) == load_records([EX], registry)


def test_import_is_all_or_nothing_with_the_errors_of_validate(ws, tmp_path):
    from velvoite.web.workspace.models import StoredRecord

    bad = tmp_path / "uudet.csv"
    bad.write_text("id;org;kind;date\nu1;Jyväskylä;hyte_negotiation;1.2.2026\nu2;Jyväskylä;hyte_negotiation;31.2.2026\n",
                   encoding="utf-8")
    before = StoredRecord.objects.count()
    done = cli("db", "import", str(ws), str(bad))
    assert done.exit_code == 2
    assert done.stderr.strip() == cli("validate", str(bad)).stderr.strip()
    assert f"{bad}:3: column 'date'" in done.stderr
    assert StoredRecord.objects.count() == before and not StoredRecord.objects.filter(rid="u1").exists()


# who -> expected status, per request; None is a visitor who has not logged in
MATRIX = [
    ("GET", "/api/records?org=kunta-179", None,
     {"editor": 200, "coordinator": 200, "other_editor": 403, "analyst": 200, "admin": 200, None: 401}),
    ("POST", "/api/records", {"org": "kunta-179", "kind": "hyte_negotiation", "date": "2026-02-01", "body": "board"},
     {"editor": 201, "coordinator": 403, "other_editor": 403, "analyst": 403, "admin": 403, None: 401}),
    ("POST", "/api/records", {"org": "hva-15", "kind": "hyte_negotiation", "date": "2026-02-02"},
     {"editor": 403, "coordinator": 201, "other_editor": 403, "analyst": 403, "admin": 403, None: 401}),
    ("GET", "/api/records/jkl-raportti-2023/history", None,
     {"editor": 200, "coordinator": 200, "other_editor": 404, "analyst": 200, "admin": 200, None: 401}),
    ("GET", "/api/audit?org=kunta-179", None,
     {"editor": 200, "coordinator": 200, "other_editor": 403, "analyst": 200, "admin": 200, None: 401}),
    ("GET", "/api/audit?region=hva-15", None,
     {"editor": 403, "coordinator": 200, "other_editor": 403, "analyst": 200, "admin": 200, None: 401}),
    ("GET", "/records/", None,
     {"editor": 200, "coordinator": 200, "other_editor": 200, "analyst": 200, "admin": 200, None: 302}),
    ("GET", "/audit/", None,  # one's own, or (analysts, admins) a list to choose from
     {"editor": 200, "coordinator": 200, "other_editor": 200, "analyst": 200, "admin": 200, None: 302}),
    ("GET", "/audit/?org=kunta-179", None,
     {"editor": 200, "coordinator": 200, "other_editor": 403, "analyst": 200, "admin": 200, None: 302}),
    ("GET", "/report/?region=hva-15", None,
     {"editor": 403, "coordinator": 200, "other_editor": 403, "analyst": 200, "admin": 200, None: 302}),
    ("GET", "/report/", None,
     {"editor": 403, "coordinator": 403, "other_editor": 403, "analyst": 200, "admin": 200, None: 302}),
    ("GET", "/api/users", None,
     {"editor": 403, "coordinator": 403, "other_editor": 403, "analyst": 403, "admin": 200, None: 401}),
    ("POST", "/api/users", {"username": "uusi@jyvaskyla.fi", "role": "editor", "org": "Jyväskylä",
                            "password": "pitkä-salasana-123"},
     {"editor": 403, "coordinator": 403, "other_editor": 403, "analyst": 403, "admin": 201, None: 401}),
    ("GET", "/calendar/kunta-179.ics", None,  # closed unless workspace.toml opens it (tests/test_web_feeds.py)
     {"editor": 404, "coordinator": 404, "other_editor": 404, "analyst": 404, "admin": 404, None: 404}),
    ("GET", "/account/", None,
     {"editor": 200, "coordinator": 200, "other_editor": 200, "analyst": 200, "admin": 200, None: 302}),
]


@pytest.mark.parametrize("who", ["editor", "coordinator", "other_editor", "analyst", "admin", None])
def test_every_role_on_every_endpoint(ws, who):
    c = client(who)
    got = {}
    for method, path, body, expected in MATRIX:
        if method == "GET":
            answer = c.get(path)
        else:
            answer = c.post(path, body, content_type="application/json")
        got[(method, path, json.dumps(body))] = (answer.status_code, expected[who])
    wrong = {k: v for k, v in got.items() if v[0] != v[1]}
    assert not wrong, wrong


def test_history_of_a_record_says_who_when_before_and_after(ws):
    c = client("editor")
    created = c.post("/api/records", {"org": "Jyväskylä", "kind": "hyte_negotiation", "date": "1.3.2026"},
                     content_type="application/json")
    assert created.status_code == 201
    rid = created.json()["id"]
    changed = c.put(f"/api/records/{rid}", {"org": "kunta-179", "kind": "hyte_negotiation", "date": "2.3.2026",
                                            "body": "council"}, content_type="application/json")
    assert changed.status_code == 200, changed.content
    history = c.get(f"/api/records/{rid}/history").json()["history"]
    assert [h["action"] for h in history] == ["create", "update"]
    assert all(h["by"] == USERS["editor"][0] for h in history)
    assert history[0]["before"] is None and history[1]["before"] == history[0]["after"]
    assert history[1]["after"]["date"] == "2026-03-02" and history[1]["after"]["body"] == "council"
    assert c.delete(f"/api/records/{rid}").status_code == 200
    assert [h["action"] for h in c.get(f"/api/records/{rid}/history").json()["history"]] == ["create", "update",
                                                                                               "delete"]


def test_no_role_can_rewrite_the_history(ws):
    from django.db import DatabaseError, connection, transaction

    from velvoite.web.workspace.models import Change

    first = Change.objects.order_by("id").first()
    with pytest.raises(PermissionError):
        first.save()
    with pytest.raises(PermissionError):
        first.delete()
    for sql in ("UPDATE workspace_change SET actor = 'x'", "DELETE FROM workspace_change"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)  # (SQLite says IntegrityError, PostgreSQL's RAISE an InternalError)
    with pytest.raises(DatabaseError), transaction.atomic():
        Change.objects.all().update(actor="x")
    assert Change.objects.order_by("id").first().actor == first.actor


def test_a_record_with_a_typo_gets_the_messages_a_file_gets(ws, tmp_path):
    record = {"org": "Jyväskylä", "kind": "hyte-neuvotelu", "date": "31.2.2026", "body": "valtuusto"}
    answer = client("editor").post("/api/records?lang=en", record, content_type="application/json")
    assert answer.status_code == 400
    errors = {e["field"]: e["message"] for e in answer.json()["errors"]}
    as_file = tmp_path / "r.json"
    as_file.write_text(json.dumps([{"id": "x", **record}]), encoding="utf-8")
    said = cli("validate", str(as_file)).stderr
    assert set(errors) == {"kind", "date"}
    for field, message in errors.items():
        assert f"{field}: {message}" in said
    assert "did you mean" in errors["kind"]
    fi = client("editor").post("/api/records?lang=fi", record, content_type="application/json").json()
    assert {e["field"] for e in fi["errors"]} == {"kind", "date"} and fi != answer.json()


def test_posts_without_the_csrf_token_are_refused(ws):
    c = client("editor", csrf=True)
    record = {"org": "kunta-179", "kind": "hyte_negotiation", "date": "2026-04-01"}
    assert c.post("/api/records", record, content_type="application/json").status_code == 403
    ok = c.post("/api/records", record, content_type="application/json", headers={"X-CSRFToken": c.csrf})
    assert ok.status_code == 201


def test_logins_are_throttled_and_passwords_hashed_with_argon2(ws):
    from django.contrib.auth import get_user_model
    from django.test import Client

    email = USERS["other_editor"][0]
    assert get_user_model().objects.get(username=email).password.startswith("argon2")
    c = Client(HTTP_HOST="localhost")
    for _ in range(5):
        assert c.post("/api/login", {"username": email, "password": "wrong"},
                      content_type="application/json").status_code == 401
    right = c.post("/api/login", {"username": email, "password": PASSWORD}, content_type="application/json")
    assert right.status_code == 429
    page = c.post("/login/", {"username": email, "password": PASSWORD})
    assert page.status_code == 429
    from velvoite.web.workspace.models import LoginFailure

    LoginFailure.objects.all().delete()  # (the window passing)
    assert c.post("/api/login", {"username": email, "password": PASSWORD},
                  content_type="application/json").status_code == 200


def test_the_form_shows_the_error_at_the_field_and_the_audit_changes(ws):
    from django.test import Client

    c = Client(HTTP_HOST="localhost")
    c.cookies.load({"django_language": "fi"})
    assert c.post("/login/", {"username": USERS["editor"][0], "password": PASSWORD}).status_code == 302
    before = client("editor").get("/api/audit?org=kunta-179").json()
    form = {"org": "kunta-179", "kind": "child_youth_welfare_plan", "date": "31.13.2026", "body": "council"}
    typo = c.post("/records/", form)
    assert typo.status_code == 400
    page = typo.content.decode("utf-8")
    assert 'lang="fi"' in page and "31.13.2026" in page and 'class="errorlist"' in page
    both = c.post("/records/", {**form, "kind": ""}).content.decode("utf-8")  # two mistakes: both said, at once
    assert both.count('class="errorlist"') == 2 and "pakollinen kenttä puuttuu" in both
    fixed = c.post("/records/", {**form, "date": "2.11.2026"})
    assert fixed.status_code == 200 and "kunta-179-" in fixed.content.decode("utf-8")
    after = client("editor").get("/api/audit?org=kunta-179").json()

    def plan(audit):  # the children's and young people's welfare plan of this term, due before
        return [f["status"] for f in audit["findings"] if f["rule"] == "child-youth-welfare-plan"
                and f["period"] == "2025-09-21/2029-09-20"]
    assert (plan(before), plan(after)) == (["due"], ["met"])


def test_users_are_managed_on_the_command_line(ws):
    from django.contrib.auth import get_user_model

    folder = str(ws)
    wrong = cli("users", "add", folder, "k@jyvaskyla.fi", "--role", "coordinator", "--org", "Jyväskylä",
                "--password-stdin", input=PASSWORD + "\n")
    assert wrong.exit_code == 2 and "is not a county" in wrong.output
    weak = cli("users", "add", folder, "k@jyvaskyla.fi", "--role", "editor", "--org", "Jyväskylä", "--password-stdin",
               input="lyhyt\n")
    assert weak.exit_code == 2 and "password" in weak.output
    assert not get_user_model().objects.filter(username="k@jyvaskyla.fi").exists()
    listed = cli("users", "list", folder).stdout.splitlines()
    assert f"{USERS['coordinator'][0]}\tcoordinator\thva-15\tKeski-Suomen hyvinvointialue" in "\n".join(listed)
    assert cli("users", "passwd", folder, USERS["analyst"][0], "--password-stdin",
               input="uusi-pitkä-salasana-9\n").exit_code == 0
    from django.test import Client

    c = Client(HTTP_HOST="localhost")
    assert c.post("/api/login", {"username": USERS["analyst"][0], "password": PASSWORD},
                  content_type="application/json").status_code == 401
    assert c.post("/api/login", {"username": USERS["analyst"][0], "password": "uusi-pitkä-salasana-9"},
                  content_type="application/json").status_code == 200
    assert cli("users", "passwd", folder, USERS["analyst"][0], "--password-stdin", input=PASSWORD + "\n").exit_code == 0
    assert cli("users", "add", folder, "pois@thl.fi", "--role", "analyst", "--password-stdin",
               input=PASSWORD + "\n").exit_code == 0
    assert cli("users", "remove", folder, "pois@thl.fi").exit_code == 0
    assert "pois@thl.fi" not in cli("users", "list", folder).stdout


def test_changing_and_removing_a_record_is_for_its_organisation_only(ws):
    made = client("editor").post("/api/records", {"org": "kunta-179", "kind": "hyte_negotiation",
                                                  "date": "2026-05-05"}, content_type="application/json")
    rid = made.json()["id"]
    change = {"org": "kunta-179", "kind": "hyte_negotiation", "date": "2026-05-06"}
    expected = {"coordinator": (200, 403, 403), "analyst": (200, 403, 403), "admin": (200, 403, 403),
                "other_editor": (404, 404, 404), None: (401, 401, 401)}
    for who, (get, put, delete) in expected.items():
        c = client(who)
        got = (c.get(f"/api/records/{rid}").status_code,
               c.put(f"/api/records/{rid}", change, content_type="application/json").status_code,
               c.delete(f"/api/records/{rid}").status_code)
        assert got == (get, put, delete), who
    moved = client("editor").put(f"/api/records/{rid}", {**change, "org": "Kajaani"}, content_type="application/json")
    assert moved.status_code == 403  # not into another organisation either
    owner = client("editor")
    assert owner.put(f"/api/records/{rid}", change, content_type="application/json").status_code == 200
    assert owner.get(f"/api/records/{rid}").json()["record"]["date"] == "2026-05-06"
    assert owner.delete(f"/api/records/{rid}").status_code == 200
    assert owner.get(f"/api/records/{rid}").status_code == 404


def test_the_models_and_their_migrations_agree(ws):
    from django.core.management import call_command

    call_command("makemigrations", "workspace", "--check", "--dry-run", verbosity=0)  # SystemExit(1) if not


def test_a_record_is_changed_and_removed_on_its_page(ws):
    from django.test import Client

    made = client("editor").post("/api/records", {"org": "kunta-179", "kind": "strategy_approval",
                                                  "date": "2026-06-01", "body": "board", "hyte_goals": True},
                                 content_type="application/json")
    rid = made.json()["id"]
    page = Client(HTTP_HOST="localhost")
    page.post("/login/", {"username": USERS["editor"][0], "password": PASSWORD})
    shown = page.get(f"/records/{rid}/")
    assert shown.status_code == 200 and 'value="1.6.2026"' in shown.content.decode()  # fi: D.M.YYYY
    form = {"org": "kunta-179", "kind": "strategy_approval", "date": "1.6.2026", "body": "council", "hyte_goals": "true"}
    assert page.post(f"/records/{rid}/", {**form, "date": "1.6.20266"}).status_code == 400
    done = page.post(f"/records/{rid}/", form)
    assert done.status_code == 302 and done["Location"] == f"/records/?saved={rid}"
    assert client("editor").get(f"/api/records/{rid}").json()["record"]["body"] == "council"
    history = page.get(f"/records/{rid}/").content.decode()
    assert history.count(f">{USERS['editor'][0]}</td>") == 2  # added and changed, by whom

    reader = Client(HTTP_HOST="localhost")
    reader.post("/login/", {"username": USERS["coordinator"][0], "password": PASSWORD})
    assert reader.get(f"/records/{rid}/").status_code == 200  # the county reads its municipality's
    assert reader.post(f"/records/{rid}/", form).status_code == 403
    assert reader.post(f"/records/{rid}/remove").status_code == 403
    stranger = Client(HTTP_HOST="localhost")
    stranger.post("/login/", {"username": USERS["other_editor"][0], "password": PASSWORD})
    assert stranger.get(f"/records/{rid}/").status_code == 404

    assert page.post(f"/records/{rid}/remove").status_code == 302
    assert client("editor").get(f"/api/records/{rid}").status_code == 404


def test_pages_speak_the_chosen_language_and_record_text_stays_text(ws):
    from django.test import Client

    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    made = client("editor").post("/api/records", {"org": "kunta-179", "kind": "hyte_negotiation", "date": "2026-07-01",
                                                  "reference": hostile, "notes": hostile},
                                 content_type="application/json")
    assert made.status_code == 201
    c = Client(HTTP_HOST="localhost")
    c.post("/login/", {"username": USERS["editor"][0], "password": PASSWORD})
    for lang, word, role in (("sv", "Anteckningar", "registrerare"), ("en", "Records", "editor"),
                             ("fi", "Kirjaukset", "kirjaaja")):
        assert c.post("/language/", {"language": lang, "next": "/records/"}).status_code == 302
        page = c.get("/records/").content.decode("utf-8")
        assert f'<html lang="{lang}">' in page and f"<h1>{word}: " in page and f"({role}, " in page
        assert hostile not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    record = c.get(f"/records/{made.json()['id']}/").content.decode("utf-8")
    assert hostile not in record and "&lt;img src=x onerror=alert(2)&gt;" in record


def test_calendar_feeds_answer_304_until_the_records_change(ws):
    """The login-free feeds, where workspace.toml opens them ([feeds] public = true)."""
    from django.test import Client, override_settings

    with override_settings(VELVOITE_PUBLIC_FEEDS=True):
        c = Client(HTTP_HOST="localhost")
        first = c.get("/calendar/Jyväskylä.ics?lang=fi")
        assert first.status_code == 200 and first["Content-Type"].startswith("text/calendar")
        assert b"BEGIN:VCALENDAR" in first.content
        assert c.get("/calendar/kunta-179.ics?lang=fi", headers={"If-None-Match": first["ETag"]}).status_code == 304
        assert c.get("/calendar/region/hva-15.ics").status_code == 200
        assert c.get("/calendar/region/kunta-179.ics").status_code == 404  # a municipality is not a region
        assert c.get("/calendar/Atlantis.ics").status_code == 404
        made = client("editor").post("/api/records", {"org": "kunta-179", "kind": "cooperation_negotiation",
                                                      "date": "2026-08-01", "participants": "hva-15"},
                                     content_type="application/json")
        assert made.status_code == 201, made.content
        after = c.get("/calendar/kunta-179.ics?lang=fi", headers={"If-None-Match": first["ETag"]})
        assert after.status_code == 200 and after["ETag"] != first["ETag"]
