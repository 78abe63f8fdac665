"""Demo data for the site layer: page tree in three languages, site settings
and one user per role, then the finder with the programmes under it
(programmes.demo). Idempotent: a second run changes nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Locale, Page, Site

from groceries import demo as groceries_demo
from groceries.models import GroceryPage
from holiday_play import demo as holiday_demo
from holiday_play.models import PlaygroundPage
from programmes import demo as programmes_demo
from programmes import demo_attendance, demo_households, demo_volunteers
from programmes.models import ProgrammeIndexPage
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
    # Before the programmes: the homework club skips school holidays.
    holiday_demo.seed(log)
    if ProgrammeIndexPage.objects.exists():
        log("Programmes: already there, left as they are.")
    else:
        _retire_old_finder()
        _build_finder(locales)
        # After the users: the demo cancels and moves a session as the administrator.
        programmes_demo.seed(log, page_types={"grocery": (GroceryPage, groceries_demo.PAGE)})
    holiday_demo.seed_playground(log)
    _coordinators_edit_the_programmes(log)
    demo_households.seed(log)
    demo_attendance.seed(log)
    groceries_demo.seed(log)
    # After the households above: they are only made while there are none.
    holiday_demo.seed_children(log)
    # After every app's sessions: shifts hang on the openings and play days too.
    demo_volunteers.seed(log, password=content.DEMO_PASSWORD, teams=_volunteer_teams())


def _volunteer_teams():
    """The teams that let volunteers work where their shifts are: the
    grocery's door (during their shifts), the playground's day lists."""
    grocery = GroceryPage.objects.filter(locale__language_code="nl").order_by("path").first()
    playground = PlaygroundPage.objects.filter(locale__language_code="nl").order_by("path").first()
    return {
        "grocery": grocery.door_team if grocery else None,
        "playground": playground.animator_team if playground else None,
    }


def _coordinators_edit_the_programmes(log):
    """A coordinator is who may edit a programme's page: in the demo, Els's
    team edits every programme under the Dutch finder (the others are its
    translations), so the desk shows her every session."""
    team, _created = Group.objects.get_or_create(name="Team Aanbod")
    finder = ProgrammeIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE[:2]).first()
    if finder is None:
        return
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=team,
            page=finder,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    get_user_model().objects.get(username="els").groups.add(team)
    log("Coordinators: els edits every programme (group 'Team Aanbod').")


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
        page.badge_page = created["badge"]
        page.playground_page = created["playground"]
        _publish(page)

    site = Site.objects.get(is_default_site=True)
    OrganisationSettings.objects.update_or_create(
        site=site, defaults={**content.ORGANISATION, "privacy_page": created["privacy"]}
    )


def _add_first(parent, page):
    """Add `page` as the first child of `parent`: the finder leads the menu."""
    first = parent.get_first_child()
    if first is None:
        return parent.add_child(instance=page)
    return first.add_sibling(pos="left", instance=page)


def _build_finder(locales):
    """The finder ("Aanbod") under each home page, and the homes' way in to it."""
    homes = {page.locale.language_code: page for page in HomePage.objects.select_related("locale")}
    finder = None
    for code in ("nl", "fr", "en"):
        home = homes.get(code)
        if home is None:
            continue
        fields = {"locale": locales[code], "show_in_menus": True, **content.FINDER[code]}
        if finder is not None:
            fields["translation_key"] = finder.translation_key
        page = _publish(_add_first(home, ProgrammeIndexPage(**fields)))
        finder = finder or page
        home.finder_page = page
        _publish(home)


def _retire_old_finder():
    """Sites seeded before the finder existed have an information page "Aanbod"
    in its place (with the same slug): it goes, the finder takes its place."""
    old_keys = HomePage.objects.exclude(finder_page=None).values_list("finder_page__translation_key", flat=True)
    slugs = [fields["slug"] for fields in content.FINDER.values()]
    for page in list(StandardPage.objects.filter(translation_key__in=list(old_keys), slug__in=slugs)):
        page.delete()


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
