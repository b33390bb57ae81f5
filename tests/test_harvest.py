"""velvoite harvest (issue 30): each reader's exact reading of a small page, the command's JSON
against the published schema, malformed sources as one located line with exit status 2, hostile
text escaped in the table, and the polite fetcher against a local server."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from velvoite.cli import main
from velvoite.harvest import Proposal, propose
from velvoite.harvest.fetch import USER_AGENT, PoliteFetcher
from velvoite.harvest.schema import harvest_schema

DATA = Path(__file__).parent / "data" / "harvest"
BAD = Path(__file__).parent / "data" / "harvest_invalid"
SCHEMA = Path(__file__).parent.parent / "docs" / "schemas" / "harvest.schema.json"


def one(name: str) -> Proposal:
    [found] = propose([DATA / name])
    return found


def test_dynasty_reads_this_handling_not_the_earlier_one():
    p = one("dynasty_jamsa_kv_hyvinvointikertomus.html")
    assert (p.org, p.date, p.body, p.body_tier, p.section, p.decision, p.kind) == (
        "kunta-182", dt.date(2023, 6, 12), "Kaupunginvaltuusto", "council", "45", "approved", "welfare_report_and_plan")
    assert p.case_number == "1523/00.04.01/2023" and p.reference == "Kaupunginvaltuusto 12.6.2023 § 45"


def test_dynasty_board_proposal_to_the_council_is_proposed():
    assert one("dynasty_jamsa_kh_proposal.html").decision == "proposed"


def test_personnel_cooperation_negotiations_are_no_evidence():
    p = one("dynasty_luhva_personnel_negotiations.html")
    assert p.kind is None and p.org == "hva-03" and p.score == 0


def test_cloudnc_case_number_and_site():
    p = one("cloudnc_kajaani_ikaantyneet_kv.html")
    assert (p.case_number, p.org, p.section, p.date) == ("KAJDno-2022-1580", "kunta-205", "17", dt.date(2023, 3, 6))


def test_ahjo_first_decision_is_this_handlings():
    p = one("ahjo_kvsto_hyvinvointisuunnitelma.html")
    assert (p.case_number, p.decision, p.body_tier, p.date) == ("HEL 2022-011138", "approved", "council",
                                                                 dt.date(2022, 11, 16))


def test_tweb_page_of_items_in_iso_8859_1():
    found = propose([DATA / "tweb_keminmaa_kvalt_2023_5.html"])
    assert [p.section for p in found] == ["40", "41", "42", "43", "44", "45", "46"]
    assert {p.date for p in found} == {dt.date(2023, 6, 12)}
    assert found[3].title.startswith("Laaja hyvinvointikertomus")


def test_feed_dates_are_the_meetings_not_the_publishing_dates():
    found = {p.section: p for p in propose([DATA / "dynasty_kajaani_meetingitems.rss"])}
    assert found["98"].date == dt.date(2023, 12, 11) and found["98"].url.endswith("id=2023345-98")


def test_pdf_text_layer():
    found = propose([DATA / "pdf_laukaa_sivltk_2023_7.pdf"])
    assert [(p.section, p.kind) for p in found] == [("50", "student_welfare_plan"), ("51", None),
                                                   ("52", "responsible_party_designation")]


def test_org_given_wins():
    assert one("plain_kuopio_yhteistyoneuvottelu.txt").org == "kunta-297"
    [p] = propose([DATA / "plain_kuopio_yhteistyoneuvottelu.txt"], org="Siilinjärvi")
    assert p.org == "kunta-749"


def test_published_schema_is_current_and_validates_the_output():
    assert json.loads(SCHEMA.read_text("utf-8")) == harvest_schema()
    assert json.loads(CliRunner().invoke(main, ["schema", "harvest"]).output) == harvest_schema()
    result = CliRunner().invoke(main, ["harvest", str(DATA), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["schema_version", "velvoite", "proposals"] and len(data["proposals"]) == 43
    jsonschema.validate(data, json.loads(SCHEMA.read_text("utf-8")))


@pytest.mark.parametrize("name, says", [
    ("broken.pdf", "not a readable PDF"),
    ("bad_feed.rss", "not a readable RSS or Atom feed"),
    ("entity_bomb.rss", "not a readable RSS or Atom feed"),
    ("not_minutes.html", "no minutes item found"),
])
def test_malformed_sources_are_one_located_line(name, says):
    result = CliRunner().invoke(main, ["harvest", str(BAD / name), "--lang", "en"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(BAD / name) in lines[0] and says in lines[0]


def test_table_escapes_text_from_the_minutes(tmp_path):
    page = tmp_path / "hostile.txt"
    page.write_text("Kunnanvaltuusto 1.2.2024 § 3\nHyvinvointikertomus \x1b[31mpunainen\x1b]0;x\x07\nPäätös:\nHyväksyttiin.\n",
                    "utf-8")
    result = CliRunner().invoke(main, ["harvest", str(page), "--org", "Jyväskylä"])
    assert result.exit_code == 0 and "\x1b" not in result.output and "\x07" not in result.output


class _Site(BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []

    def do_GET(self):
        self.seen.append((self.path, self.headers.get("User-Agent")))
        if self.path == "/away.html":
            self.send_response(302)
            self.send_header("Location", "http://elsewhere.example/item.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/robots.txt":
            body, kind = b"User-agent: *\nDisallow: /private/\n", "text/plain"
        else:
            body, kind = (DATA / "dynasty_jamsa_kh_proposal.html").read_bytes(), "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_fetching_is_polite_and_honours_robots_txt():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    slept: list[float] = []
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        fetcher = PoliteFetcher(clock=lambda: 0.0, sleep=slept.append)
        [p] = propose([base + "/item.html"], fetcher=fetcher)
        assert p.decision == "proposed" and p.source == base + "/item.html"
        with pytest.raises(Exception, match="robots.txt"):
            propose([base + "/private/item.html"], fetcher=fetcher)
        with pytest.raises(Exception, match="redirects elsewhere"):
            propose([base + "/away.html"], fetcher=fetcher)
    finally:
        server.shutdown()
    assert [path for path, _ua in _Site.seen] == ["/robots.txt", "/item.html", "/away.html"]
    assert {ua for _p, ua in _Site.seen} == {USER_AGENT} and slept == [1.0, 1.0]


def test_cloudnc_presenter_between_proposal_heading_and_text():
    """CloudNC writes "Päätösehdotus / Esittelijä / name / text": the text is still the proposal's,
    and a board's acceptance of its proposal to the council is "proposed"."""
    from velvoite.harvest import propose_data

    page = ("<html><body><h1>Kunnanhallitus, kokous 2.3.2020</h1><p>Pöytäkirja on tarkastettu</p>"
            "<h2>§ 30 Hyvinvoinnin vuosiraportti 2019</h2><p>HMKDno-2020-62</p><h3>Päätösehdotus</h3>"
            "<h3>Esittelijä</h3><p>Antero Alenius, kunnanjohtaja</p>"
            "<p>Hallitus esittää vuosiraportin valtuuston käsiteltäväksi ja hyväksyttäväksi.</p>"
            "<h3>Päätös</h3><p>Hyväksyttiin.</p></body></html>").encode()
    [board] = propose_data(page, "kh.html", url="https://hameenkyro.cloudnc.fi/fi-FI/x")
    assert (board.org, board.kind, board.body_tier, board.decision) == (
        "kunta-108", "annual_welfare_report", "board", "proposed")
    council = page.replace(b"Kunnanhallitus, kokous 2.3.2020", b"Kunnanvaltuusto, kokous 9.3.2020")
    [p] = propose_data(council, "kv.html", url="https://hameenkyro.cloudnc.fi/fi-FI/x")
    assert (p.body_tier, p.decision, p.date) == ("council", "approved", dt.date(2020, 3, 9))


