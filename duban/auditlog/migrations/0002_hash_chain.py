"""Hash chain: prev_hash and hash on every row; rows already stored are chained in id order."""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from duban.auditlog import chain


def _chain_existing(apps: Any, schema_editor: Any) -> None:
    entry = apps.get_model("auditlog", "AuditEntry")
    rows = entry.objects.using(schema_editor.connection.alias).order_by("id")
    prev = chain.GENESIS
    for row in rows.values(*chain.LEGACY_COLUMNS[:-2]).iterator(chunk_size=2000):
        row["prev_hash"] = prev
        digest = chain.row_hash(row)
        entry.objects.using(schema_editor.connection.alias).filter(pk=row["id"]).update(
            prev_hash=prev, hash=digest
        )
        prev = digest


class Migration(migrations.Migration):
    dependencies = [
        ("auditlog", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="上一条哈希"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="哈希"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to=settings.AUTH_USER_MODEL,
                verbose_name="用户",
            ),
        ),
        migrations.RunPython(_chain_existing, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="auditentry",
            constraint=models.UniqueConstraint(fields=("prev_hash",), name="auditlog_one_chain"),
        ),
    ]
