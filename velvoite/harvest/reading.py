"""What every reader looks for in an item's lines: dates, the § of a handling, case numbers, the
headings that open the proposal and the decision, and which of several handlings quoted in one
item is this one (an item quotes its earlier handlings, their dates and §s, in its reasoning)."""

from __future__ import annotations

import datetime as dt
import re

from velvoite.harvest.vocabulary import Vocabulary, fold
from velvoite.records.body import normalise_body

DATE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
# A case number (diaarinumero): CloudNC's KHVADno-2023-663, Helsinki's HEL 2022-011138, Dynasty's
# 5146/01.04.00/2023, or Dno 123/2023.
CASE = re.compile(r"\b([A-ZÅÄÖ][A-Za-zÅÄÖåäö]*Dno-\d{4}-\d+|HEL \d{4}-\d{6}|(?:[A-ZÅÄÖ]+/)?\d+/\d{2}\.\d{2}\.\d{2}(?:\.\d{2})?/\d{4}"
                  r"|Dnro \d+/[\d.]+/\d{4}|Dnr \d+/[\d.]+/\d{4})\b")
# A line naming one handling: "Kunnanhallitus 22.5.2023 § 120", "Kh 22.05.2023 § 120", "Hallitus 18.09.2020 § 94".
HANDLING = re.compile(r"^(?P<body>[^\d§]{2,80}?)\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{4})\s*§\s*(?P<n>\d+)\s*$")
# The line that opens an item in minutes of several items: "§ 45", "§ 45 Title", "45 § TITLE", "Kvalt § 45".
ITEM_START = re.compile(r"^(?:(?P<pre>[A-ZÅÄÖ][\wåäö.-]{0,40})\s+)?§\s*(?P<a>\d+)(?:\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{4}))?"
                        r"(?:\s+(?P<title>\D.*))?$|^(?P<b>\d+)\s*§(?:\s+(?P<title2>\D.*))?$")


def date_in(text: str) -> dt.date | None:
    """The first real date written D.M.YYYY (or YYYY-MM-DD) in ``text``."""
    for match in DATE.finditer(text):
        try:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            continue
    for match in ISO_DATE.finditer(text):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return None


def case_in(lines: list[str]) -> str | None:
    for text in lines:
        match = CASE.search(text)
        if match:
            return match[1]
    return None


def handling(text: str) -> tuple[str, dt.date | None, str] | None:
    """(body, date, §) of a line that names one handling, or None."""
    match = HANDLING.match(text)
    if not match:
        return None
    return match["body"].strip(" ,:"), date_in(match["date"]), match["n"]


def tier_of(body: str | None) -> str | None:
    """The body's tier (council, board, committee, officer, other) from its name as written
    (records/body.py's words): the whole name, else its last word (hyvinvoinnin ja terveyden
    edistämisen jaosto); a name of none of them is ``other``."""
    if not body:
        return None
    words = body.replace(",", " ").split()
    for candidate in (body, words[-1] if words else ""):
        found = normalise_body(candidate)
        if found:
            return found
    return "other"


def is_body(text: str) -> bool:
    """Whether a short line names a deciding body (Kunnanvaltuusto, Helsingfors stadsstyrelse)."""
    words = text.split()
    if not words or len(words) > 7 or any(ch.isdigit() for ch in text):
        return False
    return normalise_body(text) is not None or (normalise_body(words[-1]) not in (None, "other"))


def heading_of(text: str, phrases: tuple[str, ...]) -> tuple[str, str] | None:
    """(phrase, text after it) when the line is a heading among ``phrases``: the phrase alone, the
    phrase and a colon with text after it, the phrase ending a short line (Kunnanjohtajan ehdotus),
    or the phrase and a few words without a full stop (Päätösehdotus Hyvinvointialuejohtaja X Y)."""
    folded = fold(text).rstrip()
    for phrase in phrases:
        bare = folded.rstrip(":").strip()
        if bare == phrase:
            return phrase, ""
        label = folded.split(":", 1)[0].strip() if ":" in folded else None
        if label is not None and (label == phrase or (label.endswith(" " + phrase) and len(label.split()) <= 3)):
            return phrase, text.split(":", 1)[1].strip()  # Kunnanhallituksen ehdotus: ...
        if len(bare.split()) <= 4 and bare.endswith(" " + phrase) and "." not in bare:
            return phrase, ""
        if folded.startswith(phrase + " ") and len(folded.split()) <= 6 and not folded.endswith(".") \
                and not any(ch.isdigit() for ch in folded):
            return phrase, ""
    return None


def sections(lines: list[str], vocab: Vocabulary) -> list[tuple[str, list[str]]]:
    """The item's lines under their headings: ("decision" | "proposal" | "other" | "", lines)."""
    out: list[tuple[str, list[str]]] = [("", [])]
    for text in lines:
        found = None
        for what, phrases in (("proposal", vocab.proposal_headings), ("decision", vocab.decision_headings),
                              ("other", vocab.other_headings)):
            head = heading_of(text, phrases)
            if head:
                found = (what, head[1])
                break
        if found and found[0] == "other" and out[-1][0] in ("proposal", "decision") and not out[-1][1]:
            continue  # "Päätösehdotus / Esittelijä / name / text" (CloudNC): the presenter opens no section
        if found:
            out.append((found[0], [found[1]] if found[1] else []))
        else:
            out[-1][1].append(text)
    return out


def decision_and_proposal(lines: list[str], vocab: Vocabulary, last: bool = True) -> tuple[str, str]:
    """The decision text and the proposal text of this handling: the last (or first) decision
    heading's lines, and the proposal heading's lines before it."""
    parts = sections(lines, vocab)
    decisions = [i for i, (what, body) in enumerate(parts) if what == "decision" and body]
    if not decisions:
        proposals = [" ".join(body) for what, body in parts if what == "proposal" and body]
        return "", (proposals[-1] if proposals else "")
    at = decisions[-1] if last else decisions[0]
    proposal = ""
    for what, body in parts[:at]:
        if what == "proposal" and body:
            proposal = " ".join(body)
    if not proposal and not last:
        later = [" ".join(body) for what, body in parts[at:] if what == "proposal" and body]
        proposal = later[0] if later else ""
    return " ".join(parts[at][1]), proposal


def this_handling(lines: list[str], date: dt.date | None, section: str | None) -> list[str]:
    """The lines of this handling when an item quotes earlier ones (each opened by a line
    naming body, date and §): from the line naming this date and § (else the last such line) on."""
    marks = [(i, handling(text)) for i, text in enumerate(lines)]
    marks = [(i, h) for i, h in marks if h]
    if not marks:
        return lines
    chosen = [i for i, h in marks if h[1] == date and (section is None or h[2] == section)]
    start = chosen[-1] if chosen else marks[-1][0]
    ends = [i for i, _h in marks if i > start]
    return lines[start:ends[0]] if ends and chosen else lines[start:]
