"""A user's secret calendar address token, as calendar services give one: calendar programs cannot
log in, so the address itself is the key, ``/calendar/u/<token>/<org>.ics`` (``web.feeds``); the
page that makes one is ``web.feed_address``.

The token is a public ``key`` (to find its row) and a secret; the database keeps the key and the
SHA-256 of the secret (``FeedToken``), compared in constant time, so a copy of the database gives
no address. Making a new one ends the old one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from velvoite.web.workspace.models import FeedToken

KEY_LENGTH = 12  # hex characters: the row's public key
UNKNOWN = hashlib.sha256(b"no such key").hexdigest()  # compared with when no row has the key (same time)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token(user) -> str:
    """A new secret address token for ``user``; their previous one no longer works."""
    key, secret = secrets.token_hex(KEY_LENGTH // 2), secrets.token_urlsafe(24)
    with transaction.atomic():
        FeedToken.objects.filter(user=user).delete()
        FeedToken.objects.create(user=user, key=key, digest=_digest(secret), created=timezone.now())
    return key + secret


def user_of(token: str):
    """The active user whose address ``token`` is, or None (nothing says which part was wrong)."""
    key, secret = token[:KEY_LENGTH], token[KEY_LENGTH:]
    found = FeedToken.objects.select_related("user").filter(key=key).first() if len(token) < 100 else None
    same = hmac.compare_digest(found.digest if found else UNKNOWN, _digest(secret))
    if found is None or not same or not found.user.is_active:
        return None
    return found.user


def made_on(user) -> str:
    """The day ``user``'s address was made (ISO), or "" when they have none."""
    found = FeedToken.objects.filter(user=user).first()
    return found.created.date().isoformat() if found else ""
