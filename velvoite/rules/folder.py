"""What a pack folder may hold, and what a user pack may declare beside the packs already in use.

A pack folder's files are ``pack.yaml``, ``<rule>.yaml`` and ``<rule>.cases.yaml``; files of
other names (a README, notes) are not read. What looks meant for velvoite but would not be read
is refused rather than passed over: ``<rule>.yml`` (velvoite reads ``.yaml`` only: rename it),
cases beside no rule. A folder or a link to nothing named ``<rule>.yaml`` is refused when read
(``rules.source``).

A user pack's kinds are new: an id or a name (in any language, or among its other names) that an
earlier pack's kind already has would make records of that kind read as another's, and is
refused; so is a kind declared again otherwise (the same declaration again, word for word, changes
nothing and is accepted, as a field is).
"""

from __future__ import annotations

from pathlib import Path

from velvoite.errors import InputError
from velvoite.i18n import _
from velvoite.records.kinds import _kind, catalogue
from velvoite.rules.located import line_at
from velvoite.rules.source import one_document

YAML_LIKE = (".yml", ".yaml")


def stray_files(folder: Path) -> list[InputError]:
    """The files of a pack folder that look like pack files but would not be read."""
    errors = []
    names = {p.name for p in folder.iterdir()}
    for name in sorted(names):
        path = folder / name
        stem, dot, suffix = name.rpartition(".")
        if dot and f".{suffix.lower()}" in YAML_LIKE and suffix != "yaml":
            errors.append(InputError(str(path), None, None, _("velvoite reads pack files named .yaml, not .{suffix}: "
                                                              "rename it {name}").format(
                                                                  suffix=suffix, name=f"{stem}.yaml")))
        elif name.endswith(".cases.yaml") and name.removesuffix(".cases.yaml") + ".yaml" not in names:
            errors.append(InputError(str(path), None, None, _("cases beside no rule: {rule}.yaml is not in this "
                                                              "folder").format(rule=name.removesuffix(".cases.yaml"))))
    return errors


def kind_clashes(manifest, path: Path) -> InputError | None:
    """The first kind of a user pack's manifest that takes an id or a name of a kind in use."""
    known = catalogue()
    owner = {word.casefold(): kind.id for kind in known.values()
             for word in (kind.id, *kind.names.values(), *kind.other_names)}
    for i, decl in enumerate(manifest.kinds):
        if decl.id in known and known[decl.id] == _kind(decl):
            continue  # the same declaration again (a pack loaded twice in one process, a copy): nothing is lost
        if decl.id in known:
            loc, message = ("kinds", i, "id"), _("kind {id!r} is already declared otherwise by a pack in use (built-in "
                                                 "or given before): choose another id, or use that kind as it "
                                                 "is").format(id=decl.id)
        else:
            words = [("id", None, decl.id), *(("names", lang, word) for lang, word in decl.names.items()),
                     *(("other_names", j, word) for j, word in enumerate(decl.other_names))]
            taken = [(where, word) for *where, word in words if owner.get(word.casefold(), decl.id) != decl.id]
            if not taken:
                owner.update((word.casefold(), decl.id) for *_where, word in words)
                continue
            (name, key), word = taken[0]
            loc = ("kinds", i, name) + (() if key is None else (key,))
            message = _("{word!r} already names kind {other!r}: records of either would read as the other; choose "
                        "another name").format(word=word, other=owner[word.casefold()])
        return InputError(str(path), line_at(one_document(path), loc), ".".join(map(str, loc)), message)
    return None
