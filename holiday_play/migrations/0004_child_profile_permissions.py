"""Coordinators look up and edit the profiles of the children booked at the
playgrounds they coordinate (the admin narrows the list to those,
holiday_play/viewsets.py); medical notes stay behind the page permission or
the explicit `view_medical` permission (holiday_play/permissions.py).
Groups are found by their names in settings, as in 0002."""

from django.conf import settings
from django.db import migrations

GROUP_PERMISSIONS = {
    "coordinators": [("childprofile", ["change", "view"])],
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
        ("holiday_play", "0003_day_lists_and_signals"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
