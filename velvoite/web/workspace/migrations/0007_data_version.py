"""DataVersion (issue 29): the number of the workspace data, one row, raised by every write, so that
each server worker sees with one read whether its loaded records are current."""

from django.db import migrations, models


def _first(apps, schema_editor):
    apps.get_model("workspace", "DataVersion").objects.create(pk=1, number=0)


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0006_proposal"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(_first, migrations.RunPython.noop),
    ]
