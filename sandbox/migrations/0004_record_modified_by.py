"""``SandboxRecord.modified_by``: each Dataverse row's ``_modifiedby_value`` (``sandbox.storage.modifier``), filled
in for the rows a sandbox database already holds."""

from django.db import migrations, models
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Lower


def fill_modified_by(apps, schema_editor):
    from sandbox.storage.modifier import MODIFIER_KEYS

    records = apps.get_model("sandbox", "SandboxRecord").objects.using(schema_editor.connection.alias)
    for service, key in MODIFIER_KEYS.items():
        records.filter(service=service).update(modified_by=Lower(KeyTextTransform(key, "data")))


class Migration(migrations.Migration):
    dependencies = [
        ("sandbox", "0003_value_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="sandboxrecord",
            name="modified_by",
            field=models.CharField(blank=True, max_length=36, null=True),
        ),
        migrations.RunPython(fill_modified_by, migrations.RunPython.noop),
    ]
