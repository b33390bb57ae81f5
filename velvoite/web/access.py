"""Who may read and write what: the one place the roles are decided (tests/test_web_access.py
tries every role on every endpoint).

editor       writes and reads the records of their own organisation
coordinator  a county's (or Helsinki's): writes the county's records, reads those of the county and
             its municipalities, and the region's audit and report
analyst      reads everything, writes nothing
admin        reads everything, manages users, writes no records (every change to a record is made
             by someone of the organisation it belongs to)
"""

from __future__ import annotations

from dataclasses import dataclass

from velvoite.registry.registry import HELSINKI


@dataclass(frozen=True)
class Access:
    role: str
    org: str
    readable: frozenset | None  # None: every organisation

    def can_read(self, org_id: str) -> bool:
        return self.readable is None or org_id in self.readable

    def can_write(self, org_id: str) -> bool:
        return self.role in ("editor", "coordinator") and org_id == self.org

    def can_read_region(self, county_id: str) -> bool:
        if self.readable is None:
            return True
        return self.role == "coordinator" and county_id == self.org

    @property
    def national(self) -> bool:
        return self.readable is None

    @property
    def manages_users(self) -> bool:
        return self.role == "admin"


def may_coordinate(org) -> bool:
    """Whether an organisation can be a coordinator's: a county, or Helsinki (its own region)."""
    return org.kind == "county" or org.id == HELSINKI


def access_of(user, registry) -> Access | None:
    """A signed-in user's access, or None (no membership: nothing)."""
    member = getattr(user, "member", None) if user is not None and user.is_authenticated else None
    if member is None:
        return None
    if member.role in ("analyst", "admin"):
        return Access(member.role, member.org, None)
    if member.role == "coordinator":
        return Access(member.role, member.org, frozenset(o.id for o in registry.region(member.org)))
    return Access(member.role, member.org, frozenset({member.org}))
