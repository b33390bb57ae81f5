"""Make the statute extracts that tests/test_statute_quotes.py checks the rules' quotes against.

Reads the Finlex open data (the original acts of the Statute Book, public domain) from a local
clone of https://github.com/eliask/finlex-data at a fixed commit, and writes for each act and
language the cited sections only, one subsection a line:

    python tests/data/statutes/vendor.py /path/to/finlex-data [commit]

The test reads the extracts and needs no network. Each extract's header names its source file,
the commit and the commit's date. A quote of an amended section is checked against the act that
gave it its wording (the amending act: 610/2022 for 417/2007 § 12 from 2023), so the amending acts
are extracted too; their sections keep the amended act's numbers.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

COMMIT = "151c941fa96980ea311972be445904660b39ff41"
HERE = Path(__file__).parent

# act -> the sections the rules cite or quote
ACTS = {
    "410/2015": ["37", "147"],
    "611/2021": ["14", "22", "32", "41"],
    "612/2021": ["1", "6", "7", "11"],
    "613/2021": ["1", "6"],
    "615/2021": ["8", "17"],
    "616/2021": ["1"],
    "618/2021": ["15"],
    "1326/2010": ["12"],
    "417/2007": ["12"],
    "610/2022": ["12"],
    "980/2012": ["5"],
    "876/2022": ["5"],
    "1287/2013": ["1", "13", "14"],
    "377/2022": ["1", "13 a", "14 a"],
    "1393/2022": ["liite"],  # a decree's annex: its paragraphs as one line
}
# An amending act that gives only some subsections of a section marks the rest with a dash line
# (sis:Katkoviiva); the number of its first subsection is then read from its introductory clause.
FIRST = {("377/2022", "1"): 4}

NS = {"saa": "http://www.vn.fi/skeemat/saadoskooste/2010/04/27",
      "saa1": "http://www.vn.fi/skeemat/saadoselementit/2010/04/27",
      "sis": "http://www.vn.fi/skeemat/sisaltokooste/2010/04/27"}
ID = "{%s}identifiointiTunnus" % NS["saa1"]


def _words(el: ET.Element) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def _key(el: ET.Element) -> str:
    return re.sub(r"\s+", " ", el.get(ID, "")).strip()


def _local(el: ET.Element) -> str:
    return el.tag.rsplit("}", 1)[-1]


def _subsections(act: str, section: str, pykala: ET.Element) -> list[tuple[int, str]]:
    number, out, gap = FIRST.get((act, section), 1), [], False
    for child in pykala:
        name = _local(child)
        if name == "Katkoviiva":
            gap = True
        elif name in ("MomenttiKooste", "KohdatMomentti"):
            if gap and out:
                raise SystemExit(f"{act} § {section}: a gap within the section; give its numbering in FIRST")
            out.append((number, _words(child)))
            number += 1
    return out


def extract(git_dir: Path, commit: str, act: str, lang: str) -> str:
    number, year = act.split("/")
    source = f"data/asd/{lang}/{year}/asd{year}{int(number):04d}.xml"
    raw = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{source}"], check=True,
                         capture_output=True).stdout
    date = subprocess.run(["git", "--git-dir", str(git_dir), "show", "-s", "--format=%cs", commit], check=True,
                          capture_output=True, text=True).stdout.strip()
    root = ET.fromstring(raw)
    saados = root.find(".//saa:Saados", NS)
    heading = saados.find("saa:SaadosNimeke", NS)
    kind, name = (_words(el) if el is not None else "" for el in
                  (heading.find("saa:SaadostyyppiKooste", NS), heading.find("saa:SaadosNimekeKooste", NS)))
    title = f"{kind} {name}" if name else kind
    chapters = {}
    for luku in saados.iter("{%s}Luku" % NS["saa"]):
        chapter = luku.get(ID, "").split()[0]
        for pykala in luku.iter("{%s}Pykala" % NS["saa"]):
            chapters[_key(pykala)] = chapter
    lines = [f"# {act} ({lang}): the sections velvoite's rules cite, from the Finlex open data (public domain).",
             f"# source: https://github.com/eliask/finlex-data/blob/{commit}/{source}",
             f"# commit: {commit} ({date}); made by tests/data/statutes/vendor.py",
             "# lines: title, then per section 'chapter<TAB>section<TAB>chapter number' (acts with chapters) and",
             "# 'section<TAB>subsection<TAB>words' (whitespace normalised, the words as they stand)",
             f"title\t{title}"]
    pykalat = {_key(p): p for p in saados.iter("{%s}Pykala" % NS["saa"])}
    for section in ACTS[act]:
        if section == "liite":
            annex = root.find(".//asi:LiiteOsa", {"asi": "http://www.vn.fi/skeemat/asiakirjakooste/2010/04/27"})
            lines.append(f"liite\t\t{_words(annex)}")
            continue
        key = next((k for k in (f"{section} §", f"{section} §.") if k in pykalat), None)
        if key is None:
            raise SystemExit(f"{act} ({lang}): no section {section}")
        if key in chapters:
            lines.append(f"chapter\t{section}\t{chapters[key]}")
        lines += [f"{section}\t{n}\t{words}" for n, words in _subsections(act, section, pykalat[key])]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    repo = Path(argv[1])
    git_dir = repo / ".git" if (repo / ".git").exists() else repo
    commit = argv[2] if len(argv) > 2 else COMMIT
    for act in ACTS:
        number, year = act.split("/")
        for lang in ("fi", "sv"):
            (HERE / f"{year}-{number}.{lang}.txt").write_text(extract(git_dir, commit, act, lang), "utf-8")


if __name__ == "__main__":
    main(sys.argv)
