"""Where a value is in a JSON text: its path (``findings[3].status``) and line, found by one scan of
the tokens after ``json`` has read or refused the text (``json`` itself keeps no positions).

The scan is iterative (a file of 100 000 ``[`` does not recurse) and only runs to locate an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.S)

Path = tuple  # keys (str) and indexes (int) from the top


def path_text(path: Path | None) -> str | None:
    """``findings[3].status``; None for the top of the document."""
    if not path:
        return None
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _events(text: str) -> Iterator[tuple[str, Path, int, str, int]]:
    """(what, path, line, token, container) for each key ("key") and each value ("value") in order;
    ``container`` numbers the object a key belongs to."""
    stack: list[list] = []  # [is_object, key or index, number, expecting a key]
    line, last, count = 1, 0, 0
    for m in _TOKEN.finditer(text):
        tok = m.group()
        line += text.count("\n", last, m.start())
        last = m.start()
        top = stack[-1] if stack else None
        if tok == ",":
            if top is not None and top[0]:
                top[3] = True
            continue
        if tok == ":":
            continue
        if tok in ("}", "]"):
            if stack:
                stack.pop()
            continue
        if top is not None and top[0] and top[3]:
            try:
                top[1] = json.loads(tok)
            except ValueError:
                top[1] = tok
            top[3] = False
            yield "key", tuple(f[1] for f in stack), line, tok, top[2]
            continue
        if top is not None and not top[0]:
            top[1] += 1
        yield "value", tuple(f[1] for f in stack), line, tok, 0
        if tok in ("{", "["):
            count += 1
            stack.append([tok == "{", None if tok == "{" else -1, count, True])


def line_of(text: str, path: Path) -> int | None:
    """The line of the value at ``path``; of the nearest enclosing value when it is not there (a
    required field missing: the object that lacks it)."""
    path = tuple(path)
    best, best_len = None, -1
    for what, where, line, _tok, _n in _events(text):
        if what != "value":
            continue
        if where == path:
            return line
        if len(where) > best_len and path[:len(where)] == where:
            best, best_len = line, len(where)
    return best


def deepest(text: str, limit: int) -> tuple[Path | None, int | None]:
    """The first value nested deeper than ``limit``: its path and line, or (None, None)."""
    for what, where, line, _tok, _n in _events(text):
        if what == "value" and len(where) > limit:
            return where, line
    return None, None


def first_duplicate(text: str) -> tuple[Path, int, int] | None:
    """The first key given twice in one object: its path, its line and the line of the first."""
    seen: dict[tuple[int, object], int] = {}
    for what, where, line, _tok, container in _events(text):
        if what == "key":
            key = (container, where[-1])
            if key in seen:
                return where, line, seen[key]
            seen[key] = line
    return None


def first_value(text: str, test: Callable[[str], bool], keys: bool = False) -> tuple[Path | None, int | None, str]:
    """The first value (and key, with ``keys``) whose token passes ``test``: path, line, token."""
    for what, where, line, tok, _n in _events(text):
        if (what == "value" or keys) and test(tok):
            return where, line, tok
    return None, None, ""
