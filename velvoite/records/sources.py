"""Where each record was read: its file and line, for outputs that point back at the evidence
(SARIF locations) and for records whose meaning is checked after loading (waivers kept as records,
whose rule and period are known only against the rules in use).

Locating every record is asked for (``locate``): a national data set of a million records keeps
no line numbers it will not print. The few records of ``KEPT`` kinds keep where each field stood.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from velvoite.i18n import _

KEPT = frozenset({"waiver"})  # kinds checked after loading, with an error at the field's line


@dataclass
class Sources:
    locate: bool = False
    lines: dict[str, tuple[str, int]] = field(default_factory=dict)  # record id -> (file as shown, line)
    raws: dict[str, tuple[str, object]] = field(default_factory=dict)  # record id -> (file, RawRecord), KEPT kinds

    def add(self, rid: str, display: str, raw, kind: str) -> None:
        if self.locate:
            self.lines[rid] = (display, raw.line)
        if kind in KEPT:
            self.raws[rid] = (display, raw)

    def where(self, rid: str, name: str | None = None) -> tuple[str, int | None, str | None]:
        """The file, line and label of a kept record's field (its first line for ``None``). A
        record that has no line (stored in a database workspace, given as a mapping) is named by
        its id instead."""
        display, raw = self.raws[rid]
        line, label = raw.where(name)
        if not line:
            return _("{source}, record {id}").format(source=display, id=rid), None, label
        return display, line, label

    def merged(self, other: "Sources") -> "Sources":
        """These sources and ``other``'s (``other`` wins for an id in both)."""
        return Sources(self.locate, {**self.lines, **other.lines}, {**self.raws, **other.raws})
