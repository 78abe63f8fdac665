"""Create the role groups and give each the permissions of its job.

Group names live in settings.KANSEN_ROLE_GROUPS. Later apps add their own
model permissions to these groups in their own migrations. Permissions are
created here when missing because Django only creates them after all
migrations have run.
"""

from django.conf import settings
from django.db import migrations

ADMIN = ("wagtailadmin", "admin", "access_admin")
DESK = ("website", "desk", "use_desk")

GROUP_PERMISSIONS = {
    "coordinators": [ADMIN, DESK],
    "social_workers": [ADMIN],
    "grocery_volunteers": [DESK],
    "animators": [DESK],
    "editors": [ADMIN],
}
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]


def get_permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    groups = {}
    for key, permissions in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=settings.KANSEN_ROLE_GROUPS[key])
        group.permissions.add(*(get_permission(apps, *spec) for spec in permissions))
        groups[key] = group

    editors = groups["editors"]
    root_page = Page.objects.filter(depth=1).first()
    for codename in EDITOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root_page, permission=get_permission(apps, "wagtailcore", "page", codename)
        )
    root_collection = Collection.objects.filter(depth=1).first()
    for app_label, model, codenames in EDITOR_COLLECTION_PERMISSIONS:
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=editors,
                collection=root_collection,
                permission=get_permission(apps, app_label, model, codename),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
