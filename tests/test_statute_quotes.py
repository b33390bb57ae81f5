"""The rules quote the statute's words (DOMAIN § 8): every quoted text, Finnish and Swedish, is
checked against the Finlex open data (extracts in tests/data/statutes/, made by its vendor.py
from eliask/finlex-data at a fixed commit), so a quote can no longer drift. "[…]" marks an
omission: each fragment between omissions must stand verbatim (whitespace normalised) in the
cited subsection of the wording quoted (the act's original, or the amending act in ``version``).
Act titles and the packs' chapters of cited sections are checked against the same extracts."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from velvoite.law.quote import fragments
from velvoite.rules.manifest import load_manifest
from velvoite.rules.pack import builtin_pack_dirs, load_pack

EXTRACTS = Path(__file__).parent / "data" / "statutes"
STATUTE = re.compile(r"^\d+/\d{4}$")
AMENDED_BY = {"1287/2013": "377/2022"}  # sections the act gained later (13 a, 14 a): their chapter is there


@functools.cache
def extract(act: str, lang: str) -> dict:
    number, year = act.split("/")
    out: dict = {"title": None, "chapters": {}, "words": {}}
    for line in (EXTRACTS / f"{year}-{number}.{lang}.txt").read_text("utf-8").splitlines():
        if line.startswith("#"):
            continue
        key, value, *rest = line.split("\t")
        if key == "title":
            out["title"] = value
        elif key == "chapter":
            out["chapters"][value] = int(rest[0])
        else:
            out["words"][(key, value)] = rest[0]
    return out


def _section(label: str) -> str:
    return "liite" if label.startswith("liite") else label.replace("§", "").strip()


def _subsection(label: str | None) -> str | None:
    return label.replace("mom.", "").strip() if label else None


def _count(act: str, section: str, lang: str) -> int:
    return sum(s == section for s, _m in extract(act, lang)["words"])


def problems(act: str, section: str, subsection: str | None, quote: str, lang: str) -> list[str]:
    """The fragments of ``quote`` that are not the words of the cited (sub)section."""
    words = extract(act, lang)["words"]
    sec, sub = _section(section), _subsection(subsection)
    if lang == "sv" and _count(act, sec, "sv") != _count(act, sec, "fi"):
        sub = None  # the Swedish text divides this section into subsections otherwise: the section is checked
    texts = [w for (s, m), w in words.items() if s == sec and (sub is None or m == sub)]
    if not texts:
        return [f"{act} § {sec}({sub}) is not in the extract"]
    found = []
    for fragment in fragments(quote):  # the omissions split as velvoite law check splits them
        if not any(fragment in t for t in texts):
            found.append(fragment)
    return found


def _entries(name: str) -> list:
    """The rule's ``statute`` or ``legal_basis`` entries that cite an act (not the seed's advice)."""
    return [pytest.param(rule, entry, id=f"{rule.id}-{i}") for folder in builtin_pack_dirs()
            for rule in load_pack(folder).values() for i, entry in enumerate(getattr(rule, name))
            if STATUTE.match(entry.act)]


@pytest.mark.parametrize("rule,statute", _entries("statute"))
def test_finnish_quote_is_the_statutes_words(rule, statute):
    assert problems(statute.version or statute.act, statute.section, statute.subsection, statute.text, "fi") == []


@pytest.mark.parametrize("rule,statute", _entries("statute"))
def test_swedish_quote_is_the_statutes_words(rule, statute):
    assert statute.text_sv, "a statute quote gives the Swedish text too (text_sv)"
    assert problems(statute.version or statute.act, statute.section, statute.subsection, statute.text_sv, "sv") == []


@pytest.mark.parametrize("rule,basis", _entries("legal_basis"))
def test_act_title_is_the_statute_books(rule, basis):
    """One title per act, as the Statute Book has it (615/2021 is the Uusimaa act)."""
    assert (basis.title.fi, basis.title.sv) == (extract(basis.act, "fi")["title"], extract(basis.act, "sv")["title"])


@pytest.mark.parametrize("folder", builtin_pack_dirs(), ids=lambda p: p.name)
def test_pack_chapters_are_the_acts(folder):
    citation = load_manifest(folder).citation
    for act, chapters in (citation.chapters if citation else {}).items():
        for section, chapter in chapters.items():
            found = extract(act, "fi")["chapters"].get(section)
            if found is None and act in AMENDED_BY:
                found = extract(AMENDED_BY[act], "fi")["chapters"].get(section)
            assert found == chapter, f"{act} § {section}"


def test_a_drifted_quote_is_caught():
    """The wording the issue found wrong (410/2015 § 37(1) "Kunnalla on … on otettava"), a quote in
    the wrong subsection and an omission hiding a change are all reported."""
    wrong = "Kunnalla on oltava kuntastrategia, jossa valtuusto päättää […]. Kuntastrategiassa on otettava huomioon"
    assert problems("410/2015", "37 §", "1 mom.", wrong, "fi") == [
        "Kunnalla on oltava kuntastrategia, jossa valtuusto päättää", ". Kuntastrategiassa on otettava huomioon"]
    right = "Kunnassa on oltava kuntastrategia, […]. Kuntastrategiassa tulee ottaa huomioon: 1) kunnan asukkaiden"
    assert problems("410/2015", "37 §", "1 mom.", right, "fi") == []
    assert problems("410/2015", "37 §", "3 mom.", right, "fi") != []
    assert problems("612/2021", "6 §", "5 mom.", "Helsingin  kaupunki\nlaatii", "fi") == []


def test_extracts_name_their_source():
    """Each extract says where its words come from: the file in eliask/finlex-data and the commit."""
    for path in sorted(EXTRACTS.glob("*.txt")):
        head = path.read_text("utf-8").splitlines()[:3]
        assert head[1].startswith("# source: https://github.com/eliask/finlex-data/blob/"), path.name
        assert "# commit: 151c941fa96980ea311972be445904660b39ff41 (2025-02-23)" in head[2], path.name


def _rules() -> dict:
    return {rid: rule for folder in builtin_pack_dirs() for rid, rule in load_pack(folder).items()}


def test_past_bases_link_to_the_wording_they_quote():
    """A basis in force only in the past (1326/2010 § 12, repealed by 581/2022; the original 417/2007
    § 12(1) and 980/2012 § 5(1)) links to the original act in the statute book, not today's text."""
    past = [b for r in _rules().values() for b in r.legal_basis
            if b.act in ("1326/2010", "417/2007", "980/2012") and b.valid_until is not None]
    assert len(past) >= 6
    for b in past:
        number, year = b.act.split("/")
        assert b.link("fi") == f"https://finlex.fi/fi/lainsaadanto/saadoskokoelma/{year}/{number}"
        assert b.link("sv") == f"https://finlex.fi/sv/lagstiftning/forfattningssamling/{year}/{number}"
        assert b.link("en") == b.link("fi")
    rules = _rules()
    rescue = [b for b in rules["rescue-service-level-decision"].legal_basis if b.act == "616/2021"]
    assert [b.link("sv") for b in rescue] == ["https://finlex.fi/sv/lagstiftning/2021/616#chp_1__sec_1__subsec_4"] * 2
    helsinki = [f"{b.act} § {b.section}({b.subsection})" for b in rules["hyte-responsible-party"].legal_basis
                if b.to == ["helsinki"]]
    assert helsinki == ["612/2021 § 6(2)"]


