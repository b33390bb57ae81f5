"""The law-change watch (issue 32): ``velvoite law check`` and ``velvoite law pin`` against
consolidated acts in Finlex's Akoma Ntoso shape (tests/data/law/, made by its make_law.py): the
built-in packs hold on the current texts of their acts and are pinned; 613/2021 as enacted, amended,
with an amendment to come, repealed and without a cited subsection is reported exactly; the online
path against a server on 127.0.0.1 (a 429 first); malformed files and locks are named."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from velvoite.cli import main
from velvoite.law.akn import read_folder
from velvoite.law.check import cited_acts
from velvoite.law.lock import NAME, Pin, act_order, lock_text, read_lock
from velvoite.law.quote import fragments, unfound
from velvoite.rules.pack import builtin_pack_dirs, load_pack

LAW = Path(__file__).parent / "data" / "law"
SCHEMA = Path(__file__).parent.parent / "docs" / "schemas" / "law.schema.json"
AS_OF = "2026-12-07"


def run(*args, code: int | None = None):
    result = CliRunner().invoke(main, list(args))
    if code is not None:
        assert result.exit_code == code, result.output
    return result


def law_json(*options, rules=(), code: int = 0) -> dict:
    pre = [x for pack in rules for x in ("--rules", str(pack))]
    result = run(*pre, "law", "check", "--as-of", AS_OF, "--format", "json", *options, code=code)
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(SCHEMA.read_text("utf-8")))
    return data


def test_the_builtin_packs_hold_on_the_current_texts_of_their_acts():
    """Every act the packs cite is read, and nothing needs a look: the quotes of an earlier wording
    (417/2007 § 12(1) as enacted) and citations that ended (1326/2010 § 12, repealed by 581/2022
    from 2023) are not alarms, and the Swedish text's other subsection division (610/2022 § 12) is
    checked section-wide."""
    data = law_json("--source", str(LAW / "current"))
    rules = {k: r for folder in builtin_pack_dirs() for k, r in load_pack(folder).items()}
    assert data["changes"] == [] and data["not_checked"] == []
    assert data["checked"] == sorted(cited_acts(rules), key=act_order)
    assert list(data)[:3] == ["schema_version", "velvoite", "as_of"]


def test_the_builtin_packs_are_pinned_to_those_texts():
    """Each pack that cites an act has its lock, pinning every act it cites at the version read."""
    docs = read_folder(str(LAW / "current"))
    for folder in builtin_pack_dirs():
        cited = cited_acts(load_pack(folder))
        lock = folder / NAME
        if not cited:
            assert not lock.exists(), folder.name
            continue
        pins = read_lock(lock, cited)
        expected = {a: Pin(a, docs[(a, "fi")].version, docs[(a, "fi")].consolidated) for a in cited}
        assert pins == expected, folder.name
        assert lock.read_text("utf-8") == lock_text(expected)


def _rescue(change: dict) -> tuple:
    return (change["act"], change["section"], change["subsection"], change["status"], change["amended_by"],
            change["in_force"], change["rules"])


DECISION, PROCEDURE = ["rescue-service-level-decision"], ["rescue-service-level-procedure"]


@pytest.mark.parametrize("folder,as_of,code,expected", [
    ("enacted", AS_OF, 0, []),
    ("amended", AS_OF, 1, [("613/2021", "6", "1", "changed", ["123/2026"], "2026-06-01", DECISION),
                           ("613/2021", "6", "3", "amended", ["123/2026"], "2026-06-01", PROCEDURE)]),
    ("pending", AS_OF, 1, [("613/2021", "6", "1", "pending", ["456/2027"], "2027-01-01", DECISION)]),
    # once the amendment is in force, its words are the law: the quote no longer holds
    ("pending", "2027-01-01", 1, [("613/2021", "6", "1", "changed", ["456/2027"], "2027-01-01", DECISION)]),
    ("repealed", AS_OF, 1, [("613/2021", "6", "1", "repealed", ["789/2026"], "2026-07-01", DECISION),
                            ("613/2021", "6", "3", "repealed", ["789/2026"], "2026-07-01", PROCEDURE)]),
    ("repealed", "2026-06-01", 1, [("613/2021", "6", "1", "pending", ["789/2026"], "2026-07-01", DECISION),
                                   ("613/2021", "6", "3", "pending", ["789/2026"], "2026-07-01", PROCEDURE)]),
    ("missing", AS_OF, 1, [("613/2021", "6", "3", "missing", [], None, PROCEDURE)]),
])
def test_the_rescue_act_in_each_state_is_reported_exactly(folder, as_of, code, expected):
    result = run("--pack", "pelastus", "law", "check", "--source", str(LAW / folder), "--as-of", as_of,
                 "--format", "json", code=code)
    data = json.loads(result.stdout)
    assert [_rescue(c) for c in data["changes"]] == expected
    assert data["checked"] == ["613/2021"] and data["not_checked"] == ["615/2021", "616/2021"]
    assert data["as_of"] == as_of


def test_a_changed_quote_says_which_words_in_which_language(tmp_path):
    """Only the Swedish words changed: the finding names the Swedish text and the fragment."""
    for path in (LAW / "enacted").iterdir():
        text = path.read_text("utf-8")
        if path.name.endswith(".swe.xml"):
            text = text.replace("räddningsväsendets servicenivå", "servicenivån i räddningsväsendet", 1)
        (tmp_path / path.name).write_text(text, "utf-8")
    data = law_json("--source", str(tmp_path), "--pack", "pelastus", code=1)
    (change,) = data["changes"]
    assert (change["section"], change["subsection"], change["status"]) == ("6", "1", "changed")
    assert "Swedish" in change["detail"] and "räddningsväsendets servicenivå" in change["detail"]
    assert "Finnish" not in change["detail"]


def test_the_table_speaks_the_users_language():
    fi = run("--pack", "pelastus", "law", "check", "--source", str(LAW / "amended"), "--as-of", AS_OF, "--lang", "fi",
             code=1).stdout
    assert "muuttunut" in fi and "613/2021 6 § 1 mom." in fi and "1.6.2026" in fi and "2026-06-01" not in fi
    sv = run("--pack", "pelastus", "law", "check", "--source", str(LAW / "enacted"), "--as-of", AS_OF, "--lang", "sv",
             code=0).stdout
    assert "7.12.2026" in sv


def _pack_copy(tmp_path: Path) -> Path:
    """The rescue pack under an id of its own, without a lock, so pin writes there."""
    pack = tmp_path / "rescue"
    shutil.copytree(LAW.parent.parent.parent / "velvoite" / "rules" / "pelastus", pack)
    (pack / NAME).unlink()
    manifest = pack / "pack.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("id: pelastus", "id: rescue-copy", 1), "utf-8")
    return pack


def test_pin_refuses_while_a_quote_is_changed_then_pins_what_was_checked(tmp_path):
    pack = _pack_copy(tmp_path)
    unpinned = law_json("--source", str(LAW / "amended"), "--pack", "rescue-copy", rules=[pack], code=1)
    assert "pins no version" in unpinned["changes"][1]["detail"]
    base = ["--rules", str(pack), "--pack", "rescue-copy", "law", "pin", "--as-of", AS_OF]
    refused = run(*base, "--source", str(LAW / "amended"), code=1)
    assert "613/2021 6 1" in refused.stderr and "not pinned" in refused.stderr
    assert not (pack / NAME).exists()
    run(*base, "--source", str(LAW / "enacted"), code=0)
    assert read_lock(pack / NAME) == {"613/2021": Pin("613/2021", "20210613", read_folder(str(LAW / "enacted"))[
        ("613/2021", "fi")].consolidated)}
    # pinned to the text as enacted: the amendment of 6(3) is after the pin (amended), 6(1) changed
    data = law_json("--source", str(LAW / "amended"), "--pack", "rescue-copy", rules=[pack], code=1)
    assert [(c["subsection"], c["status"]) for c in data["changes"]] == [("1", "changed"), ("3", "amended")]
    # pinned to the amended text, the amendment is no news: only the changed quote remains
    (pack / NAME).write_text(lock_text({"613/2021": Pin("613/2021", "20260123", None)}), "utf-8")
    data = law_json("--source", str(LAW / "amended"), "--pack", "rescue-copy", rules=[pack], code=1)
    assert [(c["subsection"], c["status"]) for c in data["changes"]] == [("1", "changed")]


@pytest.mark.parametrize("name,where,words", [
    ("not_akoma_ntoso.xml", "not_akoma_ntoso.xml:", "not an Akoma Ntoso document"),
    ("not_xml.xml", "not_xml.xml:1:", "not XML"),
    ("entities.xml", "entities.xml:", "declares a DTD or entities"),
    ("as_enacted.xml", "as_enacted.xml:9: FRBRExpression/FRBRuri:", "not a consolidated text"),
    ("bad_version.xml", "bad_version.xml:11: FRBRversionNumber:", "not a version"),
    ("bad_in_force.xml", "bad_in_force.xml:16: finlex:isInForce:", "neither true nor false"),
    ("empty.xml", "empty.xml:", "empty"),
])
def test_a_file_that_is_not_a_consolidated_act_is_named(tmp_path, name, where, words):
    shutil.copy(LAW / "invalid" / name, tmp_path / name)
    result = run("--pack", "pelastus", "law", "check", "--source", str(tmp_path), "--as-of", AS_OF, code=2)
    assert where in result.stderr and words in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_same_act_twice_in_a_folder_is_named(tmp_path):
    shutil.copy(LAW / "enacted" / "2021-613.fin.xml", tmp_path / "a.xml")
    shutil.copy(LAW / "amended" / "2021-613.fin.xml", tmp_path / "b.xml")
    result = run("--pack", "pelastus", "law", "check", "--source", str(tmp_path), code=2)
    assert "b.xml: FRBRuri: 613/2021 (fi) is also in" in result.stderr and "a.xml" in result.stderr


@pytest.mark.parametrize("name,where,words", [
    ("unknown_field.toml", ":6: act.0.versio:", "did you mean 'version'"),
    ("bad_version.toml", ":3: act.0.version:", "not a version"),
    ("act_not_cited.toml", ":7: act.1.act:", "do not cite 614/2021 (did you mean"),
    ("pinned_twice.toml", ":7: act.1.act:", "pinned twice"),
    ("field_missing.toml", ":1: act.0.consolidated:", "required field is missing"),
    ("not_toml.toml", ":1:", "not TOML"),
    ("bad_date.toml", ":4: act.0.consolidated:", "expected a date"),
])
def test_a_bad_lock_is_named_with_its_line_and_field(tmp_path, name, where, words):
    pack = _pack_copy(tmp_path)
    shutil.copy(LAW / "invalid_locks" / name, pack / NAME)
    result = run("--rules", str(pack), "--pack", "rescue-copy", "law", "check", "--source", str(LAW / "enacted"),
                 code=2)
    assert f"{pack / NAME}{where}" in result.stderr and words in result.stderr, result.stderr


def test_source_or_online_is_required():
    assert "--source FOLDER or --online" in run("law", "check", code=2).output
    assert "--online" in run("law", "check", "--source", str(LAW / "enacted"), "--save", "x", code=2).output


def test_quotes_are_found_in_order_across_soft_hyphens_and_spacing():
    assert fragments("[…] Aluevaltuusto  päättää […]. […]") == ["Aluevaltuusto päättää"]
    assert unfound("a […] b", "b a") == ["b"]
    assert unfound("a […] b", "a\u00a0x b") == []
    assert unfound("palvelu­tasosta", "palvelutasosta") == []  # a soft hyphen in the quote


def test_the_schema_is_published():
    assert json.loads(run("schema", "law", code=0).stdout) == json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA.read_text("utf-8")))


def _finlex_app(log: list, refuse_first: bool = True, broken: str | None = None):
    """A WSGI app answering as Finlex's open-data API from tests/data/law/current (616/2021: none)."""
    state = {"refused": not refuse_first}

    def app(environ, start_response):
        path, agent = environ["PATH_INFO"], environ.get("HTTP_USER_AGENT", "")
        log.append((time.monotonic(), path, agent))
        if not state["refused"]:
            state["refused"] = True
            start_response("429 Too Many Requests", [("Retry-After", "1"), ("Content-Type", "text/plain")])
            return [b"slow down"]
        parts = path.split("/")  # /akn/fi/act/statute-consolidated/2021/613/fin@latest
        year, number, lang = parts[-3], parts[-2], parts[-1].split("@")[0]
        file = LAW / "current" / f"{year}-{number}.{lang}.xml"
        if path == broken:
            start_response("200 OK", [("Content-Type", "application/xml")])
            return [b"<html>maintenance</html>"]
        if number == "616" or not file.exists():
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        start_response("200 OK", [("Content-Type", "application/xml")])
        return [file.read_bytes()]

    return app


