"""Make the consolidated acts that tests/test_law_watch.py checks the rule packs against, in the
shape of Finlex's open data (Akoma Ntoso 3.0, ``/akn/fi/act/statute-consolidated/...``: the FRBR
identification, ``finlex:isInForce``, ``finlex:amendedBy`` with entry into force and editorial
note, eIds ``chp_2__sec_6__subsec_1`` with version marks ``v20260123``), as real files of the API
show it (the test fixtures of matematicsolutions/fi-eli-mcp and Ansvar-Systems/Finnish-law-mcp).

    python tests/data/law/make_law.py

- ``current/``: every act the built-in packs cite, in Finnish and Swedish, reconstructed from the
  statute extracts (tests/data/statutes/, the Finlex open data at a fixed commit): the cited
  sections only, each as it reads since its last amendment that the research notes
  (law/statutes-2026-11.md) record: 417/2007 § 12 as 610/2022 gave it, 980/2012 § 5 as 876/2022,
  1287/2013 §§ 1(4), 13 a and 14 a as 377/2022, 1326/2010 § 12 repealed by 581/2022; amendments
  of other sections are listed in the metadata with their editorial notes, as Finlex lists them.
- ``enacted/``, ``amended/``, ``pending/``, ``repealed/``, ``missing/``: 613/2021 (rescue services)
  as enacted, after an amendment that changes a quoted subsection (and one that keeps another's
  words), with an amendment to come, repealed, and without a cited subsection (invented
  amendments 123/2026, 456/2027, 789/2026).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).parent
EXTRACTS = HERE.parent / "statutes"
LANGS = {"fi": "fin", "sv": "swe"}


def extract(act: str, lang: str) -> tuple[str, dict, dict]:
    """Title, chapters by section, and words by (section, subsection) of an extract."""
    number, year = act.split("/")
    title, chapters, words = "", {}, {}
    for line in (EXTRACTS / f"{year}-{number}.{lang}.txt").read_text("utf-8").splitlines():
        if line.startswith("#"):
            continue
        key, value, *rest = line.split("\t")
        if key == "title":
            title = value
        elif key == "chapter":
            chapters[value] = rest[0]
        else:
            words[(key, value)] = rest[0]
    return title, chapters, words


def version(act: str) -> str:
    number, year = act.split("/")
    return f"{year}{int(number):04d}"


def section_xml(chapter: str | None, section: str, mark: str | None, subsections: list, lang: str,
                repealed_by: str | None = None) -> str:
    """A section with its subsections [(number, mark, words)]; or, repealed, its note alone."""
    num = section.replace(" ", "")
    sid = (f"chp_{chapter}__" if chapter else "") + f"sec_{num}" + (f"v{mark}" if mark else "")
    out = [f'<section eId="{sid}">', f"<num>{escape(section)} §</num>"]
    if repealed_by:
        note = (f"{section} § on kumottu L:lla {repealed_by}." if lang == "fi"
                else f"{section} § har upphävts genom L {repealed_by}.")
        out.append(f'<subsection eId="{sid}__subsec_1"><content><p><i>{escape(note)}</i></p></content></subsection>')
    for number, sub_mark, text in subsections:
        eid = f"{sid}__subsec_{number}" + (f"v{sub_mark}" if sub_mark else "")
        out.append(f'<subsection eId="{eid}"><content><p>{escape(text)}</p></content></subsection>')
    out.append("</section>")
    return "\n".join(out)


def act_xml(act: str, lang: str, title: str, ver: str, consolidated: str, body: list[str], amendments=(),
            in_force: bool = True, end: str | None = None, repealed_by=(), annex: str | None = None) -> str:
    """A consolidated act: amendments and repealed_by are [(act, entry into force, editorial note)]."""
    number, year = act.split("/")
    lang3 = LANGS[lang]

    def references(items) -> str:
        return "".join(
            f'<finlex:statuteReference><finlex:ref href="/akn/fi/act/statute/{a.split("/")[1]}/{a.split("/")[0]}">'
            f'{a}</finlex:ref><finlex:inForce><finlex:dateEntryIntoForce date="{day}"/></finlex:inForce>'
            + (f"<finlex:noteEditorial>{escape(note)}</finlex:noteEditorial>" if note else "")
            + "</finlex:statuteReference>\n" for a, day, note in items)

    life = f'<finlex:inForce><finlex:dateEntryIntoForce date="{year}-01-01"/>' + (
        f'<finlex:dateInForceEnd date="{end}"/>' if end else "") + "</finlex:inForce>"
    attachments = (f'<hcontainer name="attachments"><hcontainer name="attachment"><content><p>{escape(annex)}</p>'
                   f"</content></hcontainer></hcontainer>") if annex else ""
    uri = f"/akn/fi/act/statute-consolidated/{year}/{number}"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0" xmlns:finlex="http://data.finlex.fi/schema/finlex">
<act contains="multipleVersions" name="main">
<meta>
<identification source="#organization_fi.finlex">
<FRBRWork><FRBRthis value="{uri}/!main"/><FRBRuri value="{uri}"/>
<FRBRalias name="eli" value="http://data.finlex.fi/eli/sd/{year}/{number}/ajantasa"/>
<FRBRsubtype value="statute-consolidated"/><FRBRnumber value="{number}"/></FRBRWork>
<FRBRExpression><FRBRthis value="{uri}/{lang3}@{ver}/!main"/><FRBRuri value="{uri}/{lang3}@{ver}"/>
<FRBRalias name="eli" value="http://data.finlex.fi/eli/sd/{year}/{number}/ajantasa/{consolidated}/{lang3}"/>
<FRBRdate date="{consolidated}" name="dateConsolidated"/><FRBRversionNumber value="{ver}"/>
<FRBRlanguage language="{lang3}"/></FRBRExpression>
</identification>
<proprietary source="#organization_fi.finlex">
<finlex:documentYear>{year}</finlex:documentYear>
<finlex:isInForce value="{'true' if in_force else 'false'}"/>
{life}
{f'<finlex:amendedBy>{references(amendments)}</finlex:amendedBy>' if amendments else ''}
{f'<finlex:repealedBy>{references(repealed_by)}</finlex:repealedBy>' if repealed_by else ''}
</proprietary>
</meta>
<preface><p><docNumber>{act}</docNumber><docTitle>{escape(title)}</docTitle></p></preface>
<body>
<hcontainer name={quoteattr("statuteProvisionsWrapper")}>
{chr(10).join(body)}
</hcontainer>
{attachments}
</body>
</act>
</akomaNtoso>
"""


