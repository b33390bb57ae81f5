"""Records proposed from published minutes (``velvoite harvest --into``, issue 30): the queue of
proposals in a database workspace, the archived copy of each source, the same item harvested
again recognised, and what accepting one writes into the record it becomes.

A proposal counts for nothing: audits, reports and feeds read stored records only
(``store.exported``). An editor of its organisation accepts it (the record form, the same loader
and ``store.put`` as any record) or rejects it with a reason (web/proposal_pages.py).

The same item is recognised, whatever its status (a rejected item is not proposed again), by any of:

- its organisation, body, meeting date and section (§), the minutes' own address of an item;
- its case number (``KHVADno-2023-663``, ``HEL 2022-011138``) at the same meeting: a case is
  handled more than once (the board proposes, the council approves), each handling its own item;
- its source's SHA-256 with its section and title (the same page read again).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from velvoite.errors import InputError, did_you_mean, short
from velvoite.i18n import _

# Dynasty's and Ahjo's case numbers: KHVADno-2023-663, KAJDno-2022-1234, HEL 2022-011138
CASE_NUMBER = re.compile(r"\b([A-ZÅÄÖ]{2,}(?:Dno)?[- ]\d{4}-\d{1,7})\b")
SNIPPET = 4000  # characters of the decision text kept with a proposal (the archived copy has the rest)


def case_number_of(proposal: dict) -> str:
    """The proposal's case number: its own ``case_number``, else one quoted in its reference or title."""
    given = proposal.get("case_number")
    if isinstance(given, str) and given.strip():
        return given.strip()
    for text in (proposal.get("reference"), proposal.get("title")):
        found = CASE_NUMBER.search(text) if isinstance(text, str) else None
        if found:
            return found.group(1)
    return ""


def _text(proposal: dict, name: str, limit: int) -> str:
    value = proposal.get(name)
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


def _snippet(proposal: dict) -> str:
    for name in ("snippet", "text", "excerpt", "decision_text"):
        value = proposal.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()[:SNIPPET]
    return ""


def _date(proposal: dict, where: str) -> dt.date | None:
    value = proposal.get("date")
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(where, None, "date", _("{value} is not a date (expected YYYY-MM-DD)").format(
            value=short(value))) from None


def _org(proposal: dict, default: str | None, registry, where: str) -> str:
    ref = proposal.get("org") or default
    if not ref:
        raise InputError(where, None, "org", _("no organisation: name it with --org"))
    org = registry.lookup(str(ref))
    if org is None:
        raise InputError(where, None, "org", _("unknown organisation {org}").format(org=short(ref)) + did_you_mean(
            str(ref), [o.name("fi") for o in registry.orgs.values()]))
    return org.id


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def keys_of(fields: dict) -> set[tuple]:
    """The keys by which an item is the same item (the module docstring)."""
    keys = set()
    if fields["section"] and fields["date"]:
        keys.add(("section", fields["org"], _squash(fields["body"]), fields["body_tier"], fields["date"],
                  fields["section"]))
    if fields["case_number"]:
        keys.add(("case", fields["org"], fields["case_number"].replace(" ", "-").casefold(), fields["date"]))
    keys.add(("source", fields["sha256"], fields["section"], _squash(fields["title"])))
    return keys


def fields_of(proposal: dict, default_org: str | None, registry, number: int) -> dict:
    """A harvested proposal as a Proposal row's fields, checked: errors name the source, the
    proposal's place in the list and the field."""
    source = proposal.get("source")
    where = f"{source if isinstance(source, str) and source else 'proposal'}#{number}"
    if not isinstance(source, str) or not source.strip():
        raise InputError(where, None, "source", _("missing: the address or file the proposal was read from"))
    sha = proposal.get("sha256")
    if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise InputError(where, None, "sha256", _("expected the source's SHA-256 as 64 hexadecimal digits"))
    return {"org": _org(proposal, default_org, registry, where), "kind": _text(proposal, "kind", 100),
            "date": _date(proposal, where), "body": _text(proposal, "body", 300),
            "body_tier": _text(proposal, "body_tier", 20), "section": _text(proposal, "section", 40),
            "case_number": case_number_of(proposal)[:100], "title": _text(proposal, "title", 2000),
            "decision": _text(proposal, "decision", 20), "reference": _text(proposal, "reference", 500),
            "snippet": _snippet(proposal), "source": source.strip()[:2000], "sha256": sha}