def test_online_fetches_politely_retries_a_429_caches_and_saves(tmp_path, monkeypatch):
    from tests.servers import serving
    from velvoite.commands import finlex

    assert finlex.INTERVAL == 1.0 and "velvoite" in finlex.USER_AGENT
    monkeypatch.setattr(finlex, "INTERVAL", 0.3)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    log: list = []
    with serving(_finlex_app(log)) as port:
        api = f"http://127.0.0.1:{port}/v1"
        saved = tmp_path / "saved"
        data = law_json("--online", "--api", api, "--save", str(saved), "--pack", "pelastus")
        assert data["checked"] == ["613/2021", "615/2021"] and data["not_checked"] == ["616/2021"]
        assert data["changes"] == []
        paths = [p for _t, p, _a in log]
        assert paths[0] == paths[1] == "/v1/akn/fi/act/statute-consolidated/2021/613/fin@latest"  # 429, then again
        assert log[1][0] - log[0][0] >= 1.0  # as Retry-After said
        assert all(b[0] - a[0] >= 0.25 for a, b in zip(log, log[1:]))
        assert all(agent.startswith("velvoite/") for _t, _p, agent in log)
        assert sorted(p.name for p in saved.iterdir()) == ["2021-613.fin.xml", "2021-613.swe.xml",
                                                             "2021-615.fin.xml", "2021-615.swe.xml"]
        asked = len(log)
        assert law_json("--online", "--api", api, "--pack", "pelastus") == data
        assert len(log) == asked + 2  # from the cache, but 616/2021 (not found) is asked again
    assert law_json("--source", str(saved), "--pack", "pelastus") == data


