"""Editors and coordinators keep the school holidays (and import them).

Groups are looked up (or created) by their names in
settings.KANSEN_ROLE_GROUPS, as in programmes, so this app does not depend on
the site's migrations.
"""

from django.conf import settings
from django.db import migrations

GROUP_PERMISSIONS = {
    "editors": [("holidayperiod", ["add", "change", "delete", "view"])],
    "coordinators": [("holidayperiod", ["add", "change", "delete", "view"])],
}


def grants(apps):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for key, models in GROUP_PERMISSIONS.items():
        for model, actions in models:
            content_type, _ = ContentType.objects.get_or_create(app_label="holiday_play", model=model)
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                yield key, permission


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for key, permission in grants(apps):
        group, _ = Group.objects.get_or_create(name=settings.KANSEN_ROLE_GROUPS[key])
        group.permissions.add(permission)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for key, permission in grants(apps):
        group = Group.objects.filter(name=settings.KANSEN_ROLE_GROUPS[key]).first()
        if group is not None:
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("holiday_play", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
