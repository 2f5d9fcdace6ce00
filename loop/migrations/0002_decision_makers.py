"""The "decision-makers" group: staff add people to it in the administration; its members
record decisions and read the drafts of syntheses."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "decision-makers"
PERMISSIONS = ["add_decision", "change_decision", "delete_decision", "view_synthesis"]


def create(apps, schema_editor):
    # Permissions are created after all migrations; create this app's now (the historical app
    # config needs models_module set for create_permissions to run).
    config = apps.get_app_config("loop")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="loop", codename__in=PERMISSIONS))


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("loop", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create, remove)]
