"""Certificates edited inline on the volunteer, and the coordinators' rights on volunteers.

Coordinators manage volunteers, their certificates, the roles and the shifts
in the admin; nobody but a superuser deletes them (a role in use is protected
anyway). The volunteer settings (how long a model 2 certificate is valid,
block or warn) stay with superusers: they are the organisation's policy.
Groups are looked up (or created) by their names in settings.KANSEN_ROLE_GROUPS,
as in 0002 and 0004, so this app does not depend on the site's migrations.
"""

import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from django.db import migrations

GROUP_PERMISSIONS = {
    "coordinators": [(model, ["add", "change", "view"]) for model in ["volunteer", "certificate", "role", "shift"]],
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
        ("programmes", "0007_volunteer_settings_and_reminders"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="volunteer",
            field=modelcluster.fields.ParentalKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="certificates",
                to="programmes.volunteer",
                verbose_name="volunteer",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
