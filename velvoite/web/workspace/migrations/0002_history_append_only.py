"""The history table refuses UPDATE and DELETE in the database itself, so that no role, no
admin tool and no bug in velvoite can rewrite what was done (SQLite and PostgreSQL triggers)."""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER workspace_change_no_update BEFORE UPDATE ON workspace_change "
    "BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END",
    "CREATE TRIGGER workspace_change_no_delete BEFORE DELETE ON workspace_change "
    "BEGIN SELECT RAISE(ABORT, 'the history is append-only'); END",
]
POSTGRESQL = [
    "CREATE FUNCTION workspace_change_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'the history is append-only'; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER workspace_change_no_change BEFORE UPDATE OR DELETE ON workspace_change "
    "FOR EACH ROW EXECUTE FUNCTION workspace_change_append_only()",
    "CREATE TRIGGER workspace_change_no_truncate BEFORE TRUNCATE ON workspace_change "
    "FOR EACH STATEMENT EXECUTE FUNCTION workspace_change_append_only()",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor)
    if statements is None:
        raise RuntimeError(f"no append-only triggers for {schema_editor.connection.vendor}")
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("workspace", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
