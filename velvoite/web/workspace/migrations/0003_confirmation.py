"""Confirmations (engine.standing): a participant standing behind a record another organisation
stored. Append-only in the database itself, like the history (0002); a confirm is also a history
row, so Change.action gains 'confirm'."""

from django.db import migrations, models

SQLITE = [
    "CREATE TRIGGER workspace_confirmation_no_update BEFORE UPDATE ON workspace_confirmation "
    "BEGIN SELECT RAISE(ABORT, 'confirmations are append-only'); END",
    "CREATE TRIGGER workspace_confirmation_no_delete BEFORE DELETE ON workspace_confirmation "
    "BEGIN SELECT RAISE(ABORT, 'confirmations are append-only'); END",
]
POSTGRESQL = [
    "CREATE FUNCTION workspace_confirmation_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'confirmations are append-only'; END $$ LANGUAGE plpgsql",
    "CREATE TRIGGER workspace_confirmation_no_change BEFORE UPDATE OR DELETE ON workspace_confirmation "
    "FOR EACH ROW EXECUTE FUNCTION workspace_confirmation_append_only()",
    "CREATE TRIGGER workspace_confirmation_no_truncate BEFORE TRUNCATE ON workspace_confirmation "
    "FOR EACH STATEMENT EXECUTE FUNCTION workspace_confirmation_append_only()",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor)
    if statements is None:
        raise RuntimeError(f"no append-only triggers for {schema_editor.connection.vendor}")
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("workspace", "0002_history_append_only")]
    operations = [
        migrations.CreateModel(
            name="Confirmation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("rid", models.CharField(db_index=True, max_length=200)),
                ("values", models.JSONField()),
                ("org", models.CharField(max_length=20)),
                ("actor", models.CharField(max_length=254)),
                ("at", models.DateTimeField()),
            ],
            options={"ordering": ["id"]},
        ),
        migrations.AlterField(
            model_name="change",
            name="action",
            field=models.CharField(choices=[("create", "create"), ("update", "update"), ("delete", "delete"),
                                            ("confirm", "confirm")], max_length=10),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
