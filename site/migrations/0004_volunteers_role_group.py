"""A role group for volunteers whose work fits neither the grocery door nor
the playground (cooks, interpreters, drivers): the desk, for their shifts.
A volunteer made in the admin joins it (programmes' VolunteerForm)."""

from django.conf import settings
from django.db import migrations


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="website", model="desk")
    desk, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="use_desk", defaults={"name": "Can use desk"}
    )
    group, _ = Group.objects.get_or_create(name=settings.KANSEN_ROLE_GROUPS["volunteers"])
    group.permissions.add(desk)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=settings.KANSEN_ROLE_GROUPS["volunteers"]).delete()


class Migration(migrations.Migration):
    dependencies = [("website", "0003_organisationsettings_enterprise_number")]

    operations = [migrations.RunPython(create_group, remove_group)]