def _known_keys(fields: list[dict]) -> set[tuple]:
    """The keys of the proposals already queued that could be the same as one of ``fields``."""
    from django.db.models import Q

    from velvoite.web.workspace.models import Proposal  # (harvest --into imports this before Django is set up)

    if not fields:
        return set()
    near = Q(sha256__in={f["sha256"] for f in fields})
    for f in fields:
        if f["case_number"]:
            near |= Q(org=f["org"], case_number=f["case_number"])
        if f["section"] and f["date"]:
            near |= Q(org=f["org"], date=f["date"], section=f["section"])
    known: set[tuple] = set()
    for row in Proposal.objects.filter(near).values(*fields[0]):
        known |= keys_of(row)
    return known


def queue(proposals: list[dict], copies: dict, actor: str, registry, default_org: str | None = None) -> dict:
    """Queue ``proposals`` (the harvest contract's dicts) for review, all or nothing; ``copies``:
    {sha256: (bytes, content type, source)} of the sources read, archived once each. Counts:
    queued, already queued (the same item: skipped), not evidence of any duty (kind null: not
    queued), archived copies kept new."""
    from django.db import transaction
    from django.utils import timezone

    from velvoite.web.workspace.models import Proposal  # (harvest --into imports this before Django is set up)

    checked = [(p, fields_of(p, default_org, registry, i)) for i, p in enumerate(proposals, start=1)]
    evidence = [(p, f) for p, f in checked if f["kind"]]
    counts = {"queued": 0, "skipped": 0, "not_evidence": len(checked) - len(evidence), "archived": 0}
    now = timezone.now()
    with transaction.atomic():
        known = _known_keys([f for _p, f in evidence])
        for proposal, fields in evidence:
            keys = keys_of(fields)
            if keys & known:
                counts["skipped"] += 1
                continue
            known |= keys
            copy = _archived(fields["sha256"], copies, now, counts)
            Proposal.objects.create(**fields, copy=copy, harvested=proposal, queued_at=now, queued_by=actor)
            counts["queued"] += 1
    return counts


def _archived(sha: str, copies: dict, now, counts: dict):
    """The archived copy of the source ``sha``: kept already, or kept now from ``copies`` (bytes
    whose SHA-256 is not ``sha`` are not kept: they are not what the proposal was read from)."""
    from velvoite.web.workspace.models import ArchivedCopy  # (harvest --into imports this before Django is set up)

    found = ArchivedCopy.objects.filter(sha256=sha).first()
    if found is not None or sha not in copies:
        return found
    content, content_type, source = copies[sha]
    if hashlib.sha256(content).hexdigest() != sha:
        return None
    counts["archived"] += 1
    return ArchivedCopy.objects.create(sha256=sha, content=content, content_type=content_type[:100],
                                       source=source[:2000], fetched_at=now)


PROVENANCE = "velvoite harvest: sha256 {sha256}, accepted by {who}"


def provenance(proposal, who: str) -> str:
    """What an accepted record's notes say of where it came from: the archived copy's SHA-256
    (the copy itself stays in the workspace) and who accepted it. Its words stay the same in every
    language, so a program can find it: ``velvoite harvest: sha256 <64 hex>, accepted by <user>``."""
    return PROVENANCE.format(sha256=proposal.sha256, who=who)


def with_provenance(notes: str, proposal, who: str) -> str:
    """The notes an editor wrote, with the provenance line after them (written once)."""
    line = provenance(proposal, who)
    kept = "\n".join(n for n in (notes or "").splitlines() if not n.startswith("velvoite harvest: sha256 "))
    return f"{kept.strip()}\n{line}" if kept.strip() else line


def decide(proposal, status: str, who: str, reason: str = "", text: str = "", record: str = "") -> None:
    """A pending proposal accepted (as the record ``record``) or rejected (with ``reason``)."""
    from django.utils import timezone

    proposal.status, proposal.reason, proposal.reason_text = status, reason, text.strip()[:4000]
    proposal.decided_by, proposal.decided_at, proposal.record = who, timezone.now(), record
    proposal.save()
