"""Demo data for the site layer: page tree in three languages, site settings
and one user per role. Idempotent: a second run changes nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Page, Site

from website.demo import content
from website.models import HomePage, OrganisationSettings, StandardPage


@transaction.atomic
def seed(log=print):
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.LANGUAGES}
    if HomePage.objects.exists():
        log("Pages: already there, left as they are.")
    else:
        _build_pages(locales)
        log("Pages: home page and information pages in Dutch, French and English.")
    _seed_users(log)


def _publish(page):
    page.save_revision().publish()
    return page


def _translate(page, parent, locale, fields):
    """Add `page` in another language under `parent` (itself a translation)."""
    translation = type(page)(
        locale=locale, translation_key=page.translation_key, show_in_menus=page.show_in_menus, **fields
    )
    return _publish(parent.add_child(instance=translation))


def _build_pages(locales):
    root = Page.get_first_root_node()
    # Wagtail's "Welcome to your new Wagtail site!" page is replaced by ours.
    for page in root.get_children():
        page.delete()

    home = root.add_child(instance=HomePage(locale=locales["nl"], **content.HOME["nl"]))
    _publish(home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "site_name": "Kansen", "root_page": home},
    )
    homes = {"nl": home}
    for code in ("fr", "en"):
        homes[code] = _translate(home, root, locales[code], content.HOME[code])

    created = {}
    for key, in_menu, translations in content.PAGES:
        page = home.add_child(instance=StandardPage(locale=locales["nl"], show_in_menus=in_menu, **translations["nl"]))
        _publish(page)
        for code in ("fr", "en"):
            _translate(page, homes[code], locales[code], translations[code])
        created[key] = page

    for page in homes.values():
        page.finder_page = created["finder"]
        page.badge_page = created["badge"]
        page.playground_page = created["playground"]
        _publish(page)

    site = Site.objects.get(is_default_site=True)
    OrganisationSettings.objects.update_or_create(
        site=site, defaults={**content.ORGANISATION, "privacy_page": created["privacy"]}
    )


def _seed_users(log):
    User = get_user_model()
    for username, first_name, last_name, group_key in content.USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@kansen.example",
                "is_staff": group_key is None,
                "is_superuser": group_key is None,
            },
        )
        if created:
            user.set_password(content.DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if group_key:
            user.groups.add(Group.objects.get(name=settings.KANSEN_ROLE_GROUPS[group_key]))
    log(f"Users: {', '.join(u[0] for u in content.USERS)} (password '{content.DEMO_PASSWORD}').")
