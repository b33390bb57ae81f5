"""What a renderer may be given besides its subject and language (issue 29, item 4): every renderer
is ``render(subject, lang, options) -> str | bytes``, registered in one table per subject
(``reports.FORMATS``, ``reports.REPORT_FORMATS``), and reads the options it needs from one of these.
A name that is not an option is a TypeError where the options are made, never swallowed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AuditOptions:
    """An audit's renderers (``velvoite audit --format``)."""

    colour: bool = False  # table: the terminal's colours
    orgs: dict | None = None  # table: the registry's organisations by id, naming those a finding misses
    rules: dict | None = None  # table, md, sarif: id -> Rule (titles, packs)
    sources: object = None  # sarif: where each record was read (records.sources.Sources)
    rule_packs: tuple[str, ...] = ()  # sarif: the user's pack folders (--rules)
    paths: tuple[str, ...] = ()  # sarif: the record paths, as given
    dialect: object = None  # csv: escape.sheet.CsvDialect (default: the language's)


@dataclass(frozen=True)
class ReportOptions:
    """A gap report's renderers (``velvoite report --format``)."""

    findings: tuple | list = ()  # xlsx: every finding started, with its evidence
    references: dict | None = None  # xlsx: record id -> its decision reference
    counties: dict | None = None  # xlsx: organisation id -> its county's row
    orgs: dict | None = None  # xlsx: the registry's organisations by id
    dialect: object = None  # csv: escape.sheet.CsvDialect (default: the language's)
    yearclock: dict | None = None  # html, pdf: the year's rhythm with its deadlines (reports.yearclock)
    form: dict | None = None  # html, pdf: the workspace's trend choice (web.reports.trend_form)
    links: dict | None = None  # html: a national index, county id -> its page
    back: str | None = None  # html: a county's page links back to the index


AUDIT = AuditOptions()
REPORT = ReportOptions()
