"""The workspace under attack (issue 28): one record of every kind a pack declares, waivers
included, stored through the API leaves every audit, report and feed working (a waiver stored
unchecked made them all answer 500); a record another organisation stored counts for a
participant only once its editor confirms it, for the record as it then reads."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")

from tests.web_helpers import AS_OF, cli, client  # noqa: E402 (ws: conftest.py)

PACK = "examples/packs/nuorisovaltuusto"
WAIVER = {"org": "Jyväskylä", "kind": "waiver", "date": "2026-01-15", "rule": "hyte-annual-report", "period": "2025",
          "reason": "valtuuston kokous peruttiin", "reference": "Kaupunginhallitus 15.1.2026 § 3"}


def _one_of(kind) -> dict:
    """A valid record of ``kind`` by Jyväskylä (the editor's organisation), its county taking part
    where the kind has participants."""
    if kind.id == "waiver":
        return dict(WAIVER)
    record = {"org": "Jyväskylä", "kind": kind.id, "date": "2026-03-02", "body": "council"}
    if "participants" in kind.fields:
        record["participants"] = ["Keski-Suomen hyvinvointialue"]
    return record


@pytest.fixture
def with_pack(ws):
    """The server's state with the example pack's rules besides the built-in ones (its kind, its rule)."""
    from velvoite.commands.common import Settings
    from velvoite.web.state import State, set_state, state

    before = state()
    set_state(State(folder=before.folder, settings=Settings(None, None, (PACK,)), today=lambda: AS_OF))
    try:
        yield state()
    finally:
        set_state(before)


def _feeds(analyst) -> list[str]:
    """Jyväskylä's and Keski-Suomi's feeds: the public addresses where the workspace serves them,
    else the analyst's secret address (web/feed_address.py)."""
    public = ["/calendar/kunta-179.ics", "/calendar/region/hva-15.ics"]
    if analyst.get(public[0]).status_code != 404:
        return public
    from django.contrib.auth import get_user_model

    from tests.web_helpers import USERS
    from velvoite.web.feed_token import new_token

    token = new_token(get_user_model().objects.get(username=USERS["analyst"][0]))
    return [f"/calendar/u/{token}/kunta-179.ics", f"/calendar/u/{token}/region/hva-15.ics"]


def _all_answer(c, analyst, feeds):
    """Every place the records reach answers 200: the API audit, the audit page, the report, the feeds."""
    for answer in (c.get("/api/audit?org=kunta-179"), c.get("/audit/?org=kunta-179"),
                   analyst.get("/report/?region=hva-15"), *(analyst.get(path) for path in feeds)):
        assert answer.status_code == 200, answer.content[:300]


def test_every_kind_stored_through_the_api_keeps_audits_reports_and_feeds_working(with_pack):
    from velvoite.records.kinds import catalogue

    c, analyst = client("editor"), client("analyst")
    feeds = _feeds(analyst)
    stored = []
    try:
        # the pack's own kind as the server's first request: the packs are loaded before it is checked
        answer = c.post("/api/records", {"org": "Jyväskylä", "kind": "nuorisovaltuuston asettaminen",
                                         "date": "2026-03-02", "body": "council", "resources": "kyllä"},
                        content_type="application/json")
        assert answer.status_code == 201, answer.content
        stored.append(answer.json()["id"])
        kinds = [k for k in catalogue().values() if k.id != "youth_council_decision"]
        assert {"waiver", "hyte_negotiation", "student_welfare_group"} <= {k.id for k in kinds}
        for kind in kinds:
            answer = c.post("/api/records", _one_of(kind), content_type="application/json")
            assert answer.status_code == 201, (kind.id, answer.content)
            stored.append(answer.json()["id"])
            _all_answer(c, analyst, feeds)
        findings = json.loads(c.get("/api/audit?org=kunta-179").content)["findings"]
        waived = next(f for f in findings if f["rule"] == "hyte-annual-report" and f["period"] == "2025")
        assert waived["status"] == "waived" and "Kaupunginhallitus 15.1.2026 § 3" in waived["explanation"]
        assert "example-youth-council" in {f["rule"] for f in findings}  # the pack's own rule is audited
        page = c.get("/audit/?org=kunta-179").content.decode("utf-8")
        assert "Kaupunginhallitus 15.1.2026 § 3" in page
    finally:
        for rid in stored:
            assert c.delete(f"/api/records/{rid}").status_code == 200


@pytest.mark.parametrize("change,field,words", [
    ({"rule": "hyte-anual-report"}, "rule", "did you mean 'hyte-annual-report'"),
    ({"period": "24"}, "period", "has no period '24'"),
    ({"rule": "hyte-welfare-report-cooperation"}, "org", "does not apply to Jyväskylä"),
])
def test_a_waiver_that_would_do_nothing_is_refused_at_its_field_and_nothing_is_stored(ws, change, field, words):
    c = client("editor")
    answer = c.post("/api/records?lang=en", {**WAIVER, **change}, content_type="application/json")
    assert answer.status_code == 400, answer.content
    errors = answer.json()["errors"]
    assert errors[0]["field"] == field and words in errors[0]["message"], errors
    assert c.get("/api/audit?org=kunta-179").status_code == 200


def test_the_same_obligation_waived_twice_is_refused_naming_the_stored_waiver(ws):
    c = client("editor")
    first = c.post("/api/records", {**WAIVER, "id": "poikkeus-1"}, content_type="application/json")
    assert first.status_code == 201, first.content
    try:
        second = c.post("/api/records?lang=en", {**WAIVER, "id": "poikkeus-2"}, content_type="application/json")
        assert second.status_code == 400
        assert "waived twice" in second.json()["errors"][0]["message"]
        assert "record poikkeus-1" in second.json()["errors"][0]["message"]  # the stored one, by its id
        same = c.put("/api/records/poikkeus-1", {**WAIVER, "reason": "kokous siirtyi"},
                     content_type="application/json")
        assert same.status_code == 200, same.content  # changing a waiver is not waiving twice
        assert c.get("/api/audit?org=kunta-179").status_code == 200
    finally:
        c.delete("/api/records/poikkeus-1")


def test_a_stored_waiver_that_no_longer_matches_is_named_by_its_record_id(with_pack):
    """The waiver of a user pack's rule stored while the server used the pack; read without it, the
    audit of the workspace names the stored record by its id, as a file's names its line."""
    c = client("editor")
    answer = c.post("/api/records", {**WAIVER, "id": "poikkeus-nuva", "rule": "example-youth-council",
                                     "period": "standing"}, content_type="application/json")
    assert answer.status_code == 201, answer.content
    try:
        result = cli("audit", with_pack.folder, "--org", "kunta-179", "--as-of", AS_OF.isoformat())
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert f"{with_pack.folder}, record poikkeus-nuva: rule: unknown rule 'example-youth-council'" in result.output
        with_pack_too = cli("--rules", PACK, "audit", with_pack.folder, "--org", "kunta-179", "--as-of",
                            AS_OF.isoformat())
        assert with_pack_too.exit_code == 0, with_pack_too.output
    finally:
        c.delete("/api/records/poikkeus-nuva")


NEGOTIATION = {"id": "jkl-kainuu-2026", "org": "Jyväskylä", "kind": "hyte_negotiation", "date": "2026-03-02",
               "participants": ["Kajaani", "Kainuu"]}


def _participation(c, period="2026"):
    findings = json.loads(c.get("/api/audit?org=kunta-205&lang=en").content)["findings"]
    return next(f for f in findings if f["rule"] == "hyte-negotiation-participation" and f["period"] == period)


def test_a_participant_confirms_a_record_another_organisation_stored(ws):
    jkl, kajaani, analyst = client("editor"), client("other_editor"), client("analyst")
    assert jkl.post("/api/records", NEGOTIATION, content_type="application/json").status_code == 201
    rid = NEGOTIATION["id"]
    try:
        found = _participation(kajaani)
        assert found["status"] == "due" and found["evidence"] == [] and found["unconfirmed"] == [rid]
        assert f"Record {rid} organised by Jyväskylä lists Kajaani as a participant, but Kajaani has not confirmed it." \
            in found["explanation"]
        # only a participant's editor confirms; the organiser, an analyst and a stranger cannot
        assert jkl.post(f"/api/records/{rid}/confirm").status_code == 403
        assert analyst.post(f"/api/records/{rid}/confirm").status_code == 403
        assert client("coordinator").post(f"/api/records/{rid}/confirm").status_code == 403  # reads it, not listed
        assert client(None).post(f"/api/records/{rid}/confirm").status_code == 401
        page = kajaani.get(f"/records/{rid}/?lang=en").content.decode("utf-8")
        assert "Confirm that Kajaani took part" in page
        done = kajaani.post(f"/api/records/{rid}/confirm")
        assert done.status_code == 200 and done.json()["confirmed_by"] == ["kunta-205"]
        found = _participation(kajaani)
        assert found["status"] == "met" and found["evidence"] == [rid] and found["unconfirmed"] == []
        # the command line reads the workspace with its confirmations
        by_cli = cli("audit", str(ws), "--org", "Kajaani", "--as-of", AS_OF.isoformat(), "--format", "json")
        assert by_cli.exit_code == 0 and by_cli.stdout == kajaani.get("/api/audit?org=kunta-205&lang=en").content.decode()
        history = jkl.get(f"/api/records/{rid}/history").json()["history"]
        assert [h["action"] for h in history] == ["create", "confirm"]
        assert history[1]["by"] == "editori@kajaani.fi" and history[1]["source"] == "api:kunta-205"
        # the organiser changes the record: the confirmation was of what it said, and lapses
        changed = jkl.put(f"/api/records/{rid}", {**NEGOTIATION, "date": "2026-03-03"}, content_type="application/json")
        assert changed.status_code == 200
        found = _participation(kajaani)
        assert found["status"] == "due" and found["unconfirmed"] == [rid]
        listed = kajaani.get(f"/api/records/{rid}/confirm").json()
        assert listed["confirmed_by"] == [] and [c["holds"] for c in listed["confirmations"]] == [False]
        # confirmed again on the record page's button
        assert kajaani.post(f"/records/{rid}/confirm").status_code == 302
        assert _participation(kajaani)["status"] == "met"
        assert "Kajaani" in kajaani.get(f"/records/{rid}/").content.decode("utf-8")
    finally:
        jkl.delete(f"/api/records/{rid}")


def test_confirmations_cannot_be_rewritten(ws):
    from django.db import DatabaseError, connection, transaction

    from velvoite.web.workspace.models import Confirmation, StoredRecord

    jkl, kajaani = client("editor"), client("other_editor")
    assert jkl.post("/api/records", {**NEGOTIATION, "id": "jkl-kainuu-x"}, content_type="application/json").status_code == 201
    try:
        assert kajaani.post("/api/records/jkl-kainuu-x/confirm").status_code == 200
        row = Confirmation.objects.filter(rid="jkl-kainuu-x").first()
        with pytest.raises(PermissionError):
            row.delete()
        for sql in ("UPDATE workspace_confirmation SET org = 'kunta-179'", "DELETE FROM workspace_confirmation"):
            with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)  # (SQLite says IntegrityError, PostgreSQL's RAISE an InternalError)
        assert StoredRecord.objects.filter(rid="jkl-kainuu-x").exists()
    finally:
        jkl.delete("/api/records/jkl-kainuu-x")
