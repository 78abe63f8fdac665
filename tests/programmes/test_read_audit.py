"""The "Who looked at what" report: the reads and downloads of personal data, for
superusers only, filtered by user, action and person; downloads of admin
lists logged without names; a query count that does not grow with the
entries; and every read in the code registered as one."""

import ast
import datetime
import importlib
import json
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

from groceries.models import Badge
from groceries.services.badges import notes_viewed
from holiday_play.permissions import medical_notes_viewed, signal_viewed
from holiday_play.views.certificates import ALL_PRINTED, CHILD_PRINTED
from programmes import audit
from programmes.models import Registration
from programmes.views.read_audit import PER_PAGE
from tests.groceries.factories import BadgeFactory, GroceryPageFactory
from tests.holiday_play.factories import PlaygroundPageFactory
from tests.holiday_play.signal_factories import ChildProfileFactory, SignalFactory
from tests.programmes.factories import BRUSSELS, ChildFactory, HouseholdFactory, RegistrationFactory, SessionFactory
from tests.website.factories import UserFactory, may_edit

pytestmark = pytest.mark.django_db

URL = "/admin/read-audit/"
REPO = Path(__file__).resolve().parents[2]
MEDICAL = "holiday_play.child_profile.medical_viewed"
SIGNAL = "holiday_play.signal.viewed"
NOTES = "groceries.badge.notes_viewed"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=BRUSSELS), tick=False)
    return time_machine


def later(clock, minutes=1):
    clock.shift(datetime.timedelta(minutes=minutes))


@pytest.fixture
def dpo(db):
    return UserFactory(username="dpo", first_name="Dirk", last_name="Privacy", is_superuser=True, is_staff=True)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", first_name="Cora", last_name="Claes", roles=["coordinators"])


@pytest.fixture
def social_worker(db):
    return UserFactory(username="worker", first_name="Sam", last_name="Smet", roles=["social_workers"])


@pytest.fixture
def mila(home):
    household = HouseholdFactory(contact_name="Fatima El Amrani")
    return ChildFactory(household=household, first_name="Mila", last_name="El Amrani")


@pytest.fixture
def youssef(home):
    return ChildFactory(
        household=HouseholdFactory(contact_name="Jan Janssens"), first_name="Youssef", last_name="Janssens"
    )


@pytest.fixture
def reads(clock, mila, youssef, coordinator, social_worker):
    """In this order: Mila's medical notes (coordinator), a signal about Mila
    (social worker), her household's badge notes (social worker), Youssef's
    medical notes (coordinator); and a change, which is not a read."""
    badge = BadgeFactory(grocery=GroceryPageFactory(), household=mila.household, notes="Schulden")
    medical_notes_viewed(ChildProfileFactory(child=mila), by=coordinator)
    later(clock)
    signal_viewed(SignalFactory(child=mila), by=social_worker)
    later(clock)
    notes_viewed(badge, by=social_worker)
    later(clock)
    medical_notes_viewed(ChildProfileFactory(child=youssef), by=coordinator)
    later(clock)
    audit.log_change(badge, "groceries.badge.suspended", by=social_worker)
    return badge


@pytest.fixture
def admin(client, clock, dpo):
    client.force_login(dpo)
    return client


def listed(response):
    return [(row.what, row.which) for row in response.context["rows"]]


def label(action):
    with translation.override("nl-be"):
        return str(log_action_registry.get_action_label(action))


def signal_about(first_name):
    with translation.override("nl-be"):
        return gettext("Signal about %(child)s") % {"child": first_name}


def test_reads_are_listed_newest_first_without_changes(admin, reads):
    response = admin.get(URL)

    assert response.status_code == 200
    assert listed(response) == [
        (label(MEDICAL), "Youssef Janssens"),
        (label(NOTES), reads.printed_code),
        (label(SIGNAL), signal_about("Mila")),
        (label(MEDICAL), "Mila El Amrani"),
    ]
    assert [row.who for row in response.context["rows"]] == ["Cora Claes", "Sam Smet", "Sam Smet", "Cora Claes"]


def test_filter_by_user(admin, reads, social_worker):
    response = admin.get(URL, {"user": social_worker.pk})

    assert response.status_code == 200
    assert [what for what, _ in listed(response)] == [label(NOTES), label(SIGNAL)]


def test_filter_by_action(admin, reads):
    response = admin.get(URL, {"action": MEDICAL})

    assert [which for _, which in listed(response)] == ["Youssef Janssens", "Mila El Amrani"]


def test_filter_by_person_finds_her_profile_the_signal_and_her_households_badge(admin, reads, mila):
    response = admin.get(URL, {"person": "  mila "})

    assert response.status_code == 200
    assert response.context["persons"] == [mila]
    assert listed(response) == [
        (label(NOTES), reads.printed_code),
        (label(SIGNAL), signal_about("Mila")),
        (label(MEDICAL), "Mila El Amrani"),
    ]


