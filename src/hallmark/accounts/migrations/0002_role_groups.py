"""Create one group per role; their permissions are set by sync_roles after each migrate."""

from django.db import migrations

ROLES = [
    "program manager",
    "item writer",
    "item reviewer",
    "psychometrician",
    "panelist",
    "credentialing officer",
    "proctor",
    "candidate",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
