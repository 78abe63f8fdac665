"""The pieces of the access matrix (tests/test_access_matrix.py): which URL
patterns are ours, and one small world of two sides, A and B, to request
them in.

Which patterns are ours. The resolver is walked from the root; a pattern is
in scope when

1. its view (the view class for class-based views, else the function) is
   defined in one of our packages: `website`, `programmes`, `groceries`,
   `holiday_play`; or
2. it sits in the URL namespace of a Wagtail viewset whose model belongs to
   one of our apps (`wagtail.admin.viewsets.viewsets`): those are our
   viewsets and snippets, so Wagtail's generic create/delete/usage views and
   the snippet choosers that they generate for our models are ours too,
   although their classes live in `wagtail.`; or
3. it is named in EXTRA_IN_SCOPE: Wagtail's page-serving view, because it
   serves our public pages (the finder, a programme page).

Everything else is Wagtail's or Django's own (pages, images, documents,
users, groups, sites, locales, workflows, the site settings' generic edit
view, the admin API, Django's `_util/login/`): their access rules are
Wagtail's, tested by Wagtail.

The world. Time stands still on Thursday 3 December 2026 at 14:00 in
Brussels: an opening of each grocery is on, each playground has a play day,
each programme has a session next week. Side A and side B each have a
coordinator (page permissions on A's or B's programme pages), a social
worker (in A's or B's grocery's social-work team), a door volunteer (on a
shift at A's or B's opening now), an animator (in A's or B's animator team)
and a volunteer (on a shift of A's or B's session). Users that are in A's
scope without the permission a view needs stand next to them.
"""

import datetime
from types import SimpleNamespace

import time_machine
from django.contrib.auth.models import Group, Permission
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.admin.viewsets import viewsets
from wagtail.models import Locale, Page, Site

from groceries.models import CheckAttempt, Verdict
from holiday_play.models import Booking, PlaygroundSettings, Signal
from programmes.manage_links import make_token
from programmes.models import Registration, VolunteerSettings
from programmes.services import feed_tokens
from tests.groceries.factories import BadgeFactory, GroceryPageFactory, OpeningFactory
from tests.holiday_play.certificate_factories import booked_day, play_day
from tests.holiday_play.factories import HolidayPeriodFactory, PlaygroundPageFactory
from tests.holiday_play.signal_factories import ChildProfileFactory
from tests.programmes.factories import (
    BRUSSELS,
    ChildFactory,
    HouseholdFactory,
    LanguageFactory,
    MembershipFactory,
    ProgrammePageFactory,
    RegistrationFactory,
    SessionFactory,
    VenueFactory,
)
from tests.programmes.volunteer_factories import (
    RoleFactory,
    ShiftAssignmentFactory,
    ShiftFactory,
    VolunteerFactory,
)
from tests.website.factories import HomePageFactory, OrganisationSettingsFactory, UserFactory, may_edit

OUR_PACKAGES = ("website", "programmes", "groceries", "holiday_play")
OUR_APP_LABELS = {"website", "programmes", "groceries", "holiday_play"}
EXTRA_IN_SCOPE = {
    "wagtail_serve": "serves our public pages: the finder and the programme pages",
}

NOW = datetime.datetime(2026, 12, 3, 14, 0, tzinfo=BRUSSELS)


# Walking the URLs


def _view_module(callback):
    view_class = getattr(callback, "view_class", None)
    return (view_class or callback).__module__


def _is_ours(module):
    return module.split(".")[0] in OUR_PACKAGES


def our_viewset_namespaces():
    """The URL namespaces of the Wagtail viewsets of our models."""
    get_resolver().url_patterns  # noqa: B018 - importing the admin's urls registers the viewsets
    namespaces = set()
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        label = getattr(getattr(model, "_meta", None), "app_label", None)
        if label in OUR_APP_LABELS or _is_ours(type(viewset).__module__):
            namespaces.add(viewset.url_namespace)
    return namespaces


def walk(resolver=None, prefix="", namespace=None):
    """(key, route, callback) of every pattern under `resolver`. The key is
    `namespace:name`, or the route for the few patterns without a name."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            qualified = f"{namespace}:{name}" if namespace else name
            yield (route if name is None else qualified), route, pattern.callback


def in_scope_patterns():
    """{key: route} of every pattern of ours (the module docstring's rule)."""
    ours = our_viewset_namespaces()
    found = {}
    for key, route, callback in walk():
        namespace = key.rsplit(":", 1)[0] if ":" in key else None
        if _is_ours(_view_module(callback)) or namespace in ours or key in EXTRA_IN_SCOPE:
            found[key] = route
    return found


# The world


def _grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def _home():
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root, locale=Locale.objects.get_or_create(language_code="nl")[0])
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


