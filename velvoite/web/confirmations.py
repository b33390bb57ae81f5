"""Confirmations (vahvistukset), kept and read: a participant stands behind a record another
organisation stored.

A record lists organisations that took part; it counts for one of them only when the organiser
and it are the two sides of the duty, or when it confirmed the record (``engine.standing``). An
editor or coordinator of a listed participant confirms the record as it reads now: the
confirmation holds while the stored record says exactly that, so a later change by the organiser
needs confirming again. Each confirmation is kept (``Confirmation``) and is a row of the record's
history. The loader (``web.source``) and the loaded records (``web.loaded``) read them here; the
views that make them are ``web.confirm``.
"""

from __future__ import annotations

from velvoite.web.version import touch


def may_confirm(access, stored) -> bool:
    """Whether the user can confirm ``stored``: they write for a participant it lists, not for its organiser."""
    if access is None or access.role not in ("editor", "coordinator") or access.org == stored.org:
        return False
    return access.org in (stored.values.get("participants") or ())


def confirmations_of(rid: str) -> list:
    """Every confirmation of a record, oldest first."""
    from velvoite.web.workspace.models import Confirmation  # (the app registry is ready only after configure)

    return list(Confirmation.objects.filter(rid=rid).order_by("id"))


def standing_confirmations(stored_values: dict[str, dict]) -> dict[str, tuple[str, ...]]:
    """For the loader: record id -> the participants whose confirmation is of the record as it is
    stored now (``stored_values``: record id -> stored mapping)."""
    from velvoite.web.workspace.models import Confirmation  # (the app registry is ready only after configure)

    out: dict[str, list[str]] = {}
    for c in Confirmation.objects.order_by("id"):
        values = stored_values.get(c.rid)
        if values is not None and c.values == values and c.org in (values.get("participants") or ()):
            found = out.setdefault(c.rid, [])
            if c.org not in found:
                found.append(c.org)
    return {rid: tuple(sorted(orgs)) for rid, orgs in out.items()}


def with_confirmations(records: list, first: int = 0) -> None:
    """Set ``confirmed_by`` on the stored records ``records[first:]`` (the loader, for a database
    workspace): the participants whose confirmation holds for the record as stored."""
    from velvoite.web.workspace.models import Confirmation, StoredRecord  # (the app registry: after configure)

    rids = set(Confirmation.objects.values_list("rid", flat=True))
    if not rids:
        return
    confirmed = standing_confirmations(dict(StoredRecord.objects.filter(rid__in=rids).values_list("rid", "values")))
    for record in records[first:]:
        orgs = confirmed.get(record.id)
        if orgs:
            object.__setattr__(record, "confirmed_by", orgs)  # (frozen: set once, before anyone shares it)


def confirm(stored, org: str, actor: str, source: str) -> bool:
    """Record that ``org`` confirms ``stored`` as it reads now, with its history row; False when
    that confirmation exists already (nothing is written)."""
    from django.utils import timezone  # (with the models: Django is set up only when a workspace is opened)

    from velvoite.web.workspace.models import Change, Confirmation  # (the app registry: after configure)

    if Confirmation.objects.filter(rid=stored.rid, org=org, values=stored.values).exists():
        return False
    touch()
    now = timezone.now()
    Confirmation.objects.create(rid=stored.rid, values=stored.values, org=org, actor=actor, at=now)
    Change.objects.create(at=now, actor=actor, action="confirm", rid=stored.rid, org=stored.org, before=None,
                          after=stored.values, source=f"{source}:{org}", identity=stored.pk)
    return True


def stored_for_confirming(rid: str, writing: bool = False):
    """The stored record ``rid``, locked; ``writing``: the data version raised first (as every
    write takes the version's lock before a record's)."""
    from velvoite.web.workspace.models import StoredRecord  # (the app registry is ready only after configure)

    if writing:
        touch()
    return StoredRecord.objects.select_for_update().filter(rid=rid).first()


def current(stored) -> list[str]:
    """The participants whose confirmation holds for the record as stored."""
    return list(standing_confirmations({stored.rid: stored.values}).get(stored.rid, ()))
