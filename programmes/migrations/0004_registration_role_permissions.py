"""The role groups' rights on households, people, registrations and memberships.

Coordinators register families at the desk and follow up their groups; social
workers look families up. Which rows each may see is narrowed further by the
permission policies in viewsets.py (coordinators: the programmes whose pages
they may edit). Groups are looked up (or created) by their names in
settings.KANSEN_ROLE_GROUPS, as in 0002, so this app does not depend on the
site's migrations.
"""

from django.conf import settings
from django.db import migrations

MODELS = ["registration", "household", "person", "membership"]
GROUP_PERMISSIONS = {
    "coordinators": [(model, ["add", "change", "view"]) for model in MODELS],
    "social_workers": [(model, ["view"]) for model in MODELS],
}


def grants(apps):
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for key, models in GROUP_PERMISSIONS.items():
        for model, actions in models:
            content_type, _ = ContentType.objects.get_or_create(app_label="programmes", model=model)
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
        ("programmes", "0003_households_and_registrations"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
