"""The workspace's calendar feeds without leaking (issue 28): a record's notes were published in
login-free feeds that anyone could read, although another organisation's editors get 403 for the
record. Now a user's secret address carries what that user may read; the login-free feeds exist
only where workspace.toml opens them, and leave the notes out."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")

from tests.web_helpers import client, velvoite  # noqa: E402

NOTES = "Laaja hyvinvointikertomus"  # the notes of jkl-kertomus-2025-2029 (kunta-179), evidence in its feed
ADDRESS = re.compile(r"http://localhost/calendar/u/([A-Za-z0-9_-]+)/")
INVALID = Path(__file__).parent / "data" / "invalid_workspace_toml"


def anonymous():
    from django.test import Client

    return Client(HTTP_HOST="localhost")


def unfolded(body: bytes) -> str:
    return body.decode("utf-8").replace("\r\n ", "")


def new_address(who: str) -> str:
    """The token of a new secret address, made on the user's own page (a form with the CSRF token)."""
    c = client(who, csrf=True)
    page = c.get("/account/")
    assert page.status_code == 200
    assert c.post("/account/").status_code == 403  # without the CSRF token, nothing is made
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    made = c.post("/account/", {"csrfmiddlewaretoken": csrf})
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    tokens = set(ADDRESS.findall(made.content.decode()))
    assert len(tokens) == 1, made.content
    assert tokens.pop() not in c.get("/account/").content.decode()  # shown once, when made
    return ADDRESS.search(made.content.decode()).group(1)


def test_the_login_free_feeds_are_closed_unless_workspace_toml_opens_them(ws):
    c = anonymous()
    for path in ("/calendar/kunta-205.ics", "/calendar/kunta-179.ics", "/calendar/region/hva-15.ics"):
        answer = c.get(path)
        assert answer.status_code == 404 and b"BEGIN:VCALENDAR" not in answer.content, path
    for who in ("editor", "analyst"):  # signed in or not: a session is not a feed's way in
        assert client(who).get("/calendar/kunta-179.ics").status_code == 404


def test_a_secret_address_carries_what_its_user_may_read(ws):
    from velvoite.web.workspace.models import FeedToken

    editor, other, coordinator = new_address("editor"), new_address("other_editor"), new_address("coordinator")
    c = anonymous()
    own = c.get(f"/calendar/u/{editor}/kunta-179.ics?lang=fi")
    assert own.status_code == 200 and own["Content-Type"].startswith("text/calendar")
    assert NOTES in unfolded(own.content)  # the user may read the record: its notes are theirs to see
    assert own["Referrer-Policy"] == "no-referrer" and "private" in own["Cache-Control"]
    assert c.get(f"/calendar/u/{editor}/kunta-179.ics?lang=fi",
                 headers={"If-None-Match": own["ETag"]}).status_code == 304
    expected = {  # (token, feed): status; 404 alike for no access, no such organisation, no such token
        (editor, "Jyväskylä.ics"): 200, (editor, "kunta-205.ics"): 404, (editor, "region/hva-15.ics"): 404,
        (other, "kunta-205.ics"): 200, (other, "kunta-179.ics"): 404, (other, "Atlantis.ics"): 404,
        (coordinator, "region/hva-15.ics"): 200, (coordinator, "kunta-179.ics"): 200,
        (coordinator, "kunta-205.ics"): 404, (coordinator, "region/hva-18.ics"): 404,
        (editor[:-1] + ("A" if editor[-1] != "A" else "B"), "kunta-179.ics"): 404,  # one character wrong
        (editor[:12], "kunta-179.ics"): 404, ("0" * 44, "kunta-179.ics"): 404,
    }
    got = {key: c.get(f"/calendar/u/{key[0]}/{key[1]}").status_code for key in expected}
    assert got == expected
    stored = FeedToken.objects.get(user__username="editori@jyvaskyla.fi")
    assert stored.key == editor[:12] and stored.digest == hashlib.sha256(editor[12:].encode()).hexdigest()
    assert editor[12:] not in {stored.key, stored.digest}  # the secret itself is kept nowhere

    again = new_address("editor")  # a new address ends the old one
    assert c.get(f"/calendar/u/{editor}/kunta-179.ics").status_code == 404
    assert c.get(f"/calendar/u/{again}/kunta-179.ics").status_code == 200
    user = stored.user
    user.is_active = False  # a user who may no longer log in has no feeds either
    user.save()
    try:
        assert c.get(f"/calendar/u/{again}/kunta-179.ics").status_code == 404
    finally:
        user.is_active = True
        user.save()


def test_the_audit_page_leads_to_the_users_own_address(ws):
    page = client("editor").get("/audit/").content.decode()
    assert 'href="/account/"' in page and "/calendar/kunta-179.ics" not in page


def test_public_feeds_leave_out_the_notes(ws):
    """[feeds] public = true: the same deadlines, the same evidence, without what people wrote freely."""
    from django.test import override_settings

    token = new_address("editor")
    with override_settings(VELVOITE_PUBLIC_FEEDS=True):
        public = anonymous().get("/calendar/kunta-179.ics?lang=fi")
        private = anonymous().get(f"/calendar/u/{token}/kunta-179.ics?lang=fi")
        region = anonymous().get("/calendar/region/hva-15.ics?lang=fi")
    assert public.status_code == private.status_code == region.status_code == 200
    assert NOTES in unfolded(private.content) and NOTES not in unfolded(public.content)
    assert "jkl-kertomus-2025-2029" in unfolded(public.content)  # the record itself is listed
    assert "Kahdenvälinen HYTE-neuvottelu" not in unfolded(region.content)  # the municipalities' notes
    assert public["ETag"] != private["ETag"]
    uids = re.compile(r"^UID:(.*)$", re.MULTILINE)
    assert uids.findall(unfolded(public.content)) == uids.findall(unfolded(private.content))


CASES = yaml.safe_load((INVALID / "cases.yaml").read_text("utf-8"))


def test_every_invalid_workspace_toml_has_an_expectation():
    assert {p.name for p in INVALID.iterdir() if p.name != "cases.yaml"} == set(CASES)


@pytest.fixture(scope="module")
def blank_workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("feeds") / "ws"
    done = velvoite("db", "init", str(folder))
    assert done.returncode == 0, done.stderr
    return folder


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_feeds_settings_of_workspace_toml_are_checked(name, blank_workspace, tmp_path):
    """A setting in workspace.toml is checked at start: file, line, field, one line, exit 2."""
    folder = tmp_path / "ws"
    shutil.copytree(blank_workspace, folder)
    shutil.copy(INVALID / name, folder / "workspace.toml")
    want = CASES[name]
    done = velvoite("users", "list", str(folder))
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    field = f"{want['field']}: " if want["field"] else ""  # a TOML syntax error names a line, no field
    assert f"workspace.toml:{want['line']}: {field}{want['text']}" in done.stderr, done.stderr
