"""FeedToken: a user's secret calendar address, kept as a key and the SHA-256 of its secret
(issue 28: the workspace's feeds carry what their user may read, no longer open to anyone)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("workspace", "0003_confirmation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FeedToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=16, unique=True)),
                ("digest", models.CharField(max_length=64)),
                ("created", models.DateTimeField()),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="feed_token",
                                              to=settings.AUTH_USER_MODEL)),
            ],
        ),
    ]
