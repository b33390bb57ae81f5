"""A consolidated act (ajantasainen säädös) as Finlex's open data serves it: Akoma Ntoso 3.0 XML,
``/akn/fi/act/statute-consolidated/{year}/{number}/{fin|swe}@{version}``.

What is read: the act and language from the expression's ``FRBRuri``; the version
(``FRBRversionNumber``, the year and zero-padded number of the newest amending act, ``20220610``)
and ``FRBRdate name="dateConsolidated"``; from ``proprietary`` whether the act is in force
(``finlex:isInForce``, ``finlex:inForce/dateInForceEnd``, ``finlex:repealedBy``) and every amending
act with its entry into force (``finlex:amendedBy``) and the sections its editorial note names
(``muutt. 6 ja 7 §:ää``); from the body each section and subsection by its eId
(``chp_1__sec_6__subsec_3``), whose parts may carry the version mark of the act that gave them their
wording (``sec_45v20150901``), and the annex (liite). A repealed provision stands as a note
("4 momentti on kumottu L:lla …", "4 mom. har upphävts genom …").

The XML is parsed by defusedxml: a document that declares entities or a DTD is refused, never
expanded. A file that is not XML, not Akoma Ntoso or not a consolidated act is an error naming it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from velvoite.errors import InputError, short
from velvoite.i18n import _
from velvoite.law.quote import normalise
from velvoite.records.encoding import bounded_bytes

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
FINLEX = "{http://data.finlex.fi/schema/finlex}"
MAX_BYTES = 64 << 20  # the largest consolidated acts (the Income Tax Act) are a few MB
LANGS = {"fin": "fi", "swe": "sv"}
_URI = re.compile(r"^/akn/fi/act/(statute-consolidated|statute)/(\d{4})/(\d+)(?:-\d+)?/(fin|swe)@(\w*)$")
_PART = re.compile(r"^([a-z]+)_(\d+[a-z]?)(?:v(\d{8}))?$")
_VERSION = re.compile(r"^\d{8}$")
_REPEALED = re.compile(r"^(?:\d+ ?[a-z]? )?(?:§|momentti|mom\.|luku|kohta|kap\.|punkten)?\s*(?:on kumottu|har "
                       r"upphävts)", re.IGNORECASE)
_NOTE_SECTIONS = re.compile(r"((?:\d+ ?[a-z]?\b(?:\s*(?:,|ja|och|–|-)\s*))*\d+ ?[a-z]?)\s*§")
_INLINE = {"i", "b", "u", "ref", "sup", "sub", "span", "abbr", "term", "def", "inline", "docNumber", "docTitle"}


def act_of_version(version: str) -> str:
    """``20220610`` -> ``610/2022``: the amending act a version mark names."""
    return f"{int(version[4:])}/{version[:4]}"


def version_of_act(act: str) -> str:
    """``610/2022`` -> ``20220610``."""
    number, year = act.split("/")
    return f"{year}{int(number):04d}"


@dataclass(frozen=True)
class Amendment:
    """An amending act (muutossäädös) of the metadata: its entry into force and the sections its
    editorial note names (None when it has no note)."""

    act: str
    in_force: dt.date | None
    sections: frozenset[str] | None


@dataclass
class Provision:
    """A section or subsection: its eId, the version marks on its path, its words."""

    eid: str
    marks: tuple[str, ...]
    text: str

    @property
    def repealed(self) -> bool:
        """Whether it stands as a note that it was repealed."""
        return bool(_REPEALED.match(self.text))


@dataclass
class Section:
    """A section (pykälä) and its subsections (momentit) by number."""

    provision: Provision
    subsections: dict[str, Provision] = field(default_factory=dict)


@dataclass
class Consolidated:
    """One language of one consolidated act, as read from one file."""

    path: str
    act: str
    lang: str
    version: str | None
    consolidated: dt.date | None
    in_force: bool | None
    in_force_end: dt.date | None
    repealed_by: list[Amendment]
    amendments: list[Amendment]
    sections: dict[str, Section]
    annex: str | None

    def marked(self) -> set[str]:
        """Every version mark in the body (the amendments the text shows where they changed it)."""
        return {m for s in self.sections.values() for p in (s.provision, *s.subsections.values()) for m in p.marks}


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def words(element) -> str:
    """The words of an element: block elements apart by a space, inline ones joined, normalised."""
    parts: list[str] = []
    todo: list = [element]  # elements to open, and strings to add: no recursion, however deep the XML
    while todo:
        el = todo.pop()
        if isinstance(el, str):
            parts.append(el)
            continue
        block = " " if _local(el.tag) not in _INLINE else ""
        parts.append(block + (el.text or ""))
        todo.append(block)
        for child in reversed(el):
            todo.append(child.tail or "")
            todo.append(child)
    return normalise("".join(parts))


def _date(value: str | None, path: str, what: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(path, None, what, _("{value} is not a date (YYYY-MM-DD)").format(value=short(value))) from None


def parse(data: bytes, path: str) -> list[Consolidated]:
    """The consolidated acts in ``data`` (the file or address ``path``): one ``akomaNtoso`` document,
    or several in the API's list wrapper (``AknXmlList/Results``); an error naming the file, and
    the line of the element at fault, otherwise."""
    try:
        root = fromstring(data)
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise InputError(path, line, None, _("not XML: {reason}").format(reason=short(str(exc)))) from None
    except DefusedXmlException:
        raise InputError(path, None, None, _("the XML declares a DTD or entities: refused (Finlex's open data "
                                             "declares none)")) from None
    documents = [root] if root.tag == f"{AKN}akomaNtoso" else (
        list(root.iter(f"{AKN}akomaNtoso")) if _local(root.tag) == "AknXmlList" else [])
    if not documents and _local(root.tag) == "akomaNtoso":
        raise InputError(path, None, None, _("<akomaNtoso> of another namespace ({namespace}): Akoma Ntoso 3.0 is "
                                             "{expected}").format(namespace=short(str(root.tag)[1:].split("}")[0] if str(root.tag).startswith("{") else _("no namespace")),
                                                                  expected=AKN[1:-1]))
    if not documents:
        raise InputError(path, None, None, _("not an Akoma Ntoso document (its root is <{tag}>): give the "
                                             "consolidated acts of Finlex's open data").format(tag=short(_local(root.tag))))
    try:
        return [_document(document, path) for document in documents]
    except InputError as exc:
        if exc.line is not None or not exc.field:
            raise
        raise InputError(path, _line_of(data, exc.field), exc.field, exc.message) from None


def _line_of(data: bytes, field: str) -> int | None:
    """The line of the element a field names (``FRBRExpression/FRBRuri``: the first FRBRuri after
    the first FRBRExpression)."""
    at = 0
    for part in field.split("/"):
        found = data.find(part.split(":")[-1].encode(), at)
        if found < 0:
            return None
        at = found
    return data.count(b"\n", 0, at) + 1


def _document(root, path: str) -> Consolidated:
    """One ``akomaNtoso`` element as a consolidated act."""
    expression = root.find(f"{AKN}act/{AKN}meta/{AKN}identification/{AKN}FRBRExpression")
    uri = expression.find(f"{AKN}FRBRuri") if expression is not None else None
    match = _URI.match((uri.get("value") or "").strip()) if uri is not None else None
    if match is None:
        raise InputError(path, None, "FRBRExpression/FRBRuri", _("no act of Finlex's statute book "
                                                                 "(/akn/fi/act/statute-consolidated/YEAR/NUMBER/fin@)"))
    kind, year, number, lang, tail = match.groups()
    if kind != "statute-consolidated":
        raise InputError(path, None, "FRBRExpression/FRBRuri", _("the act as enacted, not a consolidated text: give "
                                                                 "/akn/fi/act/statute-consolidated/{year}/{number}").format(
                                                                     year=year, number=number))
    version_el = expression.find(f"{AKN}FRBRversionNumber")
    version = (version_el.get("value") or "").strip() if version_el is not None else (tail or None)
    if version is not None and not _VERSION.match(version):
        raise InputError(path, None, "FRBRversionNumber", _("{value} is not a version (YYYYNNNN)").format(
            value=short(version)))
    consolidated = next((_date(d.get("date"), path, "dateConsolidated") for d in expression.findall(f"{AKN}FRBRdate")
                         if d.get("name") == "dateConsolidated"), None)
    meta = root.find(f"{AKN}act/{AKN}meta/{AKN}proprietary")
    doc = Consolidated(path, f"{number}/{year}", LANGS[lang], version or None, consolidated, None, None, [], [], {}, None)
    if meta is not None:
        _lifecycle(meta, doc)
    body = root.find(f"{AKN}act/{AKN}body")
    if body is None:
        raise InputError(path, None, "body", _("the act has no body"))
    _provisions(body, doc)
    return doc


def _amendment(reference, path: str) -> Amendment | None:
    ref = reference.find(f"{FINLEX}ref")
    text = (ref.text or "").strip() if ref is not None else ""
    href = re.search(r"/(\d{4})/(\d+)$", (ref.get("href") or "") if ref is not None else "")
    act = text if re.match(r"^\d+/\d{4}$", text) else (f"{int(href[2])}/{href[1]}" if href else None)
    if act is None:
        return None
    entry = reference.find(f"{FINLEX}inForce/{FINLEX}dateEntryIntoForce")
    note = reference.find(f"{FINLEX}noteEditorial")
    sections = None
    if note is not None and note.text:
        sections = frozenset(_note_sections(note.text))
    return Amendment(act, _date(entry.get("date") if entry is not None else None, path, "dateEntryIntoForce"),
                     sections)


def _note_sections(note: str) -> set[str]:
    """The section numbers an editorial note names: "kum. 20 ja 21 §, muutt. 3, 25 ja 36 §:ää, lis. 22 a §"."""
    out: set[str] = set()
    for group in _NOTE_SECTIONS.findall(note):
        numbers = re.findall(r"\d+(?: ?[a-z]\b)?", group)
        span = re.search(r"(\d+)\s*[–-]\s*(\d+)", group)
        if span and int(span[2]) - int(span[1]) < 200:
            out.update(str(n) for n in range(int(span[1]), int(span[2]) + 1))
        out.update(n.replace(" ", "") for n in numbers)
    return out


def _lifecycle(meta, doc: Consolidated) -> None:
    flag = meta.find(f"{FINLEX}isInForce")
    if flag is not None:
        value = (flag.get("value") or "").strip()
        if value not in ("true", "false"):
            raise InputError(doc.path, None, "finlex:isInForce", _("{value} is neither true nor false").format(
                value=short(value)))
        doc.in_force = value == "true"
    end = meta.find(f"{FINLEX}inForce/{FINLEX}dateInForceEnd")
    doc.in_force_end = _date(end.get("date") if end is not None else None, doc.path, "dateInForceEnd")
    for name, into in (("amendedBy", doc.amendments), ("repealedBy", doc.repealed_by)):
        for block in meta.findall(f"{FINLEX}{name}"):
            for reference in block.findall(f"{FINLEX}statuteReference"):
                amendment = _amendment(reference, doc.path)
                if amendment is not None:
                    into.append(amendment)


def _parts(eid: str) -> list[tuple[str, str, str | None]] | None:
    out = []
    for part in eid.split("__"):
        match = _PART.match(part)
        if match is None:
            return None
        out.append(match.groups())
    return out


def _provisions(body, doc: Consolidated) -> None:
    for el in body.iter():
        name = _local(el.tag)
        if name == "hcontainer" and el.get("name") == "attachments" and doc.annex is None:
            doc.annex = words(el)
        if name not in ("section", "subsection") or not el.get("eId"):
            continue
        parts = _parts(el.get("eId"))
        if not parts or parts[-1][0] != ("sec" if name == "section" else "subsec"):
            continue
        marks = tuple(m for _k, _n, m in parts if m)
        if name == "section":
            text = words_without(el, ("num", "heading"))
            section = doc.sections.setdefault(parts[-1][1], Section(Provision(el.get("eId"), marks, text)))
            section.provision = Provision(el.get("eId"), marks, text)
        elif len(parts) >= 2 and parts[-2][0] == "sec":
            section = doc.sections.setdefault(parts[-2][1], Section(Provision("", (), "")))
            section.subsections[parts[-1][1]] = Provision(el.get("eId"), marks, words(el))


def words_without(element, skip: tuple[str, ...]) -> str:
    """The words of an element without its direct children named in ``skip`` (a section's number and heading)."""
    return normalise(" ".join(words(child) for child in element if _local(child.tag) not in skip))


def read_file(path: str) -> list[Consolidated]:
    """The consolidated acts in the file at ``path`` (at most ``MAX_BYTES``)."""
    data = bounded_bytes(path, MAX_BYTES, lambda line, reason: InputError(path, line, None, reason),
                         folder=_("a folder, not a file"), too_large=_("larger than {n} bytes: not an act of the "
                                                                       "statute book"))
    if not data.strip():
        raise InputError(path, None, None, _("the file is empty"))
    return parse(data, path)


def read_folder(folder: str) -> dict[tuple[str, str], Consolidated]:
    """Every consolidated act in the files under ``folder`` (any names; hidden files are passed
    over), by act and language; the same act and language in two files is an error naming both."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(folder, None, None, _("not a folder of consolidated acts"))
    found: dict[tuple[str, str], Consolidated] = {}
    for path in sorted(_files_under(root)):
        if not path.is_file():  # a pipe (would block), a device, a socket, a dangling link: not passed over in silence
            raise InputError(str(path), None, None, _("not a regular file (a pipe, a device or a broken link): "
                                                      "not read"))
        for doc in read_file(str(path)):
            key = (doc.act, doc.lang)
            if key in found:
                raise InputError(str(path), None, "FRBRuri", _("{act} ({lang}) is also in {other}: keep one file per "
                                                               "act and language").format(act=doc.act, lang=doc.lang,
                                                                                          other=found[key].path))
            found[key] = doc
    return found


def _files_under(root):
    """Every name under ``root`` that is not a folder (hidden ones passed over; links to folders not
    followed, so a loop ends); a folder that cannot be listed is an error naming it, not skipped."""
    def refuse(exc: OSError):
        raise InputError(exc.filename or str(root), None, None, _("cannot read: {reason}").format(
            reason=exc.strerror or exc))

    for folder, dirs, names in os.walk(root, onerror=refuse):
        dirs[:] = [d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(folder, d))]
        yield from (Path(folder, name) for name in names if not name.startswith("."))