def test_filter_by_a_parents_name_finds_the_households_badge(admin, reads):
    response = admin.get(URL, {"person": "Fatima"})

    assert listed(response) == [(label(NOTES), reads.printed_code)]


def test_a_name_nobody_has_lists_nothing(admin, reads):
    response = admin.get(URL, {"person": "Zzyzx"})

    assert response.status_code == 200
    assert response.context["persons"] == []
    assert response.context["rows"] == []


def test_a_certificate_print_is_found_by_the_childs_name(admin, clock, mila, coordinator):
    audit.log_read(mila, CHILD_PRINTED, by=coordinator)

    assert listed(admin.get(URL, {"person": "Mila"})) == [(label(CHILD_PRINTED), "Mila El Amrani")]


def test_a_print_of_a_whole_playground_is_listed_from_the_page_log(admin, clock, coordinator):
    playground = PlaygroundPageFactory(title="Speelplein De Zandbak")
    audit.log_read(playground, ALL_PRINTED, by=coordinator)

    assert listed(admin.get(URL)) == [(label(ALL_PRINTED), "Speelplein De Zandbak")]
    # About a person: a whole playground's print is about nobody in particular.
    assert admin.get(URL, {"person": "Speelplein"}).context["rows"] == []


def test_the_log_entry_of_a_read_holds_no_name(reads, mila):
    entry = ModelLogEntry.objects.get(action=MEDICAL, object_id=str(mila.child_profile.pk))

    assert entry.data == {}
    assert "Mila" not in entry.label
    assert "El Amrani" not in entry.label


def test_an_erased_object_shows_its_neutral_title(admin, reads, youssef):
    profile = youssef.child_profile
    title = audit.neutral_title(profile)
    profile.delete()

    assert admin.get(URL, {"action": MEDICAL}).context["rows"][0].which.startswith(title)


@pytest.mark.parametrize("user", ["coordinator", "social_worker"])
def test_other_staff_are_refused(clock, client, reads, request, user):
    client.force_login(request.getfixturevalue(user))

    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_anonymous_users_go_to_the_login(client, reads):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_the_menu_item_is_for_superusers_only(admin, dpo, coordinator, rf):
    from programmes.views.read_audit import menu_item

    item = menu_item()
    for user, shown in ((dpo, True), (coordinator, False)):
        request = rf.get("/admin/")
        request.user = user
        assert item.is_shown(request) is shown


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"user": "abc"}, "user"),
        ({"user": "9" * 40}, "user"),
        ({"user": "-1"}, "user"),
        ({"action": "wagtail.edit"}, "action"),
        ({"action": "groceries.badge.suspended"}, "action"),
        ({"person": "x" * 200}, "person"),
        ({"person": "m"}, "person"),
    ],
)
def test_bad_filters_get_a_message(admin, reads, params, field):
    response = admin.get(URL, params)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert response.context["page"] is None


def test_a_user_without_reads_is_not_a_choice(admin, reads, dpo):
    response = admin.get(URL, {"user": dpo.pk})

    assert response.status_code == 400
    assert "user" in response.context["form"].errors


def test_a_bad_page_number_shows_a_page(admin, reads):
    for page in ("abc", "999", "-3", "9" * 40):
        assert admin.get(URL, {"p": page}).status_code == 200


def test_pages_of_fifty_and_a_bounded_query_count(admin, clock, mila, coordinator, django_assert_max_num_queries):
    profile = ChildProfileFactory(child=mila)
    signal = SignalFactory(child=mila)
    badge = BadgeFactory(grocery=GroceryPageFactory(), household=mila.household)
    playground = PlaygroundPageFactory()

    def read_everything(times):
        for _ in range(times):
            medical_notes_viewed(profile, by=coordinator)
            signal_viewed(signal, by=coordinator)
            notes_viewed(badge, by=coordinator)
            audit.log_read(mila, CHILD_PRINTED, by=coordinator)
            audit.log_read(playground, ALL_PRINTED, by=coordinator)
            later(clock)

    read_everything(1)
    admin.get(URL)  # warm the content type cache
    with django_assert_max_num_queries(20) as few:
        assert len(admin.get(URL).context["rows"]) == 5
    # Read now: every request empties the connection's query log.
    bound = len(few.captured_queries)
    read_everything(20)
    admin.get(URL)  # the clock moved: this request renews the session, the next one measures the report
    with django_assert_max_num_queries(bound):
        response = admin.get(URL)
    assert len(response.context["rows"]) == PER_PAGE
    assert len(admin.get(URL, {"p": 3}).context["rows"]) == 105 - 2 * PER_PAGE
    with django_assert_max_num_queries(bound + 1):
        assert len(admin.get(URL, {"person": "Mila"}).context["rows"]) == PER_PAGE


# Downloads of admin lists


def export_entries():
    return ModelLogEntry.objects.filter(action=audit.EXPORTED)


def assert_holds_no_names(entry, *names):
    stored = json.dumps(entry.data) + entry.label
    for name in names:
        assert name not in stored


