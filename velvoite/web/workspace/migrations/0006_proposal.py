"""Proposal, ArchivedCopy, FeedMark (issue 30): records proposed from published minutes, queued by
velvoite harvest --into for an editor to accept or reject; the sources as read; a feed's last item."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workspace', '0005_history_identity'),
    ]

    operations = [
        migrations.CreateModel(
            name='ArchivedCopy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sha256', models.CharField(max_length=64, unique=True)),
                ('content', models.BinaryField()),
                ('content_type', models.CharField(max_length=100)),
                ('source', models.CharField(max_length=2000)),
                ('fetched_at', models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name='FeedMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('org', models.CharField(max_length=20)),
                ('url', models.CharField(max_length=2000)),
                ('last_seen', models.CharField(max_length=2000)),
                ('checked_at', models.DateTimeField()),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('org', 'url'), name='feedmark_org_url')],
            },
        ),
        migrations.CreateModel(
            name='Proposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('org', models.CharField(db_index=True, max_length=20)),
                ('kind', models.CharField(blank=True, default='', max_length=100)),
                ('date', models.DateField(null=True)),
                ('body', models.CharField(blank=True, default='', max_length=300)),
                ('body_tier', models.CharField(blank=True, default='', max_length=20)),
                ('section', models.CharField(blank=True, default='', max_length=40)),
                ('case_number', models.CharField(blank=True, db_index=True, default='', max_length=100)),
                ('title', models.TextField(blank=True, default='')),
                ('decision', models.CharField(blank=True, default='', max_length=20)),
                ('reference', models.CharField(blank=True, default='', max_length=500)),
                ('snippet', models.TextField(blank=True, default='')),
                ('source', models.CharField(max_length=2000)),
                ('sha256', models.CharField(db_index=True, max_length=64)),
                ('harvested', models.JSONField()),
                ('queued_at', models.DateTimeField()),
                ('queued_by', models.CharField(max_length=254)),
                ('status', models.CharField(choices=[('pending', 'pending'), ('accepted', 'accepted'), ('rejected', 'rejected')], db_index=True, default='pending', max_length=10)),
                ('reason', models.CharField(blank=True, choices=[('not_a_decision', 'not_a_decision'), ('wrong_body', 'wrong_body'), ('statement', 'statement'), ('duplicate', 'duplicate'), ('other', 'other')], default='', max_length=20)),
                ('reason_text', models.TextField(blank=True, default='')),
                ('decided_by', models.CharField(blank=True, default='', max_length=254)),
                ('decided_at', models.DateTimeField(null=True)),
                ('record', models.CharField(blank=True, default='', max_length=200)),
                ('copy', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='proposals', to='workspace.archivedcopy')),
            ],
            options={
                'ordering': ['id'],
            },
        ),
    ]