def sections_of(act: str, lang: str, only=None, marks=None, words_from=None) -> tuple[str, list[str]]:
    """The extract's sections as XML; ``words_from``: (amending act, sections) whose words it gave."""
    title, chapters, words = extract(act, lang)
    replaced: dict = {}
    if words_from:
        amending, secs = words_from
        _t, more_chapters, more = extract(amending, lang)
        chapters = {**chapters, **more_chapters}
        replaced = {k: v for k, v in more.items() if k[0] in secs}
    body = []
    order = dict.fromkeys([s for s, _m in words] + [s for s, _m in replaced])
    for section in order:
        if section == "liite" or (only and section not in only):
            continue
        new = {m: w for (s, m), w in replaced.items() if s == section}
        old = {m: w for (s, m), w in words.items() if s == section}
        mark = version(words_from[0]) if words_from and new and not old else None
        subs = [(m, version(words_from[0]) if m in new and old else None, new.get(m, old.get(m)))
                for m in sorted({**old, **new}, key=int)] if section != "liite" else []
        body.append(section_xml(chapters.get(section), section, mark or (marks or {}).get(section), subs, lang))
    return title, body


# act -> (version, consolidated, amendments of other sections as Finlex lists them, words_from)
CURRENT = {
    "410/2015": ("20150410", "2025-02-21", [], None),
    "611/2021": ("20210611", "2025-02-21", [], None),
    "612/2021": ("20210612", "2025-02-21", [], None),
    "613/2021": ("20240470", "2025-02-21", [("352/2022", "2023-01-01", "muutt. 8–10 §:ää"),
                                             ("470/2024", "2024-08-01", "muutt. 15 §:ää")], None),
    "615/2021": ("20210615", "2025-02-21", [], None),
    "616/2021": ("20210616", "2025-02-21", [], None),
    "618/2021": ("20210618", "2025-02-21", [], None),
    "1393/2022": ("20221393", "2025-02-21", [("885/2023", "2024-01-01", "muutt. 1 ja 7 §:ää"),
                                             ("870/2024", "2025-01-01", "muutt. 7 a §:ää")], None),
    "417/2007": ("20220610", "2025-02-21", [("610/2022", "2023-01-01", "muutt. 12 §")], ("610/2022", {"12"})),
    "980/2012": ("20220876", "2025-02-21", [("876/2022", "2023-01-01", "muutt. 5 §")], ("876/2022", {"5"})),
    "1287/2013": ("20220377", "2025-02-21", [("377/2022", "2023-01-01", "muutt. 1 §:n 4 mom., lis. 13 a ja 14 a §")],
                  ("377/2022", {"1", "13 a", "14 a"})),
}


