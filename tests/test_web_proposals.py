"""Records proposed from the minutes (issue 30, the workspace half): the queue recognises the same
item harvested twice (section and meeting, case number, source), an editor of the organisation
accepts a proposal as a normal record (link, archived copy's SHA-256, who) or rejects it with a
reason, nobody else decides, and an audit never counts a proposal: accepting one changes exactly
the findings it is evidence for."""

from __future__ import annotations

import hashlib
import json

import pytest

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")

from tests.web_helpers import AS_OF, EX, PASSWORD, USERS, cli  # noqa: E402 (ws: conftest.py)

PAGE = ("<html><body><h1>Kaupunginvaltuusto 16.11.2026 § 123</h1><p>Lasten ja nuorten hyvinvointisuunnitelma "
        "2025–2029. Päätös: Hyväksyttiin.</p><script>alert('minutes')</script></body></html>").encode()
SHA = hashlib.sha256(PAGE).hexdigest()


def proposal(**changed) -> dict:
    """One proposal as velvoite harvest makes it (velvoite/harvest/proposal.py KEYS)."""
    return {"source": "https://jyvaskyla.cloudnc.fi/fi-FI/Toimielimet/Kaupunginvaltuusto/Kokous_16112026/"
                      "Lasten_ja_nuorten_hyvinvointisuunnitelma(123)", "sha256": SHA, "url": None,
            "org": "kunta-179", "org_name": "Jyväskylä", "kind": "child_youth_welfare_plan", "date": "2026-11-16",
            "body": "Kaupunginvaltuusto", "body_tier": "council", "section": "123",
            "title": "Lasten ja nuorten hyvinvointisuunnitelma 2025–2029", "decision": "approved",
            "reference": None, "case_number": "JKLDno-2026-812",
            "snippet": "Päätös: Hyväksyttiin. <script>alert(1)</script>", "score": 0.92,
            "reasons": ["title: hyvinvointisuunnitelma", "body: council", "decision: Hyväksyttiin"], **changed}


@pytest.fixture
def queued(ws):
    """A clean queue for each test; what a test queued, and the records it accepted, gone after it
    (the session's workspace is compared with its files elsewhere)."""
    from velvoite.web.workspace.models import ArchivedCopy, Proposal

    yield
    from django.db import transaction

    from velvoite.web.store import remove

    with transaction.atomic():
        for rid in Proposal.objects.exclude(record="").values_list("record", flat=True):
            remove(rid, "test", "test")
        Proposal.objects.all().delete()
        ArchivedCopy.objects.all().delete()


def queue(items: list[dict], copies: dict | None = None) -> dict:
    from velvoite.web.proposals import queue as queue_
    from velvoite.web.state import state

    return queue_(items, copies if copies is not None else {SHA: (PAGE, "text/html; charset=utf-8", "x")}, "test",
                  state().registry)


def test_the_same_item_harvested_twice_is_queued_once(ws, queued):
    from velvoite.web.workspace.models import ArchivedCopy, Proposal

    first = queue([proposal(), proposal(section="124", case_number=None, title="Kuntastrategia",
                                        kind="strategy_approval"),
                   proposal(kind=None, section="125", case_number=None, title="Työhyvinvointi")])
    assert first == {"queued": 2, "skipped": 0, "not_evidence": 1, "archived": 1}
    assert ArchivedCopy.objects.get().sha256 == SHA and bytes(ArchivedCopy.objects.get().content) == PAGE
    other_page = "f" * 64
    again = queue([
        proposal(sha256=other_page, case_number=None),  # the same body, meeting and §, read from another page
        proposal(sha256=other_page, section="9", date="2026-11-16", case_number="JKLDno 2026-812"),  # its case no.
        proposal(section="124", case_number=None, title="Kuntastrategia", kind="strategy_approval"),  # same page
        proposal(sha256=other_page, section="123", date="2027-01-20", body="Kaupunginhallitus", body_tier="board",
                 case_number="JKLDno-2026-812", decision="proposed")],  # the case again, at another meeting: new
        {})
    assert again == {"queued": 1, "skipped": 3, "not_evidence": 0, "archived": 0}
    assert Proposal.objects.count() == 3
    Proposal.objects.filter(section="124").update(status="rejected", reason="statement")
    assert queue([proposal(section="124", case_number=None, title="Kuntastrategia",
                           kind="strategy_approval")])["skipped"] == 1  # a rejected item is not proposed again
    assert Proposal.objects.get(section="123", date="2026-11-16").copy.sha256 == SHA


def test_a_case_number_in_the_reference_is_recognised(ws, queued):
    assert queue([proposal(case_number=None, section="5", reference="HEL 2022-011138")])["queued"] == 1
    assert queue([proposal(case_number=None, section="6", sha256="e" * 64,
                           title="Hyvinvointisuunnitelma HEL 2022-011138")])["skipped"] == 1


