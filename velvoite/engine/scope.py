"""Which organisations a run covers: those named (``--org``), a region (a county and its
municipalities, or Helsinki), else the organisations that recorded activities."""

from __future__ import annotations

from velvoite.errors import ReferenceError_
from velvoite.i18n import _


def scope(registry, orgs: tuple[str, ...], region: str | None, records) -> list:
    """The organisations a command covers: --org and --region, else those that recorded activities."""
    chosen: dict[str, object] = {}
    for ref in orgs:
        org = registry.resolve(ref)
        chosen[org.id] = org
    if region:
        for org in registry.region(region):
            chosen[org.id] = org
    if not orgs and not region:
        for rec in records:
            chosen[rec.org] = registry.orgs[rec.org]
        if not chosen:
            raise ReferenceError_(_("no organisation to audit: give --org or --region"))
    return [chosen[k] for k in sorted(chosen)]


def given_scope(registry, orgs: tuple[str, ...], region: str | None) -> list | None:
    """The organisations --org and --region name (before any record is read, so that rows of no
    organisation in scope are passed over), or None when neither is given."""
    return scope(registry, orgs, region, ()) if orgs or region else None
