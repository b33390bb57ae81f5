"""A history row belongs to a record's identity, not to its id (issue 28): an id removed and used
again, by the same or another organisation, is another record, and showed the earlier one's history
(its editors' e-mail addresses included). ``Change.identity`` is the stored record's own key
(``StoredRecord.id``, which neither SQLite's AUTOINCREMENT nor PostgreSQL's sequence gives twice).

The rows written before are given theirs here: an id's rows run in order, and a row after a
removal begins another record; the last of an id's records that is still stored gets its key, one
that is gone minus the id of its first row (no stored record has that key). The append-only
triggers (0002) are set aside for this one update and put back as they were."""

import importlib

from django.db import migrations, models

APPEND_ONLY = importlib.import_module("velvoite.web.workspace.migrations.0002_history_append_only")


def _identities(changes, stored: dict) -> dict:
    """{identity: [row ids]} for rows (id, rid, action) in id order."""
    out: dict = {}
    runs: dict = {}  # rid -> (the first row id of its current run, whether the run ended in a removal)
    for cid, rid, action in changes:
        first, ended = runs.get(rid, (None, True))
        if ended:
            first = cid
        runs[rid] = (first, action == "delete")
        out.setdefault((rid, first), []).append(cid)
    result: dict = {}
    for (rid, first), ids in out.items():
        first_run, ended = runs[rid]
        identity = stored[rid] if first == first_run and not ended and rid in stored else -first
        result[identity] = ids
    return result


def forwards(apps, schema_editor):
    Change = apps.get_model("workspace", "Change")
    StoredRecord = apps.get_model("workspace", "StoredRecord")
    rows = list(Change.objects.order_by("id").values_list("id", "rid", "action"))
    if not rows:
        return
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name in ("workspace_change_no_update", "workspace_change_no_delete"):
            schema_editor.execute(f"DROP TRIGGER {name}")
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE workspace_change DISABLE TRIGGER workspace_change_no_change")
    else:
        raise RuntimeError(f"no append-only triggers for {vendor}")
    stored = dict(StoredRecord.objects.values_list("rid", "id"))
    for identity, ids in _identities(rows, stored).items():
        for start in range(0, len(ids), 500):
            Change.objects.filter(id__in=ids[start:start + 500]).update(identity=identity)
    if vendor == "sqlite":
        for sql in APPEND_ONLY.SQLITE:
            schema_editor.execute(sql)
    else:
        schema_editor.execute("ALTER TABLE workspace_change ENABLE TRIGGER workspace_change_no_change")


class Migration(migrations.Migration):
    dependencies = [("workspace", "0004_feed_token")]
    operations = [
        migrations.AddField(model_name="change", name="identity",
                            field=models.BigIntegerField(db_index=True, null=True)),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