def _pack_with_url(tmp_path, url: str) -> Path:
    """A copy of the rescue pack (an id of its own) whose first legal basis gives ``url:``."""
    import shutil

    pack = tmp_path / "rescue"
    shutil.copytree(builtin_pack_dirs()[0].parent / "pelastus", pack)
    manifest = pack / "pack.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("id: pelastus", "id: rescue-copy", 1), "utf-8")
    rule = pack / "rescue-service-level-decision.yaml"
    text = rule.read_text("utf-8")
    rule.write_text(text.replace("    valid_from: 2023-01-01\n", f"    url: {url}\n    valid_from: 2023-01-01\n", 1), "utf-8")
    return pack


@pytest.mark.parametrize("url,field,words", [
    ('{fi: "https://finlex.fi/fi/x", sv: "https://example.org/sv/x"}', "legal_basis.0.url.sv", "https://finlex.fi/"),
    ('"https://example.org/x"', "legal_basis.0.url", "https://finlex.fi/"),
    ('{fi: "https://finlex.fi/fi/x"}', "legal_basis.0", "fi and sv")])
def test_a_link_per_language_is_checked(tmp_path, url, field, words):
    """A basis's own link, one or one per language, starts with a prefix the pack allows; per
    language it gives fi and sv (en is the fi link)."""
    from velvoite.errors import InputError

    with pytest.raises(InputError) as err:
        load_pack(_pack_with_url(tmp_path, url))
    assert str(err.value.field).startswith(field) and words in str(err.value)
    assert load_pack(_pack_with_url(tmp_path / "ok", '{fi: "https://finlex.fi/fi/x", sv: "https://finlex.fi/sv/x"}'))[
        "rescue-service-level-decision"].legal_basis[0].link("en") == "https://finlex.fi/fi/x"


def test_rules_command_quotes_the_statute_in_the_users_language():
    from click.testing import CliRunner

    from velvoite.cli import main

    sv = CliRunner().invoke(main, ["rules", "hyte-welfare-report-cooperation", "--lang", "sv"]).output
    fi = CliRunner().invoke(main, ["rules", "hyte-welfare-report-cooperation", "--lang", "fi"]).output
    assert '"Välfärdsområdet utarbetar välfärdsberättelsen och välfärdsplanen i samarbete med kommunerna' in sv
    assert "https://finlex.fi/sv/lagstiftning/2021/612#chp_1__sec_7__subsec_3" in sv and "Hyvinvointialue laatii" not in sv
    assert '"Hyvinvointialue laatii hyvinvointikertomuksen ja -suunnitelman yhteistyössä alueensa kuntien kanssa."' in fi