def test_a_date_quoted_in_an_ahjo_title_is_not_the_meetings():
    from velvoite.harvest import propose_data

    page = ("<html><body><h1>Hallintosääntö</h1><p>HEL 2023-006920</p><p>Ärende 7. / 424 §</p>"
            "<h2>V 16.8.2023, Hallintosäännön muuttaminen</h2><p>Helsingfors stadsstyrelse</p><h3>Päätös</h3>"
            "<p>Kaupunginhallitus esitti kaupunginvaltuustolle seuraavaa: Kaupunginvaltuusto hyväksyy "
            "hallintosäännön.</p></body></html>").encode()
    [p] = propose_data(page, "ahjo.html", url="https://paatokset.hel.fi/sv/arende/hel-2023-006920")
    assert (p.date, p.section, p.decision, p.kind) == (None, "424", "proposed", None)
    assert "the meeting's date was not found" in p.reasons


def test_a_rejection_is_other_and_a_follow_up_is_the_annual_report():
    from velvoite.harvest import propose_data

    page = ("<html><body><h1>Kaupunginvaltuusto, kokous 22.5.2023</h1>"
            "<h2>§ 55 Hyvän elämän ohjelman, hyvinvointikertomuksen ja hyvinvoinnin tilan seuranta 2022</h2>"
            "<h3>Päätös</h3><p>Kaupunginvaltuusto hylkäsi ponnen ja merkitsi seurannan tiedoksi.</p>"
            "</body></html>").encode()
    [p] = propose_data(page, "kv.html", url="https://mikkeli.cloudnc.fi/fi-FI/x")
    assert (p.org, p.kind, p.decision) == ("kunta-491", "annual_welfare_report", "noted")
    [p] = propose_data(page.replace(b" ja merkitsi seurannan tiedoksi", b""), "kv.html",
                       url="https://mikkeli.cloudnc.fi/fi-FI/x")
    assert p.decision == "other"