def test_an_online_answer_that_is_not_an_act_is_named(tmp_path, monkeypatch):
    from tests.servers import serving
    from velvoite.commands import finlex

    monkeypatch.setattr(finlex, "INTERVAL", 0.0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    broken = "/v1/akn/fi/act/statute-consolidated/2021/615/fin@latest"
    with serving(_finlex_app([], refuse_first=False, broken=broken)) as port:
        result = run("--pack", "pelastus", "law", "check", "--online", "--api", f"http://127.0.0.1:{port}/v1", code=2)
    assert f"http://127.0.0.1:{port}{broken}: not an Akoma Ntoso document" in result.stderr


def test_acts_in_the_apis_list_wrapper_are_read(tmp_path):
    """The API's list answers wrap the documents in AknXmlList/Results (fi-eli-mcp's fixture): each is read."""
    inner = [(LAW / "amended" / name).read_text("utf-8").split("?>", 1)[1] for name in
             ("2021-613.fin.xml", "2021-613.swe.xml")]
    (tmp_path / "list.xml").write_text(f"<AknXmlList><Results>{''.join(inner)}</Results></AknXmlList>", "utf-8")
    listed = law_json("--source", str(tmp_path), "--pack", "pelastus", code=1)
    assert listed == law_json("--source", str(LAW / "amended"), "--pack", "pelastus", code=1)


def test_an_amendment_is_placed_by_its_mark_then_by_its_note(tmp_path):
    """A changed quote names the amendment marked on its provision, not an older one whose note names
    the section; an amendment with neither mark nor note could touch anything: every cited provision
    of the act is worth a look."""
    older = ('<finlex:statuteReference><finlex:ref href="/akn/fi/act/statute/2025/99">99/2025</finlex:ref>'
             '<finlex:inForce><finlex:dateEntryIntoForce date="2025-03-01"/></finlex:inForce>{note}'
             '</finlex:statuteReference>')
    for note, expected in (("<finlex:noteEditorial>muutt. 6 §:ää</finlex:noteEditorial>",
                            [("1", "changed", ["123/2026"]), ("3", "amended", ["99/2025", "123/2026"])]),
                           ("<finlex:noteEditorial>muutt. 8 §:ää</finlex:noteEditorial>",
                            [("1", "changed", ["123/2026"]), ("3", "amended", ["123/2026"])])):
        for path in (LAW / "amended").iterdir():
            text = path.read_text("utf-8").replace("<finlex:amendedBy>", "<finlex:amendedBy>" + older.format(note=note))
            (tmp_path / path.name).write_text(text, "utf-8")
        data = law_json("--source", str(tmp_path), "--pack", "pelastus", code=1)
        assert [(c["subsection"], c["status"], c["amended_by"]) for c in data["changes"]] == expected
    for path in (LAW / "enacted").iterdir():  # an amendment to come that the text does not show, without a note
        text = path.read_text("utf-8").replace(
            '<finlex:isInForce value="true"/>', '<finlex:isInForce value="true"/><finlex:amendedBy>'
            + older.format(note="").replace("2025-03-01", "2027-03-01") + "</finlex:amendedBy>")
        (tmp_path / path.name).write_text(text, "utf-8")
    data = law_json("--source", str(tmp_path), "--pack", "pelastus", code=1)
    assert [(c["subsection"], c["status"], c["in_force"]) for c in data["changes"]] == [
        ("1", "pending", "2027-03-01"), ("3", "pending", "2027-03-01")]


def test_a_swedish_text_without_the_cited_provision_is_said_not_reported(tmp_path):
    import re

    shutil.copy(LAW / "enacted" / "2021-613.fin.xml", tmp_path)
    swedish = (LAW / "enacted" / "2021-613.swe.xml").read_text("utf-8")
    (tmp_path / "2021-613.swe.xml").write_text(re.sub(r'<section eId="chp_2__sec_6">.*?</section>', "", swedish,
                                                      flags=re.S), "utf-8")
    out = run("--pack", "pelastus", "law", "check", "--source", str(tmp_path), "--as-of", AS_OF, code=0).stdout
    assert "note: the Swedish text has no 613/2021 s. 6(1): its Swedish quote was not checked" in out
    assert "note: the Swedish text has no 613/2021 s. 6(3): its Swedish quote was not checked" in out
    shutil.copy(LAW / "missing" / "2021-613.fin.xml", tmp_path)
    (tmp_path / "2021-613.swe.xml").unlink()
    out = run("--pack", "pelastus", "law", "check", "--source", str(tmp_path), "--as-of", AS_OF, code=1).stdout
    assert "note: 613/2021: no Swedish text given; its Swedish quotes were not checked" in out


def test_a_retry_after_is_a_number_a_date_or_else_the_backoff():
    from velvoite.commands.finlex import LONGEST_WAIT, _wait

    assert _wait("7", 0) == 7.0 and _wait(None, 2) == 4.0 and _wait("999999", 0) == LONGEST_WAIT
    assert _wait("Wed, 21 Oct 2015 07:28:00 GMT", 1) == 0.0  # a day gone by: no wait
    assert _wait("soon", 1) == 2.0 and _wait("Xyz, 99 Foo 2026 99:99:99 GMT", 0) == 1.0  # not a date: the backoff