def _side(name):
    """One side's programmes, objects and people."""
    s = SimpleNamespace(name=name)
    venue = VenueFactory(name=f"Buurthuis {name}")
    s.programme = ProgrammePageFactory(
        title=f"Babbelonie {name}", slug=f"babbelonie-{name.lower()}", registration_mode="per_session", venue=venue
    )
    s.group = ProgrammePageFactory(
        title=f"Oudergroep {name}",
        slug=f"oudergroep-{name.lower()}",
        registration_mode="membership",
        kind="group",
        venue=venue,
    )
    s.grocery = GroceryPageFactory(social_work_team=Group.objects.create(name=f"Sociale dienst {name}"))
    s.playground = PlaygroundPageFactory(
        periods=[HolidayPeriodFactory(name=f"Kerstvakantie {name}")],
        animator_team=Group.objects.create(name=f"Animatoren {name}"),
    )

    next_week = NOW + datetime.timedelta(days=7)
    s.session = SessionFactory(programme=s.programme, starts_at=next_week)
    s.group_session = SessionFactory(programme=s.group, starts_at=next_week)
    s.household = HouseholdFactory(contact_name=f"Ayşe Yılmaz {name}")
    s.waiting_household = HouseholdFactory(contact_name=f"Noor Peeters {name}")
    s.registration = RegistrationFactory(household=s.household, session=s.session)
    s.waiting = RegistrationFactory(
        household=s.waiting_household, session=s.session, status=Registration.Status.WAITING
    )
    s.membership = MembershipFactory(household=s.household, programme=s.group, status="active")
    s.application = MembershipFactory(household=s.waiting_household, programme=s.group, status="applied")

    s.opening = OpeningFactory(programme=s.grocery)
    s.badge = BadgeFactory(grocery=s.grocery, household=s.household)
    s.check = CheckAttempt.objects.create(
        grocery=s.grocery, opening=s.opening, code=s.badge.code, badge=s.badge, verdict=Verdict.VALID
    )

    s.play_day = play_day(s.playground, NOW.date())
    s.child = ChildFactory(household=s.household, first_name=f"Mila {name}", birth_date=datetime.date(2019, 5, 14))
    s.profile = ChildProfileFactory(child=s.child)
    # Present and paid: the child has a certificate for the year.
    s.booking = booked_day(s.playground, s.child, NOW.date())
    s.age_group = s.playground.age_groups.first()
    Booking.objects.filter(pk=s.booking.pk).update(age_group=s.age_group)

    # People
    s.coordinator = may_edit(
        UserFactory(username=f"coordinator-{name}", roles=["coordinators"]),
        s.programme,
        s.group,
        s.grocery,
        s.playground,
    )
    # Edits A's pages, but has no role: neither the desk nor the admin's models.
    s.page_editor = may_edit(
        _grant(UserFactory(username=f"page-editor-{name}"), "access_admin"),
        s.programme,
        s.group,
        s.grocery,
        s.playground,
    )
    s.social_worker = UserFactory(username=f"social-worker-{name}", roles=["social_workers"])
    s.social_worker.groups.add(s.grocery.social_work_team)
    s.animator = UserFactory(username=f"animator-{name}", roles=["animators"])
    s.animator.groups.add(s.playground.animator_team)
    # In A's animator team, without the desk.
    s.team_member = UserFactory(username=f"team-member-{name}")
    s.team_member.groups.add(s.playground.animator_team)
    s.signal = Signal.objects.create(
        child=s.child, playground=s.playground, concern="Blauwe plekken op beide armen.", author=s.animator
    )

    role = RoleFactory(name=f"Onthaal {name}")
    s.door_volunteer = UserFactory(username=f"door-{name}", roles=["grocery_volunteers"])
    ShiftAssignmentFactory(
        shift=ShiftFactory(session=s.opening, role=role), volunteer=VolunteerFactory(user=s.door_volunteer)
    )
    # On a shift at the same opening, tonight: the door is closed for them now.
    s.late_door_volunteer = UserFactory(username=f"late-door-{name}", roles=["grocery_volunteers"])
    ShiftAssignmentFactory(
        shift=ShiftFactory(
            session=s.opening,
            role=RoleFactory(name=f"Kassa {name}"),
            starts_at=NOW + datetime.timedelta(hours=5),
            ends_at=NOW + datetime.timedelta(hours=6),
        ),
        volunteer=VolunteerFactory(user=s.late_door_volunteer),
    )
    s.volunteer_user = UserFactory(username=f"volunteer-{name}", roles=["volunteers"])
    s.volunteer = VolunteerFactory(user=s.volunteer_user)
    s.shift = ShiftFactory(session=s.session, role=role)
    s.assignment = ShiftAssignmentFactory(shift=s.shift, volunteer=s.volunteer)
    s.volunteer_feed_token = feed_tokens.issue_token(s.volunteer)

    s.manage_token = make_token(s.household)
    s.household_feed_token = feed_tokens.issue_token(s.household)
    return s


def build_world():
    """Both sides, and what belongs to neither. Call with time frozen at NOW."""
    w = SimpleNamespace()
    w.home = _home()
    # Site settings are made on first use: made here, a page view changes no table.
    OrganisationSettingsFactory()
    VolunteerSettings.load()
    PlaygroundSettings.load()
    w.a = _side("A")
    w.b = _side("B")
    w.editor = UserFactory(username="editor", roles=["editors"])
    w.superuser = UserFactory(username="superuser", is_superuser=True, is_staff=True)
    # A desk user who is nobody's coordinator, volunteer or animator.
    w.desk_user = UserFactory(username="desk-user", roles=["grocery_volunteers"])
    w.venue = w.a.programme.venue
    w.language = LanguageFactory(code="bg", name="Български")
    w.role = w.a.shift.role
    w.holiday_period = w.a.playground.periods.first()
    with time_machine.travel(NOW - datetime.timedelta(days=40), tick=False):
        w.expired_manage_token = make_token(w.a.household)
    w.revoked_feed_token = feed_tokens.issue_token(w.a.waiting_household)
    feed_tokens.issue_token(w.a.waiting_household)
    return w
