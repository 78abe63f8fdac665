"""Languages families speak in our area, and the role groups' rights on programmes.

Groups are looked up (or created) by their names in settings.KANSEN_ROLE_GROUPS,
so this app does not depend on the site's migrations.
"""

from django.conf import settings
from django.db import migrations

LANGUAGES = [
    ("nl", "Nederlands"),
    ("fr", "Français"),
    ("en", "English"),
    ("bg", "български"),
    ("sk", "slovenčina"),
    ("ro", "română"),
    ("pl", "polski"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("uk", "українська"),
    ("ru", "русский"),
    ("prs", "دری"),
    ("ps", "پښتو"),
    ("so", "Soomaali"),
    ("ti", "ትግርኛ"),
    ("es", "español"),
    ("rom", "romani čhib"),
]

GROUP_PERMISSIONS = {
    "coordinators": [("session", ["add", "change", "view"])],
    "editors": [("venue", ["add", "change", "delete", "view"]), ("language", ["add", "change", "view"])],
}


def forwards(apps, schema_editor):
    Language = apps.get_model("programmes", "Language")
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for key, grants in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=settings.KANSEN_ROLE_GROUPS[key])
        for model, actions in grants:
            content_type, _ = ContentType.objects.get_or_create(app_label="programmes", model=model)
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {model}"},
                )
                group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
