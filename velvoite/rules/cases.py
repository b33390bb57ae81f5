"""Rule cases: ``<rule>.cases.yaml`` beside each rule, run by one pytest runner.

A case gives an as-of date, an audit range, the organisations in scope, inline records, and the
findings of its rule that must come out. With ``exact`` (the default) the rule's findings for the
scope are exactly the listed (organisation, period) pairs: an unexpected extra finding fails.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from velvoite.errors import InputError, VelvoiteError, raise_all
from velvoite.i18n import _
from velvoite.messages import is_act
from velvoite.records.yaml_lines import LineDict
from velvoite.rules.source import one_document
from velvoite.rules.located import validation_errors
from velvoite.records import records_from_mappings
from velvoite.system import System


class Expected(BaseModel):
    """The parts of one finding a case pins; unlisted parts are not checked."""

    model_config = ConfigDict(extra="forbid")
    org: str
    period: str
    status: str
    evidence: list[str] | None = None
    missing: list[str] | None = None
    start: dt.date | None = None
    deadline: dt.date | None = None
    recommended_by: dt.date | None = None
    late: bool | None = None
    legal_basis: list[str] | None = Field(None, description='e.g. "612/2021 § 6(3)"')


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    name: str
    note: str | None = None
    as_of: dt.date
    from_: dt.date = Field(dt.date(2023, 1, 1), alias="from")
    orgs: list[str] = Field(default_factory=list)
    records: list[dict] = Field(default_factory=list)
    expect: list[Expected]
    exact: bool = True


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rule: str
    cases: list[Case]


def case_file_for(rule_file: Path) -> Path:
    return rule_file.with_name(rule_file.name.removesuffix(".yaml") + ".cases.yaml")


def load_cases(path: Path) -> CaseFile:
    """A cases file, validated: it names the rule beside it (``<rule>.cases.yaml`` names ``<rule>``)."""
    doc = one_document(path, as_records=True)  # the records as a record file holds them: text is text
    try:
        case_file = CaseFile.model_validate(doc)
    except ValidationError as exc:
        raise_all(validation_errors(exc, doc, str(path), tuple(Case.model_fields)))
        raise
    rule = path.name.removesuffix(".cases.yaml")
    if case_file.rule != rule:
        line = doc.line_of("rule") if isinstance(doc, LineDict) else None
        raise InputError(str(path), line, "rule", _("the cases name rule {named!r}, but they sit beside {rule!r}: name "
                                                    "{rule!r} or move them to {named}.cases.yaml").format(
                                                        named=case_file.rule, rule=rule))
    return case_file


def cite(basis) -> str:
    """A citation as cases write it: ``612/2021 § 6(3)``; a source that is not an act (no
    number/year) as ``Kuntaliitto 2022: heading``."""
    if not is_act(basis.act):
        return f"{basis.act}: {basis.section}"
    return f"{basis.act} § {basis.section}" + (f"({basis.subsection})" if basis.subsection else "")


CHECKED = ("evidence", "missing", "start", "deadline", "recommended_by", "late")


def run_case(rule, case: Case, registry, engine: str = "python") -> list[str]:
    """What is wrong with a rule's findings for one case (nothing: the case passes).

    The one runner behind ``velvoite test`` and the project's own test suite."""
    try:
        records = records_from_mappings(case.records, f"{rule.id}.cases.yaml:{case.name}", registry)
        orgs = [registry.resolve(ref) for ref in case.orgs] or [registry.orgs[r.org] for r in records]
        orgs = list({o.id: o for o in orgs}.values())
        system = System.given(registry, {rule.id: rule}, engine)  # the rule alone, whatever its severity
        audit = system.audit(records, orgs, case.as_of, start=case.from_, include=(rule.severity,))
        expected = [(registry.resolve(e.org).id, e) for e in case.expect]
    except VelvoiteError as exc:
        return [f"the case's own data is wrong: {exc}"]
    got = {(f.org, f.period): f for f in audit.findings}
    problems = []
    for org, exp in expected:
        f = got.get((org, exp.period))
        if f is None:
            problems.append(f"no finding for {org} {exp.period}; got {', '.join(f'{o} {p}' for o, p in sorted(got))}")
            continue
        if f.status != exp.status:
            problems.append(f"{org} {exp.period}: status {f.status}, expected {exp.status} ({f.explanation})")
        for field in CHECKED:
            want = getattr(exp, field)
            if want is not None and getattr(f, field) != want:
                problems.append(f"{org} {exp.period}: {field} {getattr(f, field)!r}, expected {want!r}")
        if exp.legal_basis is not None and [cite(b) for b in f.legal_basis] != exp.legal_basis:
            problems.append(f"{org} {exp.period}: legal basis {[cite(b) for b in f.legal_basis]}, "
                            f"expected {exp.legal_basis}")
        if not f.legal_basis:
            problems.append(f"{org} {exp.period}: cites no legal basis")
    if case.exact:
        extra = sorted(set(got) - {(org, e.period) for org, e in expected})
        if extra:
            problems.append(f"unexpected findings: {', '.join(f'{o} {p}' for o, p in extra)}")
    return problems
