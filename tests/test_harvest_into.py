"""``velvoite harvest --into WORKSPACE`` and ``--feed URL`` (issue 30, the workspace half): the
proposals queued with the archived copies of their sources (files and fetched pages), and a
Dynasty RSS feed served on 127.0.0.1 polled twice: the second run, with nothing new in the feed,
proposes nothing, and an item added since is the only one proposed. Reading a feed for meaning is
the harvest readers' (velvoite/harvest/); here a reader of the fixture's shape stands in for it."""

from __future__ import annotations

import dataclasses
import hashlib
import urllib.request
import xml.etree.ElementTree as ET

import pytest

pytest.importorskip("django", reason="the web extra is not installed (pip install 'velvoite[web]')")

from tests.servers import serving  # noqa: E402
from tests.test_web_proposals import proposal, queued  # noqa: E402,F401 (the fixture)

ITEM = """<item><title>Kaupunginvaltuusto {day}.{month}.2026 § {section} {title}</title>
<link>https://kajaani.oncloudos.com/kokous/2026{month:02d}{day:02d}-{section}.HTM</link>
<guid>https://kajaani.oncloudos.com/kokous/2026{month:02d}{day:02d}-{section}.HTM</guid>
<pubDate>Mon, {day:02d} {mon} 2026 12:00:00 +0200</pubDate></item>"""
ITEMS = [(16, 11, "Nov", 88, "Laaja hyvinvointikertomus 2021–2025"), (16, 11, "Nov", 89, "Työhyvinvointiohjelma"),
         (12, 10, "Oct", 70, "Lasten ja nuorten hyvinvointisuunnitelma")]


def feed(items) -> bytes:
    """A Dynasty RSS feed of meeting items, newest first."""
    body = "".join(ITEM.format(day=d, month=m, mon=mon, section=s, title=t) for d, m, mon, s, t in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Kajaanin kaupunki: '
            f'pöytäkirjat</title>{body}</channel></rss>').encode()


def read(data: bytes, url: str, org: str, content_type: str) -> list[dict]:
    """The fixture's items as proposals (what harvest.propose_data makes of a Dynasty feed)."""
    out = []
    for item in ET.fromstring(data).iter("item"):
        title = item.findtext("title")
        section = title.split("§ ")[1].split(" ")[0]
        day, month = title.split(" ")[1].split(".")[:2]
        kind = {"Laaja": "welfare_report_and_plan", "Lasten": "child_youth_welfare_plan"}.get(
            title.split(" ", 4)[4].split(" ")[0])
        out.append(proposal(source=url, sha256=hashlib.sha256(data).hexdigest(), url=item.findtext("link"),
                            org=org, kind=kind, date=f"2026-{int(month):02d}-{int(day):02d}", section=section,
                            title=title, case_number=None, body_tier="council"))
    return out


@dataclasses.dataclass
class Fetched:
    data: bytes
    content_type: str
    url: str


def fetch(url: str) -> Fetched:
    """A fetcher of the contract's shape (the CLI's is harvest's polite one), to 127.0.0.1 only."""
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url, timeout=10) as answer:
        return Fetched(answer.read(), answer.headers.get("Content-Type", ""), url)


def test_a_feed_polled_nightly_proposes_only_its_new_items(ws, queued, capsys):
    from velvoite.commands.harvest_into import harvest_feed
    from velvoite.web.state import state
    from velvoite.web.workspace.models import ArchivedCopy, FeedMark, Proposal

    served = {"feed": feed(ITEMS)}

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "application/rss+xml; charset=utf-8")])
        return [served["feed"]]

    registry = state().registry
    with serving(app) as port:
        url = f"http://127.0.0.1:{port}/dynasty/rss.xml"
        first = harvest_feed(str(ws), url, "Kajaani", registry, fetch, read)
        assert first == {"queued": 2, "skipped": 0, "not_evidence": 1, "archived": 1}
        assert "3 of 3 items new" in capsys.readouterr().err
        mark = FeedMark.objects.get(org="kunta-205", url=url)
        assert mark.last_seen == "https://kajaani.oncloudos.com/kokous/20261116-88.HTM"
        assert bytes(ArchivedCopy.objects.get().content) == served["feed"]
        again = harvest_feed(str(ws), url, "Kajaani", registry, fetch, read)
        assert again == {"queued": 0, "skipped": 0, "not_evidence": 0, "archived": 0}
        assert "0 of 3 items new" in capsys.readouterr().err
        served["feed"] = feed([(30, 11, "Nov", 95, "Laaja hyvinvointikertomus, täydennys"), *ITEMS])
        third = harvest_feed(str(ws), url, "Kajaani", registry, fetch, read)
        assert third["queued"] == 1 and "1 of 4 items new" in capsys.readouterr().err
    assert sorted(Proposal.objects.values_list("section", flat=True)) == ["70", "88", "95"]
    assert set(Proposal.objects.values_list("org", flat=True)) == {"kunta-205"}
    assert FeedMark.objects.get(org="kunta-205", url=url).last_seen.endswith("20261130-95.HTM")


def test_a_feed_needs_a_workspace_and_an_organisation(ws):
    from velvoite.commands.common import UserError
    from velvoite.commands.harvest_into import harvest_feed
    from velvoite.errors import ReferenceError_
    from velvoite.web.state import state

    for folder, org, word in ((None, "Kajaani", "--into"), (str(ws), None, "--org")):
        with pytest.raises(UserError) as caught:
            harvest_feed(folder, "http://127.0.0.1:9/rss", org, state().registry, fetch, read)
        assert word in caught.value.format_message()
    with pytest.raises(ReferenceError_, match="Kajaani"):  # one line, with the nearest name
        harvest_feed(str(ws), "http://127.0.0.1:9/rss", "Kajaanii", state().registry, fetch, read)


