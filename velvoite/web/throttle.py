"""Login throttling: after ``LIMIT`` failed logins for one username, or ``LIMIT_ADDRESS`` from one
address, within ``WINDOW``, further attempts are refused (HTTP 429) until the window passes. Kept
in the database, so every server process sees the same count."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

WINDOW = dt.timedelta(minutes=15)
LIMIT = 5
LIMIT_ADDRESS = 20


def _address(request) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def blocked(username: str, request) -> bool:
    from velvoite.web.workspace.models import LoginFailure

    since = timezone.now() - WINDOW
    recent = LoginFailure.objects.filter(at__gte=since)
    return (recent.filter(username=username[:254]).count() >= LIMIT
            or recent.filter(address=_address(request)).count() >= LIMIT_ADDRESS)


def failed(username: str, request) -> None:
    from velvoite.web.workspace.models import LoginFailure

    now = timezone.now()
    LoginFailure.objects.filter(at__lt=now - WINDOW).delete()
    LoginFailure.objects.create(username=username[:254], address=_address(request), at=now)


def succeeded(username: str) -> None:
    from velvoite.web.workspace.models import LoginFailure

    LoginFailure.objects.filter(Q(username=username[:254])).delete()
