"""The identity of velvoite's calendar entries: a UUID5 of ``rule|org|period[|variant]`` in a fixed
namespace, written with its key (``X-VELVOITE-KEY``) so that an earlier export read back can tell
velvoite's entries from anyone else's exactly: the UID must be the UUID5 of the key it carries.
"""

from __future__ import annotations

import uuid

# Fixed namespace: changing it would change every UID ever exported.
NAMESPACE = uuid.UUID("6f1d4c2e-9a57-5b0e-8f43-7e5c0a1d2b39")
KEY = "X-VELVOITE-KEY"  # the name the UID is made of; not content (never raises SEQUENCE)


def key(rule: str, org: str, period: str, variant: str = "") -> str:
    """The name an event's UID is made of: only rule, organisation, period (and variant)."""
    return f"{rule}|{org}|{period}" + (f"|{variant}" if variant else "")


def uid_of(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


def uid(rule: str, org: str, period: str, variant: str = "") -> str:
    """The stable identity of an event: no host name, no time, so a re-import updates the entry."""
    return uid_of(key(rule, org, period, variant))


def is_ours(event_uid: str, event_key: str | None) -> bool:
    """Whether an event's UID is one velvoite made: the UUID5 of the key the event carries."""
    return event_key is not None and uid_of(event_key) == event_uid