def test_a_registrations_download_is_logged_without_names(clock, client, home, coordinator):
    session = SessionFactory()
    may_edit(coordinator, session.programme)
    RegistrationFactory(session=session, household=HouseholdFactory(contact_name="Ayşe Yılmaz"))
    client.force_login(coordinator)

    response = client.get(reverse("registration:index"), {"export": "csv", "q": "Ayşe"})

    assert response.status_code == 200
    entry = export_entries().get()
    assert (entry.user, entry.content_type.model_class()) == (coordinator, ContentType)
    assert entry.object_id == str(ContentType.objects.get_for_model(Registration).pk)
    assert entry.data == {"format": "csv", "rows": 1}
    assert_holds_no_names(entry, "Ayşe", "Yılmaz")


def test_a_membership_download_in_excel_is_logged(admin, clock, home):
    admin.get(reverse("membership:index"), {"export": "xlsx"})

    assert export_entries().get().data == {"format": "xlsx", "rows": 0}


def test_a_badges_download_is_logged_without_names(clock, client, home, social_worker):
    from django.contrib.auth.models import Group

    grocery = GroceryPageFactory(social_work_team=Group.objects.create(name="Sociale dienst 't Schap"))
    social_worker.groups.add(grocery.social_work_team)
    BadgeFactory(grocery=grocery, household__contact_name="Fatima El Amrani", notes="Schulden")
    client.force_login(social_worker)

    response = client.get(reverse("groceries_badge:index"), {"export": "csv", "q": "Fatima"})

    assert response.status_code == 200
    entry = export_entries().get()
    assert entry.object_id == str(ContentType.objects.get_for_model(Badge).pk)
    assert entry.data == {"format": "csv", "rows": 1}
    assert_holds_no_names(entry, "Fatima", "El Amrani", "Schulden")


def test_door_checks_download_is_logged(admin, clock, home):
    assert admin.get(reverse("groceries_check:index"), {"export": "csv"}).status_code == 200

    assert export_entries().count() == 1


def test_looking_at_a_list_is_not_a_download(admin, clock, home):
    admin.get(reverse("registration:index"))

    assert not export_entries().exists()


def test_downloads_are_listed_in_the_report(admin, clock, home, dpo):
    admin.get(reverse("registration:index"), {"export": "csv"})

    response = admin.get(URL)
    row = response.context["rows"][0]
    with translation.override("nl-be"):
        registrations = str(Registration._meta.verbose_name_plural).capitalize()
        rows = ngettext("%(rows)d row", "%(rows)d rows", 0) % {"rows": 0}
    assert (row.what, row.which, row.who) == (label(audit.EXPORTED), registrations, "Dirk Privacy")
    assert row.details == f"{rows}, CSV"


# Every read in the code is a registered read, and every read is a filter choice


def test_every_read_action_is_a_choice_of_the_action_filter(admin):
    choices = [value for value, _ in admin.get(URL).context["form"].fields["action"].choices if value]

    assert choices == audit.read_actions()
    assert {MEDICAL, SIGNAL, NOTES, CHILD_PRINTED, ALL_PRINTED, audit.EXPORTED} <= set(choices)
    assert "programmes.volunteer_hours.exported" in choices


def log_read_actions():
    """(file, action) for every `log_read(instance, action, ...)` call in the apps:
    a string literal as it stands, a name or attribute as the module defines it."""
    found = []
    for folder, package in (
        ("programmes", "programmes"),
        ("groceries", "groceries"),
        ("holiday_play", "holiday_play"),
        ("site", "website"),
    ):
        for path in sorted((REPO / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            calls = [
                node
                for node in ast.walk(tree)
                if isinstance(node, ast.Call)
                and (getattr(node.func, "attr", None) == "log_read" or getattr(node.func, "id", None) == "log_read")
            ]
            if not calls:
                continue
            module_name = ".".join((package, *path.relative_to(REPO / folder).with_suffix("").parts))
            namespace = vars(importlib.import_module(module_name.removesuffix(".__init__")))
            for call in calls:
                expression = (
                    call.args[1] if len(call.args) > 1 else next(k.value for k in call.keywords if k.arg == "action")
                )
                found.append((path.name, resolve(expression, namespace)))
    return found


def resolve(node, namespace):
    """A literal, a name or a dotted name, as the module sees it."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return namespace[node.id]
    if isinstance(node, ast.Attribute):
        return getattr(resolve(node.value, namespace), node.attr)
    raise AssertionError(f"Cannot tell the action of log_read({ast.unparse(node)}): use a constant.")


def test_every_log_read_call_logs_a_registered_read():
    found = log_read_actions()

    assert {MEDICAL, SIGNAL, NOTES, CHILD_PRINTED, ALL_PRINTED} <= {action for _, action in found}
    reads = set(audit.read_actions())
    assert [(name, action) for name, action in found if action not in reads] == []
