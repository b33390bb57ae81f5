"""From sources to proposals: expand folders, fetch addresses (through the fetcher given, never by
itself), tell a PDF, a feed, HTML and text apart by their bytes, let the platform's reader find
the items, and read each for meaning."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from velvoite import contract
from velvoite.errors import InputError
from velvoite.harvest import page as pages
from velvoite.harvest.classify import proposal_of
from velvoite.harvest.orgs import resolve
from velvoite.harvest.proposal import Proposal
from velvoite.harvest.readers import feed, items_of
from velvoite.i18n import _
from velvoite.progress import SILENT
from velvoite.registry import load_registry
from velvoite.harvest.vocabulary import load
from velvoite.harvest.pdf import text_of

SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".pdf", ".xml", ".rss", ".atom")
MAX_ITEMS = 10_000  # items of one document (a Dynasty feed lists some 50; a year's minutes a few hundred)
MAX_BYTES = 20 << 20  # one document; the largest minutes PDF seen is a few MB
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # a text saved as "Unicode" by Windows Notepad or Word
CHARSET = re.compile(r"charset=[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def _is_url(source) -> bool:
    return isinstance(source, str) and source.startswith(("http://", "https://"))


OTHER_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")  # file://, ftp://, ...: not a path either


def documents(source, fetcher=None):
    """(name, bytes, content type, url) of each document a source stands for."""
    if _is_url(source):
        if fetcher is None:
            raise InputError(source, None, None, _("an address is read only by the command (velvoite harvest)"))
        fetched = fetcher(source)
        yield source, fetched.data, fetched.content_type, fetched.url
        return
    if isinstance(source, str) and OTHER_SCHEME.match(source):
        raise InputError(source, None, None, _("only http and https addresses are fetched"))
    path = Path(source)
    if path.is_dir():
        try:  # (a pipe or a device among them is named by documents(), not passed over)
            files = sorted(p for p in path.iterdir() if p.suffix.casefold() in SUFFIXES and not p.is_dir())
        except OSError as exc:
            raise InputError(str(path), None, None, _("cannot be read: {problem}").format(
                problem=exc.strerror)) from None
        if not files:
            raise InputError(str(path), None, None, _("a folder without minutes files ({suffixes})").format(
                suffixes=", ".join(SUFFIXES)))
        for file in files:
            yield from documents(file)
        return
    if not path.is_file():
        if path.exists():  # a pipe (would block), a device (/dev/zero: endless), a socket
            raise InputError(str(path), None, None, _("not a regular file (a pipe or a device): not read"))
        raise InputError(str(path), None, None, _("no such file or folder"))
    try:
        with open(path, "rb") as stream:  # at most the limit read, even from a file that grows meanwhile
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(str(path), None, None, _("cannot be read: {problem}").format(problem=exc.strerror)) from None
    if len(data) > MAX_BYTES:
        raise InputError(str(path), None, None, _("{size:,} bytes: a minutes document is at most {limit:,} bytes").format(
            size=path.stat().st_size, limit=MAX_BYTES))
    yield str(path), data, None, None


def _decode(data: bytes, content_type: str | None) -> str:
    """The text of HTML or plain text: UTF-16 when a byte order mark says so, UTF-8 when it is, else
    the charset declared, else Windows-1252 (older TWeb pages are ISO-8859-1)."""
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16")  # (propose_data names the file of a broken one)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = CHARSET.search(content_type or "") or CHARSET.search(data[:2048].decode("latin-1"))
    for name in ([declared[1]] if declared else []) + ["windows-1252", "latin-1"]:
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def propose(sources, org=None, registry=None, vocabulary=None, fetcher=None, progress=None) -> list[Proposal]:
    """One proposal per minutes item found in ``sources`` (see the package docstring). ``progress``
    (``velvoite.progress``) hears the documents read or fetched, of those the sources name."""
    registry, vocabulary = _defaults(registry, vocabulary)
    out: list[Proposal] = []
    sources = list(sources)
    progress = progress or SILENT
    total = count_documents(sources) if progress is not SILENT else None
    with progress.task(_("Reading minutes"), total) as step:
        read = 0
        for source in sources:
            for name, data, content_type, url in documents(source, fetcher):
                out.extend(propose_data(data, name, org, registry, vocabulary, content_type, url))
                read += 1
                step(read)
    return out


def count_documents(sources) -> int | None:
    """How many documents ``sources`` stand for (an address or a file one, a folder its minutes
    files), for progress only: None when a folder cannot be listed (``documents`` says why)."""
    total = 0
    for source in sources:
        path = Path(source) if not _is_url(source) else None
        try:
            total += sum(1 for p in path.iterdir() if p.suffix.casefold() in SUFFIXES and not p.is_dir()) \
                if path is not None and path.is_dir() else 1
        except OSError:
            return None
    return total


def _defaults(registry, vocabulary):
    if registry is None:
        registry = load_registry()
    if vocabulary is None:
        vocabulary = load()
    return registry, vocabulary


def propose_data(data: bytes, source: str, org=None, registry=None, vocabulary=None, content_type=None,
                 url=None) -> list[Proposal]:
    """The proposals of one document already read (``source`` names it in messages)."""
    registry, vocabulary = _defaults(registry, vocabulary)
    fixed = registry.resolve(org) if org else None
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        feed_title, items = _items(data, source, content_type, url, vocabulary)
    except pages.TooLong:
        raise InputError(source, None, None, _("more than {limit:,} lines of text: not read as minutes").format(
            limit=pages.MAX_LINES)) from None
    if len(items) > MAX_ITEMS:
        raise InputError(source, None, None, _("{n:,} items: at most {limit:,} are read from one document").format(
            n=len(items), limit=MAX_ITEMS))
    return _proposals(items, feed_title, source, sha256, fixed, registry, vocabulary)


def _items(data: bytes, source: str, content_type, url, vocabulary):
    """(a feed's title or None, the items found in one document)."""
    feed_title = None
    if data.startswith(b"%PDF-"):
        items = items_of(pages.from_text(text_of(data, source)), url, vocabulary)
    elif feed.is_feed(data):
        feed_title, items = feed.read(data, source, vocabulary)
    else:
        if b"\x00" in data[:4096] and not data.startswith(UTF16_BOMS):
            raise InputError(source, None, None, _("not minutes: neither HTML, text, PDF nor a feed"))
        try:
            text = _decode(data, content_type)
        except UnicodeDecodeError as exc:
            raise InputError(source, None, None, _("not UTF-16 text though it begins with its byte order mark "
                                                   "(byte {at})").format(at=exc.start)) from None
        page = pages.from_html(text) if _looks_html(text) else pages.from_text(text)
        items = items_of(page, url, vocabulary)
    items = [i for i in items if i.section or i.date or i.decision_text]
    if not items and feed_title is None:
        raise InputError(source, None, None, _("no minutes item found (no item with its § or its meeting's date): "
                                               "is this a minutes page?"))
    return feed_title, items


def _proposals(items, feed_title, source, sha256, fixed, registry, vocabulary) -> list[Proposal]:
    out, resolved = [], {}  # the items of one document name their organisation alike: resolved once
    for item in items:
        if item.org_name is None and feed_title:
            item.org_name = feed_title.split(" - ")[0].split(":")[0].strip()
        proposal = proposal_of(item, source, sha256, vocabulary)
        if fixed is None and item.org_name not in resolved:
            resolved[item.org_name] = resolve(item.org_name, registry)
        found = fixed or resolved[item.org_name]
        if found is not None:
            proposal.org, proposal.org_name = found.id, found.name_fi
            if fixed is None:
                proposal.reasons.append(_("organisation {name!r} read from the page").format(name=item.org_name))
        else:
            proposal.reasons.append(_("the organisation was not recognised: give --org"))
        out.append(proposal)
    return out


def _looks_html(text: str) -> bool:
    head = text.lstrip()[:512].casefold()
    return head.startswith("<") and any(t in head for t in ("<html", "<!doctype", "<body", "<div", "<p", "<head",
                                                           "<meta", "<table"))


def document(proposals: list[Proposal]) -> dict:
    """The harvest JSON document: ``{"schema_version", "velvoite", "proposals": [...]}``."""
    return {**contract.header(), "proposals": [p.to_dict() for p in proposals]}
