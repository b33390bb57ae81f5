"""The audit as SARIF 2.1.0 (``--format sarif``), the format code-scanning dashboards read (GitHub
code scanning, Azure DevOps, SonarQube, VS Code's SARIF viewer).

One result per finding that is not met; a finding met (late or on time) is not a result. SARIF
allows an ``error``/``warning``/``note`` level only on a result of kind ``fail``, so:

============  ==========  =======  ===================================================
status        kind        level    why
============  ==========  =======  ===================================================
missing       fail        error    no evidence by the deadline
partial       fail        warning  evidence that lacks something the law asks
waived        fail        note     with an external suppression: the waiver's reason
due           open        none     the deadline is ahead, no evidence yet
upcoming      open        none     the period has not begun
not evidenced review      none     advice and incentives (``--include``): never a failure
============  ==========  =======  ===================================================

Each result's locations name the organisation (a logical location) beside a file (a physical
location, which GitHub code scanning requires of every result): where the finding has evidence read
from a file, that file and line (the first ten; further ones are related locations, as GitHub takes
ten locations a result); else the rule's YAML file, relative to ``PACKROOT`` (the rule packs
installed with velvoite, ``velvoite/rules/``) or, in a user's pack, its path as given; else the
first record path given. A stable ``partialFingerprints`` (organisation/rule/period) lets a
dashboard follow one obligation from run to run. The rule's metadata (title, summary, legal basis
with Finlex links) is in ``tool.driver.rules``. Nothing in it changes by itself: no timestamps, no
machine paths beyond the paths as given (``PACKROOT`` is described, not resolved).
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath, PurePosixPath
from urllib.parse import quote

from velvoite import __version__
from velvoite.messages import citation_text, date_text, status_text
from velvoite.reports.options import AUDIT, AuditOptions
from velvoite.rules.pack import builtin_pack_dirs

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
KIND_LEVEL = {"missing": ("fail", "error"), "partial": ("fail", "warning"), "waived": ("fail", "note"),
              "due": ("open", "none"), "upcoming": ("open", "none"), "not_evidenced": ("review", "none")}
DEFAULT_LEVEL = {"duty": "error", "advice": "note", "incentive": "note"}
# The tool has no web page of its own: its informationUri is the act whose duties it checks first
# (Act 612/2021 on organising social and health care, HYTE in sections 6 and 7).
INFORMATION_URI = "https://finlex.fi/fi/lainsaadanto/2021/612"
PACKROOT = "PACKROOT"
MAX_LOCATIONS = 10
BASES = {PACKROOT: {"description": {"text": "The rule packs installed with velvoite (velvoite/rules/ in its "
                                            "package)."}}}


def uri(display: str) -> str:
    """A record file as a URI reference: relative paths stay relative (the dashboard resolves them
    against the checkout), absolute ones become ``file:`` URIs; spaces and ä are percent-encoded."""
    path = PurePath(display)
    if path.is_absolute():
        return path.as_uri()
    return quote(PurePosixPath(*path.parts).as_posix(), safe="/")


def _bases(rule, finding, lang: str, as_of) -> list[tuple[str, str]]:
    """Every provision the rule cites (for every kind of organisation and period of validity; those
    in force on the audit's day first, an ended one with its last day), or where the rule is not
    known, those of its first finding: (citation, link)."""
    if rule is None:
        return [(c.text(lang), c.url) for c in finding.legal_basis]
    ordered = sorted(rule.legal_basis, key=lambda b: b.valid_until is not None and b.valid_until < as_of)
    cited = [(citation_text(b.act, b.section, b.subsection, lang)
              + (f" (–{date_text(b.valid_until, lang)})" if b.valid_until and b.valid_until < as_of else ""),
              b.urls.get(lang) or b.url or "") for b in ordered]
    return list(dict.fromkeys(cited))


def _descriptor(rule_id: str, rule, finding, lang: str, as_of) -> dict:
    title = getattr(rule.title, lang) if rule is not None else rule_id
    out: dict = {"id": rule_id, "shortDescription": {"text": title},
                 "fullDescription": {"text": getattr(rule.summary, lang) if rule is not None else title}}
    bases = _bases(rule, finding, lang, as_of)
    if bases and bases[0][1]:
        out["helpUri"] = bases[0][1]
    out["help"] = {"text": "\n".join(f"{text} {url}".strip() for text, url in bases) or title}
    out["defaultConfiguration"] = {"level": DEFAULT_LEVEL[finding.severity]}
    out["properties"] = {"severity": finding.severity, "tags": [finding.severity]
                         + ([rule.pack] if rule is not None and rule.pack else [])}
    return out


def rule_file(rule_id: str, packs: tuple[str, ...] = ()) -> dict | None:
    """The artifact of a rule's YAML file: in a user's pack (the last given that has it, as
    ``load_rules`` lets it replace the others), else in a built-in pack, relative to ``PACKROOT``."""
    for pack in reversed(packs):
        path = Path(pack) / f"{rule_id}.yaml"
        if path.is_file():
            return {"uri": uri(str(path))}
    for folder in builtin_pack_dirs():
        if (folder / f"{rule_id}.yaml").is_file():
            return {"uri": uri(f"{folder.name}/{rule_id}.yaml"), "uriBaseId": PACKROOT}
    return None


def _fallback(finding, packs: tuple[str, ...], paths: tuple[str, ...], files: dict) -> dict | None:
    """Where a result without evidence in a file points: its rule's file (looked up once a rule in
    ``files``), else the records given."""
    if finding.rule not in files:
        files[finding.rule] = rule_file(finding.rule, packs)
    artifact = files[finding.rule]
    if artifact is not None:
        return {"artifactLocation": artifact, "region": {"startLine": 1}}
    if paths:
        return {"artifactLocation": {"uri": uri(paths[0])}}
    return None


def _locations(finding, sources) -> list[dict]:
    out = []
    for rid in finding.evidence:
        where = sources.lines.get(rid) if sources is not None else None
        if where is None:
            continue
        display, line = where
        # a record read without its line (none is known): the file's first line, as GitHub needs a line
        physical = {"artifactLocation": {"uri": uri(display)}, "region": {"startLine": line or 1}}
        out.append({"physicalLocation": physical})
    return out


def _result(finding, index: int, sources, lang: str, packs: tuple[str, ...] = (), paths: tuple[str, ...] = (),
            files: dict | None = None) -> dict:
    kind, level = KIND_LEVEL[finding.status]
    result: dict = {"ruleId": finding.rule, "ruleIndex": index, "kind": kind, "level": level,
                    "message": {"text": f"{finding.org_name}: {finding.explanation}"}}
    organisation = [{"name": finding.org_name, "fullyQualifiedName": finding.org, "kind": "organisation"}]
    located = _locations(finding, sources)
    if not located:
        fallback = _fallback(finding, packs, paths, {} if files is None else files)
        located = [{"physicalLocation": fallback}] if fallback else [{}]
    located = [{**where, "logicalLocations": organisation} for where in located]
    # GitHub code scanning takes at most 10 locations a result; the evidence beyond is related to it
    result["locations"] = located[:MAX_LOCATIONS]
    if located[MAX_LOCATIONS:]:
        result["relatedLocations"] = [{"id": i, **where} for i, where in enumerate(located[MAX_LOCATIONS:], 1)]
    result["partialFingerprints"] = {"velvoite/obligation/v1": f"{finding.org}/{finding.rule}/{finding.period}"}
    if finding.status == "waived":
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": finding.explanation}]
    result["properties"] = {"org": finding.org, "period": finding.period, "deadline": finding.deadline.isoformat(),
                            "status": finding.status, "status_text": status_text(finding, lang),
                            "late": finding.late, "evidence": finding.evidence, "missing": finding.missing}
    return result


def render(audit, lang: str = "en", options: AuditOptions = AUDIT) -> str:
    """``options.rules`` (id -> Rule) gives the rules' titles and packs; ``sources`` the records' files and
    lines; ``rule_packs`` the user's pack folders (``--rules``) and ``paths`` the record paths, as given."""
    rules, sources, rule_packs, paths = options.rules or {}, options.sources, options.rule_packs, options.paths
    first: dict = {}
    for f in audit.findings:
        first.setdefault(f.rule, f)
    order = sorted(first)
    index = {rule_id: i for i, rule_id in enumerate(order)}
    files: dict = {}
    results = [_result(f, index[f.rule], sources, lang, tuple(rule_packs), tuple(paths), files)
               for f in audit.findings if f.status != "met"]
    based = any(where.get("physicalLocation", {}).get("artifactLocation", {}).get("uriBaseId") == PACKROOT
                for r in results for where in r["locations"])
    run = {"tool": {"driver": {"name": "velvoite", "version": __version__, "semanticVersion": __version__,
                               "informationUri": INFORMATION_URI,
                               "rules": [_descriptor(r, rules.get(r), first[r], lang, audit.as_of) for r in order]}},
           **({"originalUriBaseIds": BASES} if based else {}),
           "language": lang,
           "results": results,
           "properties": {"as_of": audit.as_of.isoformat(), "from": audit.start.isoformat(), "engine": audit.engine}}
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