# 1393/2022 § 3 (cited by the hytelisa pack without a quote; not in the extracts), verbatim from
# eliask/finlex-data data/asd/{fi,sv}/2022/asd20221393.xml (the decree as enacted; not amended to Feb 2025)
DECREE_3 = {
    "fi": ["Kunnan peruspalvelujen valtionosuudesta annetun lain 15 §:ssä tarkoitettua hyvinvoinnin ja terveyden "
           "edistämisen lisäosaa määriteltäessä käytetään kunnan toimintaa ja kunnan toiminnan tulosta kuvaavia "
           "indikaattoreita.",
           "Toimintaa kuvaavien indikaattorien painokerroin on 0,0333 per indikaattori ja toiminnan tulosta kuvaavien "
           "indikaattorien painokerroin on 0,0833 per indikaattori.",
           "Hyvinvoinnin ja terveyden edistämisen lisäosaa määriteltäessä käytettävistä kunnan toimintaa ja kunnan "
           "toiminnan tulosta kuvaavista indikaattoreista sekä niiden tietolähteistä säädetään asetuksen liitteessä."],
    "sv": ["Vid bestämmandet av den tilläggsdel för främjande av välfärd och hälsa som avses i 15 § i lagen om "
           "statsandel för kommunal basservice tillämpas indikatorer som beskriver kommunens verksamhet och resultatet "
           "av kommunens verksamhet.",
           "Viktkoefficienten för de indikatorer som beskriver verksamheten är 0,0333 per indikator och "
           "viktkoefficienten för de indikatorer som beskriver verksamhetens resultat är 0,0833 per indikator.",
           "Bestämmelser om de indikatorer som beskriver kommunens verksamhet samt resultatet av kommunens "
           "verksamhet, vilka ska användas vid fastställandet av tilläggsdelen för främjande av välfärd och hälsa, "
           "samt bestämmelser om informationskällorna för dem finns i bilagan till förordningen."],
}


def write(folder: Path, act: str, lang: str, text: str) -> None:
    number, year = act.split("/")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{year}-{number}.{LANGS[lang]}.xml").write_text(text, "utf-8")


def current() -> None:
    folder = HERE / "current"
    shutil.rmtree(folder, ignore_errors=True)
    for act, (ver, day, amendments, words_from) in CURRENT.items():
        for lang in LANGS:
            title, body = sections_of(act, lang, words_from=words_from)
            annex = None
            if act == "1393/2022":  # the decree's § 3 (its first three subsections) and its annex
                annex = extract(act, lang)[2].get(("liite", ""))
                body = [section_xml(None, "3", None, [(str(i), None, w) for i, w in enumerate(DECREE_3[lang], 1)],
                                    lang)]
            write(folder, act, lang, act_xml(act, lang, title, ver, day, body, amendments, annex=annex))
        # 1326/2010 § 12 was repealed by 581/2022 from 1.1.2023 (the rules cite it until 31.12.2022)
    for lang in LANGS:
        title, chapters, _words = extract("1326/2010", lang)
        body = [section_xml(chapters["12"], "12", "20220581", [], lang, repealed_by="29.6.2022/581")]
        write(folder, "1326/2010", lang, act_xml("1326/2010", lang, title, "20220581", "2025-02-21", body,
                                                  [("581/2022", "2023-01-01", "kum. 12 §")]))


