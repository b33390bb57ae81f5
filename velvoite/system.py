"""The run context (issue 29; OpenFisca's ``TaxBenefitSystem``): what one run of the command line,
or one workspace server, audits with. The registry, the rule packs chosen and their vocabulary of
kinds and fields, the engine, the waivers, the first day of an audit's range and the clock, held
together in one object that both faces build once (the CLI from its click options and
velvoite.toml, ``commands.common.Settings.system``; the workspace from the same settings), instead
of assembling ``run_audit``'s parameters at every caller.

Nothing here reads today's date: the clock is given (the CLI's ``today``, a test's pinned day).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable

AUDIT_START = dt.date(2023, 1, 1)  # the default first day of an audit's range (--from)


class System:
    """The run context. The registry, the rules and the engine are read on first use (a run that
    fails on its records says so before a pack is read, as it always did)."""

    def __init__(self, registry: Callable, rules: Callable, engine: Callable, waivers_of: Callable, reader: Callable,
                 clock: Callable[[], dt.date], audit_start: dt.date = AUDIT_START):
        self._registry, self._rules, self._engine = registry, rules, engine  # each () -> the value, asked once
        self.waivers_of = waivers_of  # records -> the waivers of the configuration and of those records
        self.reader = reader  # (paths, scope, locate) -> the records under paths (validated, notes said)
        self.clock = clock  # () -> the day of the run: the default as-of date
        self.audit_start = audit_start

    @classmethod
    def of(cls, settings, clock: Callable[[], dt.date]) -> System:
        """The run context of a command line's options and velvoite.toml (``commands.common.Settings``)."""
        def waivers_of(records):
            if records is getattr(settings, "_records", None):
                return settings.waivers  # those of the records the run read, made once
            return settings.waivers_of(records, None)

        return cls(lambda: settings.registry, lambda: settings.rules, lambda: settings.engine, waivers_of,
                   lambda paths, scope, locate: settings.records(paths, locate=locate, scope=scope), clock)

    @classmethod
    def given(cls, registry, rules: dict, engine: str = "python", waivers: dict | None = None,
              clock: Callable[[], dt.date] | None = None) -> System:
        """The run context of values already at hand (a rule's test cases: its registry, the rule
        alone, the engine asked for; no records to read)."""
        def no_reader(paths, scope, locate):
            raise TypeError("this run context reads no records")

        def no_clock():
            raise TypeError("this run context has no clock: give the as-of date")

        return cls(lambda: registry, lambda: rules, lambda: engine, lambda records: waivers, no_reader,
                   clock or no_clock)

    def with_waivers(self, waivers_of: Callable) -> System:
        """This run context with other waivers (``waivers_of(records)``): a public feed's, without
        their reasons; a server's, kept as the records change. The registry, packs and engine are shared."""
        other = copy.copy(self)
        other.waivers_of = waivers_of
        return other

    @functools.cached_property
    def registry(self):
        """The organisations and terms (``registry.Registry``)."""
        return self._registry()

    @functools.cached_property
    def rules(self) -> dict:
        """The chosen packs' rules by id: duties, advice and incentives (``rules_for`` chooses)."""
        return self._rules()

    @functools.cached_property
    def engine(self) -> str:
        """durable, python or auto (--engine, then velvoite.toml)."""
        return self._engine()

    @functools.cached_property
    def vocabulary(self):
        """The kinds and fields of the packs loaded (``records.kinds.Vocabulary``)."""
        from velvoite.records.kinds import vocabulary  # here: velvoite --help imports the run context, not the records

        self.rules  # noqa: B018 (loading the packs makes their vocabulary the one in use)
        return vocabulary()

    def rules_for(self, include: tuple[str, ...] = ()) -> dict:
        """The duties, and advice or incentives only when ``include`` names them (``--include``)."""
        return {k: r for k, r in self.rules.items() if r.severity == "duty" or r.severity in include}

    def load_records(self, paths, scope=None, locate: bool = False) -> list:
        """The records under ``paths``; with ``scope`` (the organisations of --org or --region),
        rows of no organisation in it are passed over (``records.within``); ``locate``: where each
        record was read is kept, for outputs that point at the evidence (SARIF)."""
        return self.reader(list(paths), scope, locate)

    def audit(self, records: list, orgs: list, as_of: dt.date | None = None, *, start: dt.date | None = None,
              until: dt.date | None = None, lang: str = "en", include: tuple[str, ...] = (),
              waivers: dict | None = None, **more):
        """``engine.audit.run_audit`` with this context's registry, rules, engine and waivers; the
        as-of date the clock's day unless given, the range from ``audit_start`` unless given;
        ``waivers``: those of ``records`` when the caller has them already (made once for a report).
        ``more``: run_audit's own (progress, grounds, use_columnar)."""
        from velvoite.engine.audit import run_audit  # here: velvoite --help imports the run context, not the engine

        return run_audit(records, self.registry, self.rules_for(include), orgs, as_of or self.clock(),
                         start or self.audit_start, until=until, engine=self.engine, lang=lang,
                         waivers=self.waivers_of(records) if waivers is None else waivers, **more)
