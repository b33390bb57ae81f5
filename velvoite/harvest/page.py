"""A document as lines of text: HTML read with the standard library's ``html.parser`` (each block
element a line, scripts and styles left out, links and meta kept apart), plain text and a PDF's
text layer split on line ends. Readers find structure in these lines, never in the raw markup."""

from __future__ import annotations

import html.parser
import unicodedata
from dataclasses import dataclass, field

# Elements whose start or end ends a line of text.
BLOCKS = frozenset(("p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "li", "ul", "ol",
                    "table", "section", "article", "header", "footer", "main", "nav", "title", "dt", "dd",
                    "blockquote", "pre", "hr", "body", "head", "html", "form", "span.block"))
SKIPPED = frozenset(("script", "style", "noscript", "template", "svg"))
MAX_DEPTH = 512  # as browsers (Blink's HTML parser): an element deeper is put beside its parent, not inside it
MAX_LINES = 50_000  # a 500-page PDF of minutes is some 25 000 lines; beyond this a document is not read on


class TooLong(Exception):
    """A document of more than ``MAX_LINES`` lines (the caller names the file)."""


VOID = frozenset(("br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"))


@dataclass
class Line:
    """One line of text and where it sat: its element, the classes and ids around it, and whether
    it is (part of) a link."""

    text: str
    tag: str = ""
    marks: frozenset[str] = frozenset()  # class and id values of the element and its ancestors
    in_link: bool = False
    heading: bool = False  # inside h1-h6


@dataclass
class Page:
    """A document's lines, its <title>, meta values (name/property -> content) and links."""

    lines: list[Line]
    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, rel or "")
    is_html: bool = False

    def texts(self) -> list[str]:
        return [line.text for line in self.lines]


def clean(text: str) -> str:
    """Text as one line: NFC, no-break spaces and runs of white space made one space."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    return " ".join(text.split())


class _Parser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.stack: list[tuple[str, frozenset[str], bool]] = []  # (tag, marks with its ancestors', in h1-h6)
        self.buffer: list[str] = []
        self.skip = 0
        self.link = 0
        self.in_title = False
        self.title: list[str] = []
        self.meta: dict[str, str] = {}
        self.links: list[tuple[str, str]] = []
        self.elements = 0

    def _flush(self) -> None:
        text = clean("".join(self.buffer))
        self.buffer = []
        if not text:
            return
        if len(self.lines) >= MAX_LINES:
            raise TooLong()
        tag, marks, heading = self.stack[-1] if self.stack else ("", frozenset(), False)
        self.lines.append(Line(text, tag, marks, self.link > 0, heading))

    def handle_starttag(self, tag, attrs):
        self.elements += 1
        attrs = dict(attrs)
        if tag in SKIPPED:
            self.skip += 1
            return
        if tag == "meta":
            key = attrs.get("name") or attrs.get("property") or attrs.get("http-equiv")
            if key and attrs.get("content") is not None:
                self.meta.setdefault(key.casefold(), clean(attrs["content"]))
            return
        if tag in ("link", "a") and attrs.get("href"):
            self.links.append((attrs["href"].strip(), (attrs.get("rel") or "").casefold()))
        if tag == "title":
            self.in_title = True
        if tag in BLOCKS:
            self._flush()
        if tag == "a":
            self._flush()
            self.link += 1
        if tag in VOID or len(self.stack) >= MAX_DEPTH:  # (the cost of a line stays bounded by the depth)
            return
        marks = frozenset(v.casefold() for k in ("class", "id") for v in (attrs.get(k) or "").split())
        _parent, around, heading = self.stack[-1] if self.stack else ("", frozenset(), False)
        # each entry keeps what holds around it (its ancestors' marks too): a line costs no walk up the stack
        self.stack.append((tag, around | marks, heading or tag in ("h1", "h2", "h3", "h4", "h5", "h6")))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "title":
            self.in_title = False
        if tag in BLOCKS or tag == "a":
            self._flush()
        if tag == "a":
            self.link = max(0, self.link - 1)
        for i in range(len(self.stack) - 1, -1, -1):  # close up to the element (browsers forgive)
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.skip:
            return
        if self.in_title:
            self.title.append(data)
            return
        self.buffer.append(data)


def from_html(text: str) -> Page:
    """The lines of an HTML document."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    parser._flush()
    return Page(parser.lines, clean("".join(parser.title)), parser.meta, parser.links,
                is_html=parser.elements > 0)


def from_text(text: str) -> Page:
    """The lines of plain text (a PDF's text layer too)."""
    lines = []
    for raw in text.splitlines():
        if t := clean(raw):
            if len(lines) >= MAX_LINES:
                raise TooLong()
            lines.append(Line(t))
    return Page(lines)
