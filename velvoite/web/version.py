"""The workspace's data version (issue 29): one number, raised by every write of records or
confirmations in the writing transaction, before anything else it writes (``touch``); each server
worker reads it once a request (``data_version``) to see whether its loaded records are behind
(``web.loaded``). The version row's lock, held to the commit, numbers the history rows in the
order they are committed. Below every module that writes (``store``, ``confirmations``) and the
one that reads (``loaded``); it imports nothing of velvoite."""

from __future__ import annotations


def touch() -> None:
    """Raise the data version in the writing transaction, before anything else it writes."""
    from django.db.models import F  # (Django is set up when a workspace is opened: the CLI imports this without)

    from velvoite.web.workspace.models import DataVersion  # (the app registry is ready only after configure)

    if not DataVersion.objects.filter(pk=1).update(number=F("number") + 1):
        DataVersion.objects.create(pk=1, number=1)


def data_version():
    """The workspace's data version (None in a database without its row)."""
    from velvoite.web.workspace.models import DataVersion  # (the app registry is ready only after configure)

    return DataVersion.objects.filter(pk=1).values_list("number", flat=True).first()
