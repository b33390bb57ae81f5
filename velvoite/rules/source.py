"""Reading the files of a rule pack (``pack.yaml``, rules, their cases): the boundary every pack
file crosses once, with the record files' discipline.

A pack file is a regular file (not a folder, not a dangling link) of at most ``MAX_BYTES``, UTF-8
text (with or without a byte-order mark; anything else is refused at the line of its first
foreign byte), one YAML document (a second is refused, not passed over), whose aliases add at
most ``MAX_EXPANDED`` values to those written (packs are written by hand: the largest shipped is
7 kB and has no aliases), and whose every text and key is free of control characters (a title
with a terminal escape in it is refused, never printed).
"""

from __future__ import annotations

from pathlib import Path

from velvoite.errors import InputError
from velvoite.i18n import _
from velvoite.records.encoding import encoding
from velvoite.records.text import text_problem
from velvoite.records.yaml_lines import LineDict, iter_yaml
from velvoite.records.yaml_plain import plain_document

MAX_BYTES = 1 << 20  # a pack file; the largest shipped is under 7 kB
MAX_EXPANDED = 10_000  # values aliases may add to a pack file (records allow 1 000 000)


def read_text(path: Path) -> str:
    """The text of one pack file, or an error that says what the path is instead."""
    where = str(path)
    if path.is_symlink() and not path.exists():
        raise InputError(where, None, None, _("a link to nothing (the file it points to does not exist)"))
    if path.is_dir():
        raise InputError(where, None, None, _("a folder, not a file: a rule pack's files sit directly in the pack "
                                              "folder"))
    if not path.is_file():
        raise InputError(where, None, None, _("no such file or folder"))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(where, None, None, _("{size:,} bytes: a pack file is at most {limit:,} bytes").format(
            size=size, limit=MAX_BYTES))
    data = path.read_bytes()
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in data[:4096]:
        try:  # what encoding() would call UTF-8, read once; anything else it names as before
            return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")  # as read_text's newlines
        except UnicodeDecodeError:
            pass
    if encoding(path, where, ansi_ok=False) != "utf-8-sig":
        raise InputError(where, None, None, _("UTF-16 text: save the file as UTF-8"))
    return path.read_text("utf-8-sig")


def one_document(path: Path, as_records: bool = False) -> object:
    """The one YAML document of a pack file, its texts checked (None for an empty file).
    ``as_records``: every plain scalar but null and true/false read as text, as record files are
    read (a case file: its records say ``reference: 00123``, which YAML's way would make 83)."""
    where = str(path)
    text = read_text(path)
    plain = None if as_records else plain_document(text, MAX_EXPANDED)  # the quick way, where the file is plain YAML
    if plain is not None:
        return plain[0]
    docs: list[object] = []
    current: list | None = None
    for what, value, line in iter_yaml(text, where, text_policy=as_records, max_expanded=MAX_EXPANDED):
        if what == "item" and current is not None:
            current.append(value)
            continue
        if docs:
            raise InputError(where, line or None, None, _("a second YAML document (after ---): a pack file holds "
                                                          "one; join them or make a file of each"))
        current = [] if what == "list" else None
        docs.append(current if what == "list" else value)
    doc = docs[0] if docs else None
    _check_texts(doc, where, getattr(doc, "line", None), ())
    return doc


def _check_texts(node: object, path: str, line: int | None, loc: tuple) -> None:
    """Every key and text of a document free of control characters (no escape reaches a terminal)."""
    stack = [(node, line, loc)]
    while stack:
        node, line, loc = stack.pop()
        if isinstance(node, LineDict):
            for key, value in node.items():
                here = node.line_of(key)
                if isinstance(key, str) and (problem := text_problem(key)):
                    raise InputError(path, here, ".".join(map(str, loc)) or None, problem)
                stack.append((value, here, (*loc, key)))
        elif isinstance(node, list):
            stack.extend((item, getattr(item, "line", line), (*loc, i)) for i, item in enumerate(node))
        elif isinstance(node, str) and (problem := text_problem(node)):
            raise InputError(path, line, ".".join(map(str, loc)) or None, problem)
