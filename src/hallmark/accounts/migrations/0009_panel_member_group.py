"""The role of appeal and hearing panel members; its permissions are set by sync_roles."""

from django.db import migrations

ROLE = "panel member"


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=ROLE)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_responses_export_access")]
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
