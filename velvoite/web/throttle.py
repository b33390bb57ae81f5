"""Login throttling, kept in the database so that every server process sees the same count.

Failures are counted by the combination of username and the client's address (``client_address``:
behind the proxies of ``[server] trusted_proxies``, the address they forwarded), so that guessing
one account from one place, or many accounts from one place, is slowed without locking out anyone
who logs in correctly from elsewhere:

- ``LIMIT`` failures of one username from one address within ``WINDOW``: that combination is
  refused (HTTP 429) until the window passes; the same user elsewhere is not;
- ``LIMIT_ADDRESS`` failures from one address (any usernames): from there, a username that has failed
  there is refused, while a user without failures there still has their attempt (an office behind one
  address is not locked out by one colleague's or one guesser's mistakes);
- ``LIMIT_ADDRESS_HARD`` failures from one address: every attempt from there is refused;
- ``LIMIT_USER`` failures of one username from anywhere: refused everywhere (a guess spread over
  many addresses), at a count that takes an attacker many addresses to reach.

Every attempt is written as a failure before its password is checked and removed when it was right
(``begin``, ``succeeded``), and the limits count what is written: of attempts made at the same
moment, each counts after its own row is written, so the n-th to be written sees at least n, and no
burst checks more than ``LIMIT`` passwords. (django-axes, the reference, asks whether a user is
locked before the check and records the failure after it: a burst passes the question together.)

``log_in`` is the one way in, for the login page and ``POST /api/login`` alike.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import login
from django.utils import timezone

from velvoite.serving import within
from velvoite.web.workspace.models import LoginFailure

WINDOW = dt.timedelta(minutes=15)
LIMIT = 5
LIMIT_ADDRESS = 20
LIMIT_ADDRESS_HARD = 100
LIMIT_USER = 30


def client_address(request) -> str:
    """The address of the client: REMOTE_ADDR, unless that is a trusted proxy; then the
    X-Forwarded-For chain read from the right (each proxy appends the address it saw), past the
    trusted proxies, to the first address that is not one. A client's own X-Forwarded-For is on
    the left of what the proxies appended, so it is never taken for theirs."""
    proxies = getattr(settings, "VELVOITE_TRUSTED_PROXIES", ())
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if not within(remote, proxies):
        return remote[:64]
    found = remote
    for hop in reversed(str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")):
        if not hop.strip():
            continue
        found = hop.strip()
        if not within(found, proxies):
            break
    return found[:64]


class Throttled(Exception):
    """The limits refuse the attempt: no password was checked (HTTP 429)."""


def log_in(request, username: str, check):
    """The one way in: ``username`` (as typed: stripped and lower-cased here) counted as an attempt
    (``begin``), its password checked by ``check(username)`` (the user, or None), and a right one
    signed in (Django's ``login``) with its failures forgotten (``succeeded``). The user, or None
    for a wrong username or password; Throttled when the limits refuse the attempt."""
    username = username.strip().lower()
    attempt = begin(username, request)
    if attempt is None:
        raise Throttled(username)
    user = check(username)
    if user is not None:
        login(request, user)
        succeeded(attempt)
    return user


def begin(username: str, request):
    """The attempt written as a failure (its row), or None when the limits refuse it."""
    now = timezone.now()
    username, address = username[:254], client_address(request)
    LoginFailure.objects.filter(at__lt=now - WINDOW).delete()
    attempt = LoginFailure.objects.create(username=username, address=address, at=now)
    recent = LoginFailure.objects.filter(at__gte=now - WINDOW)  # this one included, and any written since
    here = recent.filter(address=address)
    pair = here.filter(username=username).count()
    at_address = here.count()
    refused = (pair > LIMIT or at_address > LIMIT_ADDRESS_HARD or (at_address > LIMIT_ADDRESS and pair > 1)
               or recent.filter(username=username).count() > LIMIT_USER)
    if refused:
        attempt.delete()  # (a refused attempt checked nothing: the window runs from the failures)
        return None
    return attempt


def succeeded(attempt) -> None:
    """A right password: its attempt, and the earlier failures of the user from that address, are
    forgotten (not those from elsewhere: a guesser's count is not reset by the user)."""
    LoginFailure.objects.filter(username=attempt.username, address=attempt.address).delete()