def test_reasons_and_the_table_speak_the_run_language():
    result = CliRunner().invoke(main, ["harvest", str(DATA / "ahjo_kuva_lausunto.html"), "--lang", "sv",
                                       "--format", "json"])
    assert result.exit_code == 0
    assert "rubriken nämner ingen typ av anteckning" in json.loads(result.output)["proposals"][0]["reasons"]
    result = CliRunner().invoke(main, ["harvest", str(DATA / "ahjo_kuva_lausunto.html"), "--lang", "fi"])
    assert result.output.splitlines()[-1] == "1 ehdotus; mitään ei kirjata ennen kuin ihminen hyväksyy sen"


PIECES = ["<p>", "</p>", "<div>", "§ 12", "12 §", "Päätös", "Päätös:", "Beslut", "Ehdotus:", "Kunnanvaltuusto",
          "12.6.2023", "31.2.2023", "<rss>", "<?xml version='1.0'?>", "<feed xmlns='http://www.w3.org/2005/Atom'>",
          "%PDF-", "Hyvinvointikertomus", "Asia 1. / 5 §", "Dynasty", "Pöytäkirja 01.01.2020/Pykälä 9", "<a href='x'>",
          "Kaupunginhallitus, kokous 1.1.2020", "Kokousaika", ":", "HEL 2020-000001", "\x1b[31m", "\u202e"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=30), st.sampled_from([" \n", "", "\n"]))
def test_any_document_is_proposals_or_a_located_refusal(pieces, joiner):
    """Whatever a source holds, the reading gives proposals or an InputError naming it, never a crash."""
    from velvoite.errors import InputError
    from velvoite.harvest import propose_data

    try:
        found = propose_data(joiner.join(pieces).encode("utf-8", "surrogatepass"), "fuzz.html")
    except InputError as exc:
        assert exc.path == "fuzz.html"
    else:
        assert all(p.decision in (None, "approved", "noted", "tabled", "returned", "proposed", "statement", "other")
                   for p in found)


def test_the_table_names_kinds_bodies_decisions_and_organisations_in_words():
    """Issue 25 for the harvest table: no kind id, body tier id, decision id or ISO date in fi/sv."""
    from click.testing import CliRunner

    from velvoite.cli import main

    page = str(DATA / "cloudnc_kristinestad_sv_strategi.html")
    sv = CliRunner().invoke(main, ["harvest", page, "--lang", "sv"])
    assert sv.exit_code == 0, sv.output
    row = sv.stdout.splitlines()[1]
    assert "18.12.2023" in row and "Kristinestad" in row and "fullmäktige" in row and "godkänd" in row
    assert not any(word in row for word in ("council", "approved", "2023-12-18", "Kristiinankaupunki"))
    fi = CliRunner().invoke(main, ["harvest", page, "--lang", "fi"]).stdout.splitlines()[1]
    assert "Kristiinankaupunki" in fi and "valtuusto" in fi and "hyväksytty" in fi and "approved" not in fi


def test_reasons_name_kinds_decisions_and_bodies_in_words():
    """A reviewer reads the reasons on the review page: words, the kind's id only beside its name."""
    from velvoite.harvest import propose_data
    from velvoite.i18n import speaking

    with speaking("sv"):
        [p] = propose_data((DATA / "cloudnc_kristinestad_sv_strategi.html").read_bytes(), "k.html")
    said = " | ".join(p.reasons)
    assert "godkännande av strategin (strategy_approval)" in said and ": godkänd" in said and ": fullmäktige" in said
    assert ": approved" not in said and ": council" not in said