def test_bytes_that_are_not_the_source_are_not_archived(ws, queued):
    from velvoite.web.workspace.models import Proposal

    assert queue([proposal()], {SHA: (b"something else", "text/html", "x")})["archived"] == 0
    assert Proposal.objects.get().copy is None
    page = signed_in("editor").get("/proposals/").content.decode()
    assert "no archived copy" in page and "/copy" not in page
    assert signed_in("editor").get(f"/proposals/{Proposal.objects.get().pk}/copy").status_code == 404


@pytest.mark.parametrize("changed, field, message", [
    ({"org": "Jyväskylää"}, "org", "did you mean 'Jyväskylä'?"),
    ({"org": None}, "org", "--org"),
    ({"date": "16.11.2026"}, "date", "not a date"),
    ({"sha256": "abc"}, "sha256", "64 hexadecimal"),
])
def test_a_malformed_proposal_is_refused_by_name_and_nothing_is_queued(ws, queued, changed, field, message):
    from velvoite.errors import InputError
    from velvoite.web.workspace.models import Proposal

    with pytest.raises(InputError) as caught:
        queue([proposal(section="1"), proposal(**changed)])
    assert (caught.value.field, caught.value.path) == (field, proposal()["source"] + "#2")
    assert message in caught.value.message
    assert not Proposal.objects.exists()


def signed_in(who: str | None, lang: str = "en", csrf: bool = False):
    from django.test import Client

    c = Client(HTTP_HOST="localhost", enforce_csrf_checks=csrf)
    c.cookies.load({"django_language": lang})
    if who:
        token = {}
        if csrf:
            c.get("/login/")
            token = {"csrfmiddlewaretoken": c.cookies["csrftoken"].value}
        assert c.post("/login/", {"username": USERS[who][0], "password": PASSWORD, **token}).status_code == 302
    return c


def test_an_editor_accepts_a_proposal_as_a_normal_record(ws, queued):
    from velvoite.web.workspace.models import Proposal, StoredRecord

    queue([proposal()])
    pk = Proposal.objects.get().pk
    editor = signed_in("editor", "fi")
    listed = editor.get("/proposals/").content.decode()
    assert 'href="/proposals/"' in listed  # the menu
    assert "Lasten ja nuorten hyvinvointisuunnitelma 2025–2029" in listed and f'href="/proposals/{pk}/copy"' in listed
    assert "<script>alert(1)" not in listed and "&lt;script&gt;alert(1)&lt;/script&gt;" in listed
    assert 'href="https://jyvaskyla.cloudnc.fi/fi-FI/Toimielimet/' in listed
    form = editor.get(f"/proposals/{pk}/").content.decode()
    assert 'value="16.11.2026"' in form and 'value="Kaupunginvaltuusto 16.11.2026 § 123"' in form
    assert '<option value="council" selected>' in form
    copy = editor.get(f"/proposals/{pk}/copy")
    assert copy.content == PAGE and copy["Content-Security-Policy"].startswith("sandbox")
    done = editor.post(f"/proposals/{pk}/", {"org": "kunta-179", "kind": "child_youth_welfare_plan",
                                              "date": "16.11.2026", "body": "council", "decision": "approved",
                                              "reference": "Kv 16.11.2026 § 123", "url": proposal()["source"],
                                              "notes": "Hyväksytty muutoksitta."})
    assert done.status_code == 302, done.content.decode()[-2000:]
    accepted = Proposal.objects.get()
    assert (accepted.status, accepted.decided_by) == ("accepted", USERS["editor"][0])
    record = StoredRecord.objects.get(rid=accepted.record).values
    assert record["url"] == proposal()["source"] and record["reference"] == "Kv 16.11.2026 § 123"
    assert record["notes"] == f"Hyväksytty muutoksitta.\nvelvoite harvest: sha256 {SHA}, accepted by {USERS['editor'][0]}"
    assert done["Location"] == f"/proposals/?accepted={accepted.record}"
    again = editor.post(f"/proposals/{pk}/", {"org": "kunta-179", "kind": "child_youth_welfare_plan",
                                               "date": "16.11.2026"})
    assert again.status_code == 409 and StoredRecord.objects.filter(org="kunta-179", date="2026-11-16").count() == 1


def test_a_correction_with_a_mistake_is_shown_at_its_field_and_nothing_is_decided(ws, queued):
    from velvoite.web.workspace.models import Proposal

    queue([proposal()])
    pk = Proposal.objects.get().pk
    wrong = signed_in("editor", "fi").post(f"/proposals/{pk}/", {"org": "kunta-179", "kind": "child_youth_welfare_plan",
                                                                  "date": "31.11.2026", "body": "council"})
    assert wrong.status_code == 400 and 'class="errorlist"' in wrong.content.decode()
    assert Proposal.objects.get().status == "pending"


