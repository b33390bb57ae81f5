"""The kinds of record (kirjauksen laji) in use: declared by the rule packs' manifests
(``pack.yaml``: id, fi/sv/en names, the fields a record of the kind carries), not by code.

The catalogue starts with the built-in packs' kinds and the core kinds every workspace has
(``core.yaml``: the waiver), read on first use; a user pack that declares more adds them when it
is loaded (``rules.pack.load_pack``), before its rules are validated.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from velvoite.records.fields import Field

_CATALOGUE: dict[str, Kind] = {}
_FIELDS: dict[str, Field] = {}  # fields the packs in use declare (records.fields)
_DERIVED: dict[str, object] = {}  # what is derived from them, per catalogue state (read per record)


@dataclass(frozen=True)
class Kind:
    id: str
    names: dict[str, str]
    fields: tuple[str, ...] = ()
    other_names: tuple[str, ...] = ()  # what people also call it (hyvinvointikertomus)
    in_effect: bool = False  # evidence while in effect (valid_from..valid_until), not on its date alone
    covers_members: bool = False  # a county's record without participants stands for all its members


def catalogue() -> dict[str, Kind]:
    """Every kind in use, by id, in declaration order."""
    if not _CATALOGUE:
        from velvoite.rules.manifest import builtin_manifests, core_manifest  # lazily: rules read records' YAML loader

        for manifest in (*builtin_manifests(), core_manifest()):
            _add(manifest)
    return _CATALOGUE


def pack_fields() -> dict[str, Field]:
    """Every field the packs in use declare, by id."""
    catalogue()
    return _FIELDS


def register(manifest) -> None:
    """Add a pack's fields and kinds (from its manifest); a kind already known keeps its first
    declaration, a field declared again must have the same type (a choice gains the new values)."""
    catalogue()  # the built-in kinds first, whatever pack is registered first
    _add(manifest)


def _add(manifest) -> None:
    _DERIVED.clear()
    for decl in manifest.fields:
        new = Field(decl.id, decl.type, tuple(decl.values), decl.default, dict(decl.names), decl.description,
                    decl.counts_as, decl.value_words)
        _FIELDS[decl.id] = _FIELDS[decl.id].merged(new) if decl.id in _FIELDS else new
    for k in manifest.kinds:
        _CATALOGUE.setdefault(k.id, _kind(k))


def _kind(decl) -> Kind:
    return Kind(decl.id, dict(decl.names), tuple(decl.fields), tuple(decl.other_names), decl.in_effect,
                decl.covers_members)


def reset() -> None:
    """Back to the built-in kinds (the next ``catalogue()`` reads them): a run starts from the
    packs it uses, not from those an earlier run in the same process loaded."""
    _CATALOGUE.clear()
    _FIELDS.clear()
    _DERIVED.clear()


def kind_ids() -> tuple[str, ...]:
    return tuple(catalogue())


def kind_name(kind: str, lang: str) -> str | None:
    """A kind in the words of ``lang``, or None for an id that is not a kind."""
    found = catalogue().get(kind)
    return found.names.get(lang) if found else None


def _derived(make):
    """A value derived from the packs in use, made once per catalogue state (``_add`` and ``reset``
    clear it): the loader reads these for every record."""
    key = make.__name__

    @functools.wraps(make)
    def get():
        try:
            return _DERIVED[key]
        except KeyError:
            _DERIVED[key] = value = make()
            return value

    return get


@_derived
def field_names() -> tuple[str, ...]:
    """Every field a record may have: the record's own, then those the packs in use declare."""
    from velvoite.records.model import FIELDS

    return FIELDS + tuple(pack_fields())


@_derived
def field_set() -> frozenset[str]:
    return frozenset(field_names())


# The fields every record may carry whatever its kind; the rest are the kind's (pack.yaml ``fields``).
COMMON_FIELDS = frozenset(("id", "org", "kind", "date", "body", "reference", "url", "also_counts_as", "notes"))


@_derived
def org_list_fields() -> tuple[str, ...]:
    """The fields that list organisations: ``participants`` and those the packs declare so."""
    return ("participants", *(f.id for f in pack_fields().values() if f.type == "organisations"))


@_derived
def kind_by_name() -> dict[str, str]:
    """Each kind by its id, its name in every language and its other names, case-insensitively
    (a kind's own names before any kind's other names)."""
    out = {text.casefold(): k.id for k in catalogue().values() for text in (k.id, *k.names.values())}
    for k in catalogue().values():
        for text in k.other_names:
            out.setdefault(text.casefold(), k.id)
    return out


@_derived
def kind_words() -> tuple[str, ...]:
    """Every word a kind is known by, as written: for "did you mean"."""
    return tuple(text for k in catalogue().values() for text in (k.id, *k.names.values(), *k.other_names))


def kind_named(text: str) -> str | None:
    """The kind a user named by its id or by its fi/sv/en name (``hyte-neuvottelu``), if any."""
    return kind_by_name().get(text.strip().casefold())


def field_of(name: str) -> Field | None:
    return pack_fields().get(name)


@_derived
def counting_fields() -> tuple[str, ...]:
    """The choices fields whose values that are kinds make a record count as those kinds too."""
    return tuple(f.id for f in pack_fields().values() if f.counts_as)


@_derived
def date_fields() -> frozenset[str]:
    """The fields that hold a date: the record's own and those the packs declare so."""
    return frozenset(("date", "valid_from", "valid_until", *(f.id for f in pack_fields().values() if f.type == "date")))


def column_name(field: str, lang: str) -> str:
    """A record field as a column header in ``lang``: its name there, else its id."""
    from velvoite.words.reports import COLUMN_NAMES

    if lang in COLUMN_NAMES and field in COLUMN_NAMES[lang]:
        return COLUMN_NAMES[lang][field]
    declared = pack_fields().get(field)
    return declared.names.get(lang, field) if declared is not None and lang != "en" else field


@_derived
def column_fields() -> dict[str, str]:
    """Each field by its column header in any language, case-insensitively (a header a template
    wrote in Finnish or Swedish reads back as the field); a field id always means itself."""
    from velvoite.words.reports import COLUMN_NAMES, EARLIER_COLUMN_NAMES

    out = {name.casefold(): field for names in COLUMN_NAMES.values() for field, name in names.items()}
    out.update(EARLIER_COLUMN_NAMES)
    for decl in pack_fields().values():
        for name in decl.names.values():
            out.setdefault(name.casefold(), decl.id)
    out.update((name, name) for name in field_names())
    return out
