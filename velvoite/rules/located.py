"""A pack file's problems at their lines: the line of a key of a YAML document (``line_at``) and
pydantic's errors of a rule, case or manifest as located ``InputError``s (``validation_errors``)."""

from __future__ import annotations

import re

from pydantic import ValidationError

from velvoite.errors import PYDANTIC_TYPES, InputError, did_you_mean, pydantic_problem
from velvoite.i18n import _
from velvoite.records.yaml_lines import LineDict


def line_at(doc: object, loc: tuple) -> int | None:
    """The line of the deepest key of ``loc`` that the YAML document has."""
    line = getattr(doc, "line", None)
    node = doc
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.line_of(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            line = getattr(node, "line", line)
        else:
            break
    return line


def validation_errors(exc: ValidationError, doc: object, path: str, fields: tuple[str, ...] = ()) -> list[InputError]:
    """pydantic errors of a YAML document as located InputErrors."""
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        name = ".".join(str(p) for p in loc) or None
        if err["type"] == "extra_forbidden":
            msg = _("unknown field") + did_you_mean(str(loc[-1]), fields)
        elif err["type"] == "invalid_key":  # a key YAML reads as a number, true/false or null, at its own line
            key = err["input"]
            loc = (*loc[:-1], key)
            written = "null" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
            name = ".".join([*(str(p) for p in loc[:-1]), written])
            msg = _("a key must be text: put it in quotes")
        elif err["type"] == "missing":
            msg = _("required field is missing")
        elif err["type"] in PYDANTIC_TYPES:
            msg = pydantic_problem(err)
        elif re.match(r"^[a-z_][a-z0-9_.]*: ", msg):  # a model's own check names the field it is about
            name, msg = (s.strip() for s in msg.split(":", 1))
            loc += tuple(int(p) if p.isdigit() else p for p in name.split("."))
            name = ".".join(str(p) for p in loc)
        out.append(InputError(path, line_at(doc, loc), name, msg))
    return out