def test_a_rejection_keeps_its_reason(ws, queued):
    from velvoite.web.workspace.models import Proposal, StoredRecord

    queue([proposal()])
    pk, before = Proposal.objects.get().pk, StoredRecord.objects.count()
    editor = signed_in("editor", "sv")
    assert editor.post(f"/proposals/{pk}/reject", {"reason": "other"}).status_code == 400  # "other" says why
    assert editor.post(f"/proposals/{pk}/reject", {"reason": "maybe"}).status_code == 400
    done = editor.post(f"/proposals/{pk}/reject", {"reason": "statement", "text": "Lausunto hallitukselle"})
    assert done.status_code == 302
    rejected = Proposal.objects.get()
    assert (rejected.status, rejected.reason, rejected.reason_text, rejected.decided_by) == (
        "rejected", "statement", "Lausunto hallitukselle", USERS["editor"][0])
    assert StoredRecord.objects.count() == before
    late = editor.post(f"/proposals/{pk}/reject", {"reason": "duplicate"})
    assert late.status_code == 409 and f"(avvisat, {USERS['editor'][0]}, " in late.content.decode()


def test_only_the_organisations_editors_decide(ws, queued):
    from velvoite.web.workspace.models import Proposal

    queue([proposal()])
    pk = Proposal.objects.get().pk
    accept = {"org": "kunta-179", "kind": "child_youth_welfare_plan", "date": "16.11.2026"}
    expected = {  # who: the list (of their own organisation's), the proposal, its copy, accept, reject
        "coordinator": (200, 200, 200, 403, 403), "analyst": (403, 200, 200, 403, 403),
        "admin": (403, 200, 200, 403, 403), "other_editor": (200, 404, 404, 404, 404),
        None: (302, 302, 302, 302, 302)}
    for who, statuses in expected.items():
        c = signed_in(who)
        got = (c.get("/proposals/").status_code, c.get(f"/proposals/{pk}/").status_code,
               c.get(f"/proposals/{pk}/copy").status_code, c.post(f"/proposals/{pk}/", accept).status_code,
               c.post(f"/proposals/{pk}/reject", {"reason": "duplicate"}).status_code)
        assert got == statuses, who
    for who in ("other_editor", "coordinator"):  # another organisation's proposals are not listed
        assert "hyvinvointisuunnitelma" not in signed_in(who).get("/proposals/").content.decode()
    analyst_page = signed_in("analyst").get(f"/proposals/{pk}/").content.decode()
    assert "csrfmiddlewaretoken" in analyst_page and 'action="/proposals/' not in analyst_page  # read, no forms
    assert 'href="/proposals/"' not in signed_in("analyst").get("/records/").content.decode()  # no menu link
    forged = signed_in("editor", csrf=True)
    assert forged.post(f"/proposals/{pk}/reject", {"reason": "duplicate"}).status_code == 403
    assert Proposal.objects.get().status == "pending"
    token = forged.cookies["csrftoken"].value
    assert forged.post(f"/proposals/{pk}/reject", {"reason": "duplicate", "csrfmiddlewaretoken": token}).status_code == 302


def test_an_audit_never_counts_a_proposal_and_an_accepted_one_changes_only_its_findings(ws, queued, tmp_path):
    from velvoite.web.store import exported
    from velvoite.web.workspace.models import Proposal, StoredRecord

    def audit(*paths: str) -> dict:
        done = cli("audit", *paths, "--region", "hva-15", "--as-of", AS_OF.isoformat(), "--format", "json",
                   "--include", "advice,incentive")
        assert done.exit_code == 0, done.output
        return json.loads(done.stdout)

    stored = tmp_path / "stored.json"  # what the workspace holds now (other tests add records to it too)
    stored.write_text(json.dumps(exported(), ensure_ascii=False), encoding="utf-8")
    before = audit(str(ws))
    queue([proposal(), proposal(section="124", case_number=None, kind="strategy_approval", title="Kuntastrategia")])
    assert audit(str(ws)) == before  # only proposals: the audit without them
    pk = Proposal.objects.get(section="123").pk
    done = signed_in("editor").post(f"/proposals/{pk}/", {"org": "kunta-179", "kind": "child_youth_welfare_plan",
                                                           "date": "16.11.2026", "body": "council"})
    assert done.status_code == 302
    rid = Proposal.objects.get(pk=pk).record
    after = audit(str(ws))
    typed = tmp_path / "typed.json"  # the same record typed by hand, beside the records stored before
    typed.write_text(json.dumps([StoredRecord.objects.get(rid=rid).values]), encoding="utf-8")
    assert audit(str(stored), str(typed)) == after

    def by_key(audit: dict) -> dict:
        return {(f["rule"], f["org"], f["period"], f["start"]): f for f in audit["findings"]}

    was, now = by_key(before), by_key(after)
    changed = {k for k, f in now.items() if was.get(k) != f} | (set(was) - set(now))
    cited = {k for k, f in now.items() if rid in f["evidence"]}
    assert cited and cited <= changed
    assert {k[:2] for k in changed} == {k[:2] for k in cited} == {("child-youth-welfare-plan", "kunta-179"),
                                                                  ("child-youth-plan-cooperation", "kunta-179")}