def rescue(name: str, lang: str, **change) -> None:
    """613/2021 in one of the states the watch reports."""
    title, chapters, words = extract("613/2021", lang)
    subs = {m: w for (s, m), w in words.items() if s == "6"}
    marks = dict.fromkeys(subs)
    for m, (mark, text) in change.get("subsections", {}).items():
        marks[m] = mark
        if text is None:
            subs.pop(m)
        else:
            subs[m] = text
    body = [section_xml(chapters.get("1"), "1", None, [(m, None, w) for (s, m), w in words.items() if s == "1"], lang),
            section_xml(chapters["6"], "6", None, [(m, marks[m], subs[m]) for m in sorted(subs, key=int)], lang)]
    write(HERE / name, "613/2021", lang, act_xml("613/2021", lang, title, change.get("version", "20210613"),
                                                 change.get("day", "2021-06-29"), body, change.get("amendments", ()),
                                                 change.get("in_force", True), change.get("end"),
                                                 change.get("repealed_by", ())))


def scenarios() -> None:
    for name in ("enacted", "amended", "pending", "repealed", "missing"):
        shutil.rmtree(HERE / name, ignore_errors=True)
    for lang in LANGS:
        words = extract("613/2021", lang)[2]
        rescue("enacted", lang)
        changed = {"fi": "Aluevaltuusto päättää pelastustoimen palvelutasosta joka neljäs vuosi.",
                   "sv": "Välfärdsområdesfullmäktige beslutar vart fjärde år om servicenivån inom räddningsväsendet."}
        rescue("amended", lang, version="20260123", day="2026-05-15",
               amendments=[("123/2026", "2026-06-01", "muutt. 6 §:n 1 ja 3 mom.")],
               subsections={"1": ("20260123", changed[lang]), "3": ("20260123", words[("6", "3")])})
        rescue("pending", lang, version="20270456", day="2026-11-20",
               amendments=[("456/2027", "2027-01-01", "muutt. 6 §:n 1 mom.")],
               subsections={"1": ("20270456", changed[lang])})
        rescue("repealed", lang, version="20260789", day="2026-07-01", in_force=False, end="2026-06-30",
               repealed_by=[("789/2026", "2026-07-01", None)])
        rescue("missing", lang, subsections={"3": (None, None)})


def invalid() -> None:
    """Files --source refuses, each named after what is wrong with it (tests/test_law_watch.py)."""
    folder = HERE / "invalid"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    good = (HERE / "enacted" / "2021-613.fin.xml").read_text("utf-8")
    variants = {
        "not_akoma_ntoso.xml": '<?xml version="1.0" encoding="UTF-8"?>\n<html><body><p>Finlex</p></body></html>\n',
        "not_xml.xml": "Laki pelastustoimen järjestämisestä\n6 § Palvelutaso\n<<< not XML\n",
        "entities.xml": '<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
                        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">&b;</akomaNtoso>\n',
        "as_enacted.xml": good.replace("/akn/fi/act/statute-consolidated/2021/613/fin@20210613",
                                       "/akn/fi/act/statute/2021/613/fin@"),
        "bad_version.xml": good.replace('<FRBRversionNumber value="20210613"/>',
                                        '<FRBRversionNumber value="2021-06"/>'),
        "bad_in_force.xml": good.replace('<finlex:isInForce value="true"/>', '<finlex:isInForce value="maybe"/>'),
        "empty.xml": "",
    }
    for name, text in variants.items():
        assert text != good, name
        (folder / name).write_text(text, "utf-8")


if __name__ == "__main__":
    current()
    scenarios()
    invalid()