def test_proposals_read_from_files_are_queued_with_their_archived_copies(ws, queued, tmp_path, capsys):
    from velvoite.commands.harvest_into import queue_into
    from velvoite.web.state import state
    from velvoite.web.workspace.models import ArchivedCopy

    page = tmp_path / "pk_16112026.html"
    page.write_bytes("<p>Kaupunginvaltuusto 16.11.2026 § 123 ... Päätös: Hyväksyttiin.</p>".encode())
    sha = hashlib.sha256(page.read_bytes()).hexdigest()
    items = [proposal(source=str(page), sha256=sha), proposal(source=str(page), sha256=sha, kind=None, section="2",
                                                              case_number=None)]
    assert queue_into(str(ws), items, state().registry)["queued"] == 1
    said = capsys.readouterr().err
    assert "1 proposals queued for review, 0 already queued (skipped), 1 not evidence" in said
    copy = ArchivedCopy.objects.get(sha256=sha)
    assert (bytes(copy.content), copy.content_type) == (page.read_bytes(), "text/html")
    assert queue_into(str(ws), items, state().registry)["skipped"] == 1


DYNASTY = """<item><title>Kaupunginvaltuusto {date} § {section}: {title}</title>
<link>https://kajaani.example/dynasty/kokous/{section}.HTM</link>
<description>{text}</description><pubDate>Mon, 30 Nov 2026 12:00:00 +0200</pubDate></item>"""


def dynasty(items) -> bytes:
    """A Dynasty RSS feed of meeting items in its own shape (velvoite/harvest/readers/feed.py)."""
    body = "".join(DYNASTY.format(date=d, section=s, title=t, text=x) for d, s, t, x in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Kajaanin kaupunki - '
            f'Kaupunginvaltuusto</title>{body}</channel></rss>').encode()


REPORT = ("16.11.2026", "88", "Laaja hyvinvointikertomus 2021–2025 ja hyvinvointisuunnitelma 2026–2029",
          "Kaupunginhallitus esittää valtuustolle laajan hyvinvointikertomuksen hyväksymistä. Päätös: Hyväksyttiin.")
PERSONNEL = ("16.11.2026", "89", "Henkilöstön työhyvinvointiohjelma", "Päätös: Merkittiin tiedoksi.")
LATER = ("30.11.2026", "95", "Lasten ja nuorten hyvinvointisuunnitelma 2026–2029",
         "Päätös: Valtuusto hyväksyi lasten ja nuorten hyvinvointisuunnitelman.")


def test_velvoite_harvest_feed_into_a_workspace(ws, queued):
    """The command as cron runs it: the feed on 127.0.0.1 through the polite fetcher (its robots.txt
    answered 404), read by the harvest readers; a second run with nothing new proposes nothing."""
    from tests.web_helpers import cli
    from velvoite.web.workspace.models import FeedMark, Proposal

    served = {"feed": dynasty([REPORT, PERSONNEL])}

    def app(environ, start_response):
        if environ["PATH_INFO"] == "/robots.txt":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"no robots.txt"]
        start_response("200 OK", [("Content-Type", "application/rss+xml; charset=utf-8")])
        return [served["feed"]]

    with serving(app) as port:
        url = f"http://127.0.0.1:{port}/cgi/DREQUEST.PHP?page=rss/meetingitems"
        first = cli("harvest", "--org", "Kajaani", "--feed", url, "--into", str(ws))
        assert first.exit_code == 0, first.output
        assert "2 of 2 items new" in first.stderr
        queued_first = Proposal.objects.count()
        assert queued_first >= 1 and f"{queued_first} proposals queued" in first.stderr
        assert FeedMark.objects.get(org="kunta-205", url=url).last_seen.endswith("/88.HTM")
        again = cli("harvest", "--org", "Kajaani", "--feed", url, "--into", str(ws))
        assert again.exit_code == 0 and "0 of 2 items new" in again.stderr and Proposal.objects.count() == queued_first
        served["feed"] = dynasty([LATER, REPORT, PERSONNEL])
        third = cli("harvest", "--org", "Kajaani", "--feed", url, "--into", str(ws))
        assert third.exit_code == 0 and "1 of 3 items new" in third.stderr, third.output
    assert FeedMark.objects.get(org="kunta-205", url=url).last_seen.endswith("/95.HTM")
    assert Proposal.objects.filter(section="95").count() == Proposal.objects.count() - queued_first
    assert all(p.copy is not None and p.org == "kunta-205" for p in Proposal.objects.all())
    without = cli("harvest", "--org", "Kajaani", "--feed", url)
    assert without.exit_code == 2 and "--into WORKSPACE" in without.stderr


def test_velvoite_harvest_files_into_a_workspace(ws, queued, tmp_path):
    from tests.web_helpers import cli
    from velvoite.web.workspace.models import ArchivedCopy, Proposal

    feed_file = tmp_path / "kajaani.rss"
    feed_file.write_bytes(dynasty([REPORT, LATER]))
    first = cli("harvest", str(feed_file), "--org", "Kajaani", "--into", str(ws), "--format", "json",
                "-o", str(tmp_path / "out.json"))
    assert first.exit_code == 0, first.output
    n = Proposal.objects.count()
    assert n >= 1 and f"{n} proposals queued for review, 0 already queued" in first.stderr
    assert bytes(ArchivedCopy.objects.get().content) == feed_file.read_bytes()
    again = cli("harvest", str(feed_file), "--org", "Kajaani", "--into", str(ws))
    assert again.exit_code == 0 and f"0 proposals queued for review, {n} already queued (skipped)" in again.stderr
    assert cli("harvest", "--org", "Kajaani").exit_code == 2  # neither minutes nor a feed
