"""Each audit row records the key id and MAC algorithm it was sealed with (NULL: plain SHA-256).

Both columns are nullable without a default, so on SQLite this is `ALTER TABLE … ADD COLUMN`
(see `duban manage sqlmigrate auditlog 0004`), not a rebuild of the table: a rebuild would
drop the append-only triggers of 0003. tests/auditlog/test_keyed_chain.py holds both facts.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("auditlog", "0003_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="algorithm",
            field=models.CharField(
                blank=True, editable=False, max_length=20, null=True, verbose_name="封存算法"
            ),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(
                blank=True, editable=False, max_length=40, null=True, verbose_name="密钥编号"
            ),
        ),
    ]
