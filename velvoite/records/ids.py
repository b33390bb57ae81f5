"""The one rule for a record's id, wherever a record comes from (a file, the workspace's API and
form, ``velvoite db import``): at most ``MAX_ID`` characters of letters, digits, spaces and the
punctuation of ``PUNCTUATION``, not dots alone. An id is a record's address in a database
workspace (``/records/ID/``, ``/api/records/ID``): a ``/`` in it made a record that was stored
(201) and then could not be reached, and ``?``, ``%``, ``\\``, quotes and brackets are as unsafe in an
address."""

from __future__ import annotations

import re

from velvoite.errors import short
from velvoite.i18n import _

MAX_ID = 200  # (the workspace's column)
PUNCTUATION = " -_.,:;#+@~§()&='!*$"
_CHAR = r"(?:[^\W]|[" + re.escape(PUNCTUATION) + "])"  # one character of an id ([^\W]: a letter or digit, or _)
SAFE = re.compile(_CHAR)
ID = re.compile(_CHAR + "{1,%d}" % MAX_ID)


def valid_id(rid: str) -> bool:
    """Whether ``rid`` is an id the rule allows (``id_problem`` says why not)."""
    return bool(ID.fullmatch(rid)) and bool(rid.strip("."))


def id_problem(rid: str) -> str | None:
    """What is wrong with ``rid`` as an id, or None."""
    if valid_id(rid):
        return None
    if len(rid) > MAX_ID:
        return _("an id is at most {n} characters (this one has {length})").format(n=MAX_ID, length=len(rid))
    if not rid.strip("."):
        return _("an id of dots alone cannot be an address: use letters or digits")
    bad = next(c for c in rid if not SAFE.fullmatch(c))
    safe = "".join(c if SAFE.fullmatch(c) else "-" for c in rid)
    return _("{char} cannot be in an id (it is the record's address in a workspace): use letters, digits, spaces "
             "and {punctuation} (did you mean {id}?)").format(char=repr(bad), punctuation=PUNCTUATION.strip(),
                                                              id=short(safe))


def checked_id(value: object) -> object:
    """A pydantic validator: the id, or ValueError saying what is wrong with it."""
    if isinstance(value, str):
        problem = id_problem(value)
        if problem:
            raise ValueError(problem)
    return value
