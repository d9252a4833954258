"""Expression indexes on the data columns each service's schema declares (``sandbox.storage.values``).

The indexes come from the declared list rather than from model state, so a later migration that runs the same
``create_indexes`` adds the indexes of columns declared since (existing ones are kept: ``IF NOT EXISTS``).
"""

from django.db import migrations


def create_value_indexes(apps, schema_editor):
    from sandbox.storage.values import create_indexes

    create_indexes(schema_editor.connection)


def drop_value_indexes(apps, schema_editor):
    from sandbox.storage.values import drop_indexes

    drop_indexes(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("sandbox", "0002_record_key_columns"),
    ]

    operations = [
        migrations.RunPython(create_value_indexes, drop_value_indexes),
    ]
