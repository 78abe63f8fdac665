"""Subject access (an access request): one JSON and one printable admin page
with everything we hold about a household and its members across the apps,
nothing of another household; every model linking to a household, person,
child profile or volunteer is in the export; who may export; every export is
audit-logged; a fixed number of queries."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from groceries.models import CheckAttempt, Renewal, Visit
from holiday_play.models import Booking
from holiday_play.permissions import medical_notes_viewed
from programmes import audit, subject_access
from programmes.models import Attendance, Consent, FeedToken
from programmes.services.feed_tokens import issue_token
from tests.groceries.factories import BadgeFactory, OpeningFactory
from tests.holiday_play.factories import PlaygroundPageFactory
from tests.holiday_play.signal_factories import ChildContactFactory, ChildProfileFactory, SignalFactory
from tests.programmes.factories import (
    BRUSSELS,
    ChildFactory,
    HouseholdFactory,
    MembershipFactory,
    ProgrammePageFactory,
    RegistrationFactory,
    SessionFactory,
)
from tests.programmes.volunteer_factories import CertificateFactory, ShiftAssignmentFactory, VolunteerFactory
from tests.website.factories import UserFactory, may_edit

pytestmark = pytest.mark.django_db

OUR_APPS = ("programmes", "groceries", "holiday_play", "website")
SUBJECTS = {"programmes.household", "programmes.person", "holiday_play.childprofile", "programmes.volunteer"}
D = datetime.date


def url(household, **query):
    suffix = "?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else ""
    return f"/admin/subject-access/household/{household.pk}/{suffix}"


def exports_logged(household):
    return ModelLogEntry.objects.filter(action=subject_access.EXPORTED, object_id=str(household.pk))


# Which models must be in the export.


def linked_models():
    """Our models that link to a household, person, child profile or volunteer,
    directly or through another such model (a visit through its badge), and
    those four themselves."""
    ours = [model for model in apps.get_models() if model._meta.app_label in OUR_APPS]
    found = {model._meta.label_lower: model for model in ours if model._meta.label_lower in SUBJECTS}
    grown = True
    while grown:
        grown = False
        for model in ours:
            if model._meta.label_lower in found:
                continue
            targets = {
                field.related_model._meta.label_lower
                for field in model._meta.get_fields()
                # Forward links: foreign keys, one-to-ones, many-to-manys (reverse ones are auto-created).
                if field.is_relation and not field.auto_created and field.related_model is not None
            }
            if targets & found.keys():
                found[model._meta.label_lower] = model
                grown = True
    return found


def test_the_walk_finds_direct_and_indirect_links():
    labels = linked_models().keys()
    assert {"programmes.registration", "groceries.badge", "holiday_play.signal"} <= labels
    assert {"groceries.visit", "groceries.checkattempt", "holiday_play.childcontact"} <= labels
    assert "programmes.shiftassignment" in labels
    assert "programmes.venue" not in labels


def test_every_model_linking_to_a_household_person_child_or_volunteer_is_exported():
    covered = subject_access.covered_models()
    missing = sorted(label for label, model in linked_models().items() if model not in covered)
    assert not missing, f"No subject access section covers: {missing}"


# The export's contents.


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=BRUSSELS), tick=False)


@pytest.fixture
def playground(home):
    return PlaygroundPageFactory(title="Speelplein De Zandbak")


def fill_household(contact_name, child_name, birth_date, *, allergies, concern, contact, playground, programme):
    household = HouseholdFactory(contact_name=contact_name, street="Hanswijkstraat 7", city="Mechelen")
    child = ChildFactory(
        household=household, first_name=child_name, last_name=contact_name.split(maxsplit=1)[1], birth_date=birth_date
    )
    Consent.objects.create(household=household, topic="registration", version="2026-11")
    session = SessionFactory(programme=programme)
    RegistrationFactory(household=household, session=session, members=list(household.members.all()))
    MembershipFactory(household=household)
    Attendance.objects.create(session=session, person=child, status="present")
    badge = BadgeFactory(household=household, notes=f"Notities over {contact_name}")
    Renewal.objects.create(badge=badge, valid_until=D(2027, 8, 31))
    Visit.objects.create(badge=badge, opening=OpeningFactory(programme=badge.grocery), persons=4)
    CheckAttempt.objects.create(grocery=badge.grocery, badge=badge, code=badge.code, verdict="valid")
    profile = ChildProfileFactory(child=child, allergies=allergies, medical_notes="Astma")
    ChildContactFactory(profile=profile, name=contact, phone="0470 99 11 22")
    play_day = SessionFactory(
        programme=playground, starts_at=datetime.datetime(2027, 7, 1 + Booking.objects.count(), 9, 0, tzinfo=BRUSSELS)
    )
    Booking.objects.create(play_day=play_day, child=child, price=Decimal("6.00"))
    SignalFactory(child=child, playground=playground, concern=concern)
    issue_token(household)
    household.badge, household.child = badge, child
    return household


@pytest.fixture
def fatima(home, clock, playground):
    return fill_household(
        "Fatima El Amrani",
        "Mila",
        D(2019, 5, 14),
        allergies="Pinda's en kiwi",
        concern="Mila komt vaak zonder ontbijt.",
        contact="Oma Rosa",
        playground=playground,
        programme=ProgrammePageFactory(title="Ouderontbijt De Living", registration_mode="per_session"),
    )


@pytest.fixture
def jan(home, clock, playground):
    return fill_household(
        "Jan Janssens",
        "Youssef",
        D(2018, 3, 2),
        allergies="Lactose",
        concern="Youssef slaapt slecht.",
        contact="Buurvrouw Lieve",
        playground=playground,
        programme=ProgrammePageFactory(title="Bulgaarse oudergroep", registration_mode="per_session"),
    )


def test_the_export_holds_the_household_its_members_and_every_app(fatima, jan):
    data = subject_access.export(fatima)

    assert data["household"]["contact_name"] == "Fatima El Amrani"
    assert data["household"]["email"] == fatima.email
    assert (data["household"]["street"], data["household"]["city"]) == ("Hanswijkstraat 7", "Mechelen")
    assert {(m["first_name"], m["birth_date"]) for m in data["members"]} >= {("Mila", "2019-05-14")}
    assert data["consents"][0]["version"] == "2026-11"
    assert data["registrations"][0]["session"]["programme"] == "Ouderontbijt De Living"
    assert "Mila El Amrani" in data["registrations"][0]["who"]
    assert data["memberships"][0]["status"] == "active"
    assert data["attendance"][0]["status"] == "present"
    assert data["feed_tokens"][0]["active"] is True

    badge = data["groceries"]["badges"][0]
    assert badge["code"] == fatima.badge.printed_code
    assert badge["renewals"][0]["valid_until"] == "2027-08-31"
    assert badge["visits"][0]["persons"] == 4
    assert badge["checks"][0]["verdict"] == "valid"

    child = data["holiday_play"]["children"][0]
    assert child["name"] == "Mila El Amrani"
    assert child["profile"]["allergies"] == "Pinda's en kiwi"
    assert child["profile"]["medical_notes"] == "Astma"
    assert child["contacts"][0]["name"] == "Oma Rosa"
    assert child["bookings"][0]["playground"] == "Speelplein De Zandbak"
    assert child["signals"][0]["concern"] == "Mila komt vaak zonder ontbijt."
    assert data["exported_at"].startswith("2026-11-23T10:00:00")


def test_the_export_holds_nothing_of_another_household(fatima, jan):
    text = json.dumps(subject_access.export(fatima), ensure_ascii=False)

    for value in ("Janssens", "Youssef", "2018-03-02", "Lactose", "slaapt slecht", "Buurvrouw Lieve", jan.email):
        assert value not in text
    assert jan.badge.printed_code not in text
    assert jan.phone not in text
    assert "Bulgaarse oudergroep" not in text


def test_the_export_holds_no_secret_of_a_calendar_link(fatima):
    text = json.dumps(subject_access.export(fatima))

    assert FeedToken.objects.get().token_hash not in text


def test_the_audit_part_lists_reads_and_changes_of_this_household_only(fatima, jan):
    reader = UserFactory(first_name="Cora", last_name="Claes")
    medical_notes_viewed(fatima.child.child_profile, by=reader)
    audit.log_change(fatima.registrations.get(), "programmes.registration.cancelled", by=reader)
    medical_notes_viewed(jan.child.child_profile, by=reader)

    entries = subject_access.export(fatima)["audit"]

    assert [(entry["action"], entry["by"]) for entry in entries] == [
        ("holiday_play.child_profile.medical_viewed", "Cora Claes"),
        ("programmes.registration.cancelled", "Cora Claes"),
    ]


def test_the_number_of_queries_does_not_grow_with_the_registrations(home, clock, django_assert_max_num_queries):
    programme = ProgrammePageFactory(registration_mode="per_session")

    first_day = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=BRUSSELS)

    def household_with(count):
        household = HouseholdFactory()
        for _ in range(count):
            starts_at = first_day + datetime.timedelta(days=programme.sessions.count())
            RegistrationFactory(household=household, session=SessionFactory(programme=programme, starts_at=starts_at))
        return household

    few, many = household_with(3), household_with(30)
    subject_access.export(few)  # content types cached
    with CaptureQueriesContext(connection) as queries:
        subject_access.export(few)
    with django_assert_max_num_queries(len(queries)):
        data = subject_access.export(many)
    assert len(data["registrations"]) == 30


def test_a_volunteer_export_holds_their_profile_certificates_and_shifts(home, clock):
    volunteer = VolunteerFactory(user=UserFactory(first_name="Karim", last_name="Benali"), skills="Arabisch tolken")
    CertificateFactory(volunteer=volunteer)
    ShiftAssignmentFactory(volunteer=volunteer, hours=Decimal("3.50"))
    other = VolunteerFactory(skills="Fietsen herstellen")
    ShiftAssignmentFactory(volunteer=other)

    data = subject_access.export_volunteer(volunteer)

    assert data["volunteer"]["last_name"] == "Benali"
    assert data["volunteer"]["skills"] == "Arabisch tolken"
    assert data["certificates"][0]["kind"] == "model_2"
    assert data["shifts"][0]["hours"] == "3.50"
    assert "Fietsen herstellen" not in json.dumps(data)


# The command.


def test_the_command_writes_the_json_to_a_file_and_logs_it(fatima, tmp_path):
    target = tmp_path / "export.json"

    call_command("export_household", str(fatima.pk), output=str(target))

    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["household"]["contact_name"] == "Fatima El Amrani"
    assert "Pinda's en kiwi" in target.read_text(encoding="utf-8")  # not escaped
    entry = exports_logged(fatima).get()
    assert entry.user is None
    assert entry.data == {"format": "json"}
    assert "Fatima" not in entry.label


def test_the_command_refuses_an_unknown_household(db):
    with pytest.raises(CommandError, match="No household with id 999999"):
        call_command("export_household", "999999")


def test_the_volunteer_command_writes_their_json_and_logs_it(home, clock, tmp_path):
    volunteer = VolunteerFactory(user=UserFactory(username="karim", last_name="Benali"), skills="Arabisch tolken")
    ShiftAssignmentFactory(volunteer=volunteer, hours=Decimal("2.00"))
    target = tmp_path / "karim.json"
    out = io.StringIO()

    call_command("export_volunteer", "karim", output=str(target), stdout=out)

    data = json.loads(target.read_text(encoding="utf-8"))
    assert (data["volunteer"]["last_name"], data["shifts"][0]["hours"]) == ("Benali", "2.00")
    assert f"Volunteer {volunteer.pk} written to" in out.getvalue()
    entry = ModelLogEntry.objects.get(action=subject_access.VOLUNTEER_EXPORTED, object_id=str(volunteer.pk))
    assert entry.user is None
    assert "Benali" not in entry.label


def test_the_volunteer_command_refuses_an_unknown_name_and_an_unwritable_file(db, tmp_path):
    with pytest.raises(CommandError, match="No volunteer with the user name 'nobody'"):
        call_command("export_volunteer", "nobody")
    VolunteerFactory(user=UserFactory(username="karim"))
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_volunteer", "karim", output=str(tmp_path / "missing" / "karim.json"))


# The admin page.


@pytest.fixture
def superuser(db):
    return UserFactory(username="dpo", is_superuser=True, is_staff=True)


def test_a_superuser_sees_the_page_and_the_view_is_logged(client, superuser, fatima, jan):
    client.force_login(superuser)

    response = client.get(url(fatima))

    assert response.status_code == 200
    page = response.content.decode()
    for value in ("Fatima El Amrani", "Pinda&#x27;s en kiwi", "Oma Rosa", fatima.badge.printed_code, "Mila komt vaak"):
        assert value in page
    assert "Youssef" not in page
    assert f'href="/admin/subject-access/household/{fatima.pk}/?format=json"' in page
    assert exports_logged(fatima).get().data == {"format": "html"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_json_download_is_an_attachment_and_logged(client, superuser, fatima):
    client.force_login(superuser)

    response = client.get(url(fatima, format="json"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["holiday_play"]["children"][0]["profile"]["allergies"] == "Pinda's en kiwi"
    assert exports_logged(fatima).get().data == {"format": "json"}


def test_a_coordinator_may_not_export_medical_notes_and_signals(client, fatima):
    """Every coordinator sees every household, but not every child's medical
    notes and signals: the export is refused and not logged."""
    coordinator = may_edit(UserFactory(roles=["coordinators"]), ProgrammePageFactory())
    client.force_login(coordinator)

    # Wagtail's answer to a PermissionDenied in the admin: back to the dashboard with a message.
    for response in (client.get(url(fatima)), client.get(url(fatima, format="json"))):
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    assert not exports_logged(fatima).exists()
    inspect = client.get(f"/admin/household/inspect/{fatima.pk}/")
    assert inspect.status_code == 200
    assert url(fatima) not in inspect.content.decode()


def test_a_user_who_may_see_all_of_it_may_export(client, fatima):
    user = UserFactory(roles=["social_workers"])
    for codename in ("view_medical", "view_signal", "view_badge"):
        user.user_permissions.add(Permission.objects.get(codename=codename))

    client.force_login(user)

    assert client.get(url(fatima)).status_code == 200
    assert url(fatima) in client.get(f"/admin/household/inspect/{fatima.pk}/").content.decode()


def test_a_user_who_may_not_see_households_gets_a_404(client, fatima):
    client.force_login(UserFactory(roles=["editors"]))

    assert client.get(url(fatima)).status_code == 404


def test_an_unknown_household_is_a_404(client, superuser, db):
    client.force_login(superuser)

    assert client.get("/admin/subject-access/household/999999/").status_code == 404


def test_anonymous_users_go_to_the_login(client, fatima):
    response = client.get(url(fatima))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not exports_logged(fatima).exists()


def test_the_export_is_a_read_in_the_audit_report():
    assert subject_access.EXPORTED in audit.read_actions()
