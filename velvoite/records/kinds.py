"""The kinds of record (kirjauksen laji) in use: declared by the rule packs' manifests
(``pack.yaml``: id, fi/sv/en names, the fields a record of the kind carries), not by code.

The catalogue starts with the built-in packs' kinds, read on first use; a user pack that declares
more adds them when it is loaded (``rules.pack.load_pack``), before its rules are validated.
"""

from __future__ import annotations

from dataclasses import dataclass

_CATALOGUE: dict[str, Kind] = {}


@dataclass(frozen=True)
class Kind:
    id: str
    names: dict[str, str]
    fields: tuple[str, ...] = ()
    in_effect: bool = False  # evidence while in effect (valid_from..valid_until), not on its date alone
    covers_members: bool = False  # a county's record without participants stands for all its members


def catalogue() -> dict[str, Kind]:
    """Every kind in use, by id, in declaration order."""
    if not _CATALOGUE:
        from velvoite.rules.manifest import builtin_manifests  # lazily: rules read records' YAML loader

        for manifest in builtin_manifests():
            for k in manifest.kinds:
                _CATALOGUE.setdefault(k.id, _kind(k))
    return _CATALOGUE


def register(kinds) -> None:
    """Add a pack's kinds (``KindDecl`` from its manifest); a kind already known keeps its first declaration."""
    known = catalogue()  # the built-in kinds first, whatever pack is registered first
    for k in kinds:
        known.setdefault(k.id, _kind(k))


def _kind(decl) -> Kind:
    return Kind(decl.id, dict(decl.names), tuple(decl.fields), decl.in_effect, decl.covers_members)


def reset() -> None:
    """Back to the built-in kinds (the next ``catalogue()`` reads them): a run starts from the
    packs it uses, not from those an earlier run in the same process loaded."""
    _CATALOGUE.clear()


def kind_ids() -> tuple[str, ...]:
    return tuple(catalogue())


def kind_name(kind: str, lang: str) -> str | None:
    """A kind in the words of ``lang``, or None for an id that is not a kind."""
    found = catalogue().get(kind)
    return found.names.get(lang) if found else None
