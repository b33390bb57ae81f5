"""The line of a key in TOML text: TOML readers give no lines, so a message about ``velvoite.toml``
(``registry.workspace``, ``registry.consistency``, ``engine.waiver``), a pack's ``law.lock.toml``
(``law.lock``) or the ``packs`` setting finds its line from the key path."""

from __future__ import annotations

import re


def key_path(loc: tuple) -> str:
    """``("waivers", 1, "rule")`` as people read it: ``waivers[2].rule`` (arrays counted from 1)."""
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _blocks(text: str):
    """(table name, occurrence of an array of tables, first line, lines) of each block of TOML text;
    the top level is the table ``""``."""
    current, seen, start, body = "", {}, 1, []
    blocks = []
    for number, raw in enumerate(text.split("\n"), start=1):  # lines as TOML counts them (not at U+2028)
        header = re.match(r"^\s*\[(\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$", raw)
        if header:
            blocks.append((current, seen.get(current, 0) - 1 if current in seen else None, start, body))
            current = header[2]
            if header[1]:
                seen[current] = seen.get(current, 0) + 1
            start, body = number, []
        else:
            body.append((number, raw.strip()))
    blocks.append((current, seen.get(current, 0) - 1 if current in seen else None, start, body))
    return blocks


def line_of(text: str, loc: tuple) -> int | None:
    """The line of a key path in TOML text: its ``key =`` line inside its table or the n-th
    ``[[array]]`` of tables; the header when the key is not written; the ``name =`` line of an
    inline table or array."""
    split = next((i for i, p in enumerate(loc) if isinstance(p, int)), None)
    if split is None:
        table, index, key = ".".join(loc[:-1]), None, loc[-1] if loc else None
    else:
        table, index = ".".join(str(p) for p in loc[:split]), loc[split]
        key = loc[split + 1] if len(loc) > split + 1 and not isinstance(loc[split + 1], int) else None
    parent, _sep, last = table.rpartition(".")
    fallback = None
    for name, occurrence, start, body in _blocks(text):
        if name == table and (index is None or occurrence == index):
            for number, line in body:
                if key is not None and re.match(rf"^{re.escape(str(key))}\s*=", line):
                    return number
            fallback = fallback or start
        if name == parent and index is not None:
            for number, line in body:
                if re.match(rf"^{re.escape(last)}\s*=", line):
                    return number  # an inline array of tables
        if name == "" and loc:
            for number, line in body:
                if re.match(rf"^{re.escape(str(loc[0]))}\s*=", line) and split != 0:
                    fallback = fallback or number
    return fallback
