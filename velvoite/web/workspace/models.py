"""What a database workspace keeps.

``StoredRecord``: one record as its organisation wrote it (the record format, its ``id``
included), with the organiser, kind and date resolved for lookups. ``Change``: the history, one
row per creation, change or removal with who, when, and the record before and after; the database
refuses to change or delete a history row (triggers, migration 0002), whatever the role.
``Member``: a user's organisation and role; ``LoginFailure``: recent failed logins (throttling).
``Confirmation``: a participant standing behind a record another organisation stored
(engine.standing), for the record as it then was; append-only like the history (migration 0003).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

ROLES = ("editor", "coordinator", "analyst", "admin")


class AppendOnly:
    """A model whose rows are written once: saving a stored row again, or deleting one, raises
    ``PermissionError(refusal)`` (the database's triggers refuse it too)."""

    refusal = "append-only"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError(self.refusal)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(self.refusal)


class StoredRecord(models.Model):
    rid = models.CharField(max_length=200, unique=True)
    org = models.CharField(max_length=20, db_index=True)
    kind = models.CharField(max_length=100)
    date = models.DateField()
    values = models.JSONField()
    source = models.CharField(max_length=500, blank=True, default="")
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]


class Change(AppendOnly, models.Model):
    at = models.DateTimeField(db_index=True)
    actor = models.CharField(max_length=254)
    action = models.CharField(max_length=10, choices=[(a, a) for a in ("create", "update", "delete", "confirm")])
    rid = models.CharField(max_length=200, db_index=True)
    org = models.CharField(max_length=20, db_index=True)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    source = models.CharField(max_length=500, blank=True, default="")
    identity = models.BigIntegerField(null=True, db_index=True)  # the StoredRecord.id it belongs to (0005)
    refusal = "the history is append-only"

    class Meta:
        ordering = ["id"]


class Confirmation(AppendOnly, models.Model):
    """An editor of ``org``, a participant the record lists, confirmed the record ``rid`` as it
    read then (``values``): it counts for ``org`` while the stored record still says exactly that."""

    rid = models.CharField(max_length=200, db_index=True)
    values = models.JSONField()
    org = models.CharField(max_length=20)
    actor = models.CharField(max_length=254)
    at = models.DateTimeField()
    refusal = "confirmations are append-only"

    class Meta:
        ordering = ["id"]


class Member(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member")
    org = models.CharField(max_length=20)
    role = models.CharField(max_length=12, choices=[(r, r) for r in ROLES])


class LoginFailure(models.Model):
    username = models.CharField(max_length=254, db_index=True)
    address = models.CharField(max_length=64, blank=True, default="")
    at = models.DateTimeField(db_index=True)


class FeedToken(models.Model):
    """A user's secret calendar address (web/feed_token.py): found by its public ``key``, proved
    by its secret, of which only the SHA-256 is kept (the address is shown to the user once)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token")
    key = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created = models.DateTimeField()


PROPOSAL_STATUSES = ("pending", "accepted", "rejected")
REJECT_REASONS = ("not_a_decision", "wrong_body", "statement", "duplicate", "other")


class ArchivedCopy(models.Model):
    """A harvested source as it was read (minutes are taken offline after some years): its bytes,
    known by their SHA-256, which an accepted record names in its notes (web/proposals.py)."""

    sha256 = models.CharField(max_length=64, unique=True)
    content = models.BinaryField()
    content_type = models.CharField(max_length=100)
    source = models.CharField(max_length=2000)
    fetched_at = models.DateTimeField()


class Proposal(models.Model):
    """A record ``velvoite harvest --into`` proposed from published minutes: it counts for nothing
    (audits read ``StoredRecord`` only) until an editor of ``org`` accepts it as a record or
    rejects it with a reason. ``harvested`` is the proposal as the reader made it, in full."""

    org = models.CharField(max_length=20, db_index=True)
    kind = models.CharField(max_length=100, blank=True, default="")
    date = models.DateField(null=True)
    body = models.CharField(max_length=300, blank=True, default="")
    body_tier = models.CharField(max_length=20, blank=True, default="")
    section = models.CharField(max_length=40, blank=True, default="")
    case_number = models.CharField(max_length=100, blank=True, default="", db_index=True)
    title = models.TextField(blank=True, default="")
    decision = models.CharField(max_length=20, blank=True, default="")
    reference = models.CharField(max_length=500, blank=True, default="")
    snippet = models.TextField(blank=True, default="")
    source = models.CharField(max_length=2000)
    sha256 = models.CharField(max_length=64, db_index=True)
    copy = models.ForeignKey(ArchivedCopy, null=True, on_delete=models.PROTECT, related_name="proposals")
    harvested = models.JSONField()
    queued_at = models.DateTimeField()
    queued_by = models.CharField(max_length=254)
    status = models.CharField(max_length=10, default="pending", db_index=True,
                              choices=[(s, s) for s in PROPOSAL_STATUSES])
    reason = models.CharField(max_length=20, blank=True, default="", choices=[(r, r) for r in REJECT_REASONS])
    reason_text = models.TextField(blank=True, default="")
    decided_by = models.CharField(max_length=254, blank=True, default="")
    decided_at = models.DateTimeField(null=True)
    record = models.CharField(max_length=200, blank=True, default="")  # the rid of the record accepted

    class Meta:
        ordering = ["id"]


class FeedMark(models.Model):
    """The newest item of a feed that ``velvoite harvest --feed`` has read for ``org``: a nightly
    run proposes only the items after it."""

    org = models.CharField(max_length=20)
    url = models.CharField(max_length=2000)
    last_seen = models.CharField(max_length=2000)
    checked_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["org", "url"], name="feedmark_org_url")]


class DataVersion(models.Model):
    """One row: the number of the workspace data, raised by every write of records or confirmations
    in the writing transaction (web.version.touch), before anything else it writes. A server worker
    compares it with the number its loaded records are of (one cheap read per request) and applies
    only the history rows written since (web.loaded); the row lock orders the writers, so history
    rows are numbered in the order they are committed."""

    number = models.BigIntegerField(default=0)
