"""Erasing a household on request: afterwards a dump of the whole database
(audit log included) holds none of its names, contact details or notes,
while another household's data stays and the figures of every app are
unchanged; the erasure is recorded and can be replayed after a restore; the
admin's confirmation page is for superusers only and GET changes nothing."""

import datetime
import io

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from wagtail.models import ModelLogEntry

from groceries.figures import grocery_figures
from groceries.models import Badge, CheckAttempt, Visit
from groceries.services.badges import issue_badge, notes_viewed, suspend_badge
from groceries.services.door import record_visit
from holiday_play.figures import playgrounds_figures
from holiday_play.models import Booking, ChildContact, ChildProfile, PlaygroundPage, Signal
from holiday_play.permissions import medical_notes_viewed
from holiday_play.services.signals import follow_up, record_signal
from programmes import audit
from programmes.erasure import erase_household
from programmes.errors import ProgrammeError
from programmes.figures import programme_figures
from programmes.models import Attendance, Consent, ErasureRecord, FeedToken, Household, Membership, RollCall
from programmes.services.attendance import take_roll_call
from programmes.services.enrolment import apply_for_membership, decline_membership, register
from programmes.services.feed_tokens import issue_token
from programmes.services.households import NewPerson, create_household
from programmes.services.scheduling import regenerate_sessions
from tests.groceries.factories import GroceryPageFactory, OpeningFactory
from tests.holiday_play.factories import HolidayPeriodFactory, PlaygroundPageFactory
from tests.holiday_play.signal_factories import ChildContactFactory, ChildProfileFactory
from tests.programmes.factories import BRUSSELS, ProgrammePageFactory, RegistrationFactory, SessionFactory
from tests.website.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 23)
YEAR = (D(2026, 1, 1), D(2026, 12, 31))

NAME, FIRST, LAST, CHILD = "Zeynep Kaya", "Zeynep", "Kaya", "Deniz"
PHONE, EMAIL = "0489 55 66 77", "zeynep.kaya@example.be"
STREET, CITY = "Nekkerspoelstraat 218 bus 4", "Mechelen"
BADGE_NOTES = "Schulden bij de energieleverancier, werkt deeltijds in de wasserij"
SUSPENSION = "Adres onbekend sinds de verhuis"
MEMBERSHIP_REASON = "Verhuist naar Gent in januari"
MEDICAL = "Epilepsie, neemt Depakine"
SIGNAL = "Vertelde dat er thuis vaak geroepen wordt"
FOLLOW_UP = "Huisbezoek gepland met de maatschappelijk werker"
PICKUP = "Oom Emre"
PICKUP_WHY = "Mama belde dat de oom komt"
AGE_GROUP_WHY = "Wil bij zijn neef in de groep"
GRANDMOTHER, GRANDMOTHER_PHONE = "Fatma Oztürk", "0478 11 22 33"

OTHER_NAME, OTHER_PHONE, OTHER_EMAIL = "Bram Verhoeven", "0471 98 76 54", "bram.verhoeven@example.be"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=BRUSSELS), tick=False)
    return time_machine


@pytest.fixture
def dpo(db):
    return UserFactory(username="dpo", is_superuser=True, is_staff=True)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", roles=["coordinators"])


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), BRUSSELS)


@pytest.fixture
def world(home, clock, dpo):
    """Two households known to the breakfast, a group, the grocery and the
    playground, set up through the services that write the audit log."""
    staff = dpo
    family = create_household(
        contact_name=NAME,
        phone=PHONE,
        email=EMAIL,
        street=STREET,
        postcode="2800",
        city=CITY,
        members=[NewPerson(FIRST, LAST, is_contact=True), NewPerson(CHILD, LAST, birth_date=D(2019, 3, 17))],
        by=staff,
        source=Household.Source.DESK,
    )
    other = create_household(
        contact_name=OTHER_NAME,
        phone=OTHER_PHONE,
        email=OTHER_EMAIL,
        postcode="2801",
        members=[NewPerson("Bram", "Verhoeven", is_contact=True)],
        by=staff,
        source=Household.Source.DESK,
    )
    mother, child = family.members.get(first_name=FIRST), family.members.get(first_name=CHILD)
    bram = other.members.get()

    breakfast = ProgrammePageFactory(title="Ouderontbijt", registration_mode="per_session")
    past = SessionFactory(programme=breakfast, starts_at=at(D(2026, 10, 7), 9))
    future = SessionFactory(programme=breakfast, starts_at=at(D(2026, 12, 2), 9))
    RegistrationFactory(household=family, session=past, members=[mother, child])
    RegistrationFactory(household=other, session=past, members=[bram])
    take_roll_call(
        past,
        {mother.pk: "present", child.pk: "present", bram.pk: "present"},
        adults=1,
        children=0,
        note=f"{NAME} kwam met {CHILD}; {OTHER_NAME} hielp met de koffie. Thema: slapen.",
        by=staff,
    )
    register(future, family, [mother], by=staff, source="desk")

    group = ProgrammePageFactory(title="Oudergroep", registration_mode="membership", kind="group")
    membership = apply_for_membership(group, family, [mother], by=staff, source="desk")
    decline_membership(membership, by=staff, reason=MEMBERSHIP_REASON)
    issue_token(family)

    grocery = GroceryPageFactory()
    october = OpeningFactory(programme=grocery, starts_at=at(D(2026, 10, 1), 14))
    november = OpeningFactory(programme=grocery, starts_at=at(D(2026, 11, 5), 14))
    badge = issue_badge(
        grocery, family, by=staff, referrer="caw", adults=1, children=1, valid_from=D(2026, 9, 1), notes=BADGE_NOTES
    )
    other_badge = issue_badge(
        grocery, other, by=staff, referrer="social_service", adults=1, children=0, valid_from=D(2026, 9, 1)
    )
    for opening in (october, november):
        record_visit(badge, opening, by=staff, persons=2)
    record_visit(other_badge, october, by=staff, persons=1)
    CheckAttempt.objects.create(grocery=grocery, opening=november, code=badge.code, badge=badge, verdict="valid")
    notes_viewed(badge, by=staff)
    suspend_badge(badge, by=staff, reason=SUSPENSION)

    playground = PlaygroundPageFactory(
        periods=[HolidayPeriodFactory(name="Herfstvakantie", first_day=D(2026, 11, 2), last_day=D(2026, 11, 6))]
    )
    regenerate_sessions(playground, today=D(2026, 10, 1), horizon_days=60)
    playground = PlaygroundPage.objects.get(pk=playground.pk)
    play_day = playground.sessions.get(local_date=D(2026, 11, 3))
    Booking.objects.create(
        play_day=play_day,
        child=child,
        age_group=playground.age_groups.order_by("min_age_months").last(),
        age_group_reason=AGE_GROUP_WHY,
        tariff="social",
        price=2,
        picked_up_by=PICKUP,
        pickup_override=PICKUP_WHY,
    )
    Attendance.objects.create(session=play_day, person=child, status="present", checked_in_at=at(D(2026, 11, 3), 9))
    profile = ChildProfileFactory(child=child, medical_notes=MEDICAL, uitpas_number="1234567890123")
    ChildContactFactory(profile=profile, name=GRANDMOTHER, phone=GRANDMOTHER_PHONE)
    medical_notes_viewed(profile, by=staff)
    signal = record_signal(child, playground, SIGNAL, by=staff)
    follow_up(signal, FOLLOW_UP, by=staff)
    # A log entry on another object that names the family (the safety net finds it).
    audit.log_change(future, "programmes.session.moved", by=staff, data={"told": EMAIL})

    return {
        "family": family,
        "other": other,
        "programmes": [breakfast, group],
        "grocery": grocery,
        "playground": playground,
        "badge": badge,
        "past": past,
        "staff": staff,
    }


SECRETS = [
    NAME,
    FIRST,
    LAST,
    CHILD,
    PHONE,
    "0489556677",
    EMAIL,
    STREET,
    "2019-03-17",
    BADGE_NOTES,
    SUSPENSION,
    MEMBERSHIP_REASON,
    MEDICAL,
    SIGNAL,
    FOLLOW_UP,
    PICKUP,
    PICKUP_WHY,
    AGE_GROUP_WHY,
    GRANDMOTHER,
    GRANDMOTHER_PHONE,
    "1234567890123",
]


def dump():
    """Every table of every app, the audit log included (models without a table left out)."""
    unmanaged = [model._meta.label for model in apps.get_models() if not model._meta.managed]
    buffer = io.StringIO()
    call_command("dumpdata", exclude=unmanaged, stdout=buffer)
    return buffer.getvalue()


def figures(world):
    first, last = YEAR
    return (
        programme_figures(world["programmes"], first, last, today=TODAY, totals=True),
        grocery_figures(world["grocery"], first, last, today=TODAY),
        playgrounds_figures([world["playground"]], first, last, today=TODAY)[world["playground"].pk],
    )


def test_the_dump_holds_the_secrets_before_erasure(world):
    """The test can fail: every secret is in the database to begin with."""
    text = dump()
    missing = [secret for secret in SECRETS if secret not in text]
    assert not missing
    assert world["badge"].code in text


def test_after_erasure_no_dump_of_the_database_holds_the_household(world):
    code = world["badge"].code
    erase_household(world["family"], by=world["staff"], reason="requested")

    text = dump()
    found = [secret for secret in SECRETS if secret.casefold() in text.casefold()]
    assert not found
    assert code not in text
    # The other household is untouched, in the note too.
    for kept in (OTHER_NAME, OTHER_PHONE, OTHER_EMAIL, "Thema: slapen"):
        assert kept in text
    note = RollCall.objects.get(session=world["past"]).note
    assert note == f"… kwam met …; {OTHER_NAME} hielp met de koffie. Thema: slapen."


def test_erasure_keeps_the_rows_that_the_figures_count(world):
    family = world["family"]
    erase_household(family, by=world["staff"])

    family.refresh_from_db()
    assert family.is_erased
    assert family.contact_name == family.phone == family.email == family.postcode == ""
    assert family.street == family.city == ""
    assert list(family.members.order_by("-is_contact").values_list("first_name", "last_name", "birth_date")) == [
        ("", "", None),
        ("", "", D(2019, 1, 1)),
    ]
    assert family.registrations.count() == 2
    assert Membership.objects.get(household=family).reason == ""
    assert Visit.objects.filter(badge__household=family).count() == 2
    assert Booking.objects.get(child__household=family).picked_up_by == ""
    assert ChildProfile.objects.get(child__household=family).erased_at is not None
    assert not ChildContact.objects.filter(profile__child__household=family).exists()
    assert Signal.objects.get(child__household=family).concern == ""
    assert not Consent.objects.filter(household=family).exists()
    assert not FeedToken.objects.filter(
        owner_type=ContentType.objects.get_for_model(Household), owner_id=family.pk
    ).exists()
    badge = Badge.objects.get(pk=world["badge"].pk)
    assert badge.notes == badge.status_reason == ""
    assert badge.code != world["badge"].code
    assert badge.referrer == "caw"
    assert badge.adults == 1
    assert badge.children == 1


def test_the_figures_of_every_app_are_the_same_after_erasure(world):
    before = figures(world)
    assert before[1].visits == 3
    assert before[2].days_attended == 1
    erase_household(world["family"], by=world["staff"])
    assert figures(world) == before


def test_the_audit_log_keeps_the_entries_with_neutral_titles(world):
    family = world["family"]
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Household), object_id=str(family.pk)
    )
    assert entries.filter(label=NAME).exists()
    count = ModelLogEntry.objects.count()

    erase_household(family, by=world["staff"])

    assert ModelLogEntry.objects.count() == count + 1  # nothing deleted; the erasure itself logged
    with translation.override(settings.LANGUAGE_CODE):
        neutral = f"{capfirst(Household._meta.verbose_name)} {family.pk}"
    assert set(entries.values_list("label", flat=True)) == {neutral}
    erased = entries.get(action="programmes.household.erased")
    assert erased.user == world["staff"]
    assert erased.data["reason"] == "requested"
    moved = ModelLogEntry.objects.get(action="programmes.session.moved")
    assert moved.data == {"told": ""}


def test_an_erasure_is_recorded_without_personal_data_and_refused_twice(world):
    family = world["family"]
    erase_household(family, by=world["staff"], reason="consent_withdrawn")

    record = ErasureRecord.objects.get()
    assert (record.household_id, record.erased_by, record.reason) == (family.pk, world["staff"], "consent_withdrawn")
    with pytest.raises(ProgrammeError) as error:
        erase_household(family, by=world["staff"])
    assert error.value.code == "already_erased"
    assert ErasureRecord.objects.count() == 1


def restore_backup(world):
    """What restoring a backup from before the erasure does to the rows that stayed."""
    family = world["family"]
    Household.objects.filter(pk=family.pk).update(
        contact_name=NAME, phone=PHONE, phone_digits="0489556677", email=EMAIL, erased_at=None
    )
    family.members.filter(is_contact=True).update(first_name=FIRST, last_name=LAST)
    Badge.objects.filter(pk=world["badge"].pk).update(notes=BADGE_NOTES, code=world["badge"].code)
    ChildProfile.objects.filter(child__household=family).update(medical_notes=MEDICAL)


def test_replay_erases_again_what_a_restore_brought_back(world):
    family = world["family"]
    erase_household(family, by=world["staff"])
    restore_backup(world)

    output = io.StringIO()
    call_command("replay_erasures", "--dry-run", stdout=output)
    assert "would be erased" in output.getvalue()
    assert Household.objects.get(pk=family.pk).contact_name == NAME  # dry run: nothing changed

    call_command("replay_erasures", stdout=io.StringIO())
    text = dump()
    assert not [secret for secret in (NAME, FIRST, PHONE, EMAIL, BADGE_NOTES, MEDICAL) if secret in text]
    assert world["badge"].code not in text
    family.refresh_from_db()
    assert family.is_erased
    assert ErasureRecord.objects.get().replayed_at is not None

    entries = ModelLogEntry.objects.count()
    output = io.StringIO()
    call_command("replay_erasures", stdout=output)
    assert "nothing left" in output.getvalue()
    assert ModelLogEntry.objects.count() == entries


def test_replay_takes_the_records_kept_outside_a_backup_from_before_the_erasure(world, tmp_path):
    family = world["family"]
    erase_household(family, by=world["staff"])
    records = tmp_path / "erasures.json"
    call_command("dumpdata", "programmes.ErasureRecord", "--output", str(records))
    # The backup is from before the erasure: no record, and not the user who erased.
    restore_backup(world)
    ErasureRecord.objects.all().delete()
    world["staff"].delete()

    output = io.StringIO()
    call_command("replay_erasures", "--records", str(records), stdout=output)
    assert "1 erasure records added" in output.getvalue()
    record = ErasureRecord.objects.get()
    assert (record.household_id, record.erased_by) == (family.pk, None)
    family.refresh_from_db()
    assert family.is_erased
    assert NAME not in dump()

    call_command("replay_erasures", "--records", str(records), stdout=output)
    assert ErasureRecord.objects.count() == 1


def test_replay_refuses_a_records_file_it_cannot_read(world, tmp_path):
    broken = tmp_path / "erasures.json"
    broken.write_text("[{]")
    with pytest.raises(CommandError):
        call_command("replay_erasures", "--records", str(broken), stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("replay_erasures", "--records", str(tmp_path / "missing.json"), stdout=io.StringIO())


def test_erase_household_command_dry_run_changes_nothing_and_then_erases(world):
    family = world["family"]
    output = io.StringIO()
    call_command("erase_household", str(family.pk), "--dry-run", stdout=output)
    assert "would change" in output.getvalue()
    assert Household.objects.get(pk=family.pk).contact_name == NAME
    assert not ErasureRecord.objects.exists()

    call_command("erase_household", str(family.pk), "--yes", stdout=io.StringIO())
    assert Household.objects.get(pk=family.pk).is_erased
    assert ErasureRecord.objects.get().household_id == family.pk


def erase_url(household_id):
    return reverse("programmes_erasure:household", args=[household_id])


def test_only_superusers_reach_the_erasure_page(world, client, coordinator):
    url = erase_url(world["family"].pk)
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]

    client.force_login(coordinator)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "requested"}).status_code == 403
    assert not Household.objects.get(pk=world["family"].pk).is_erased

    client.force_login(world["staff"])
    assert client.get(erase_url(999999)).status_code == 404


def test_get_shows_the_confirmation_and_changes_nothing(world, client):
    client.force_login(world["staff"])
    response = client.get(erase_url(world["family"].pk))
    assert response.status_code == 200
    assert b'name="csrfmiddlewaretoken"' in response.content
    assert b'name="reason"' in response.content
    assert Household.objects.get(pk=world["family"].pk).contact_name == NAME
    assert not ErasureRecord.objects.exists()

    inspect = client.get(reverse("household:inspect", args=[world["family"].pk]))
    assert erase_url(world["family"].pk).encode() in inspect.content


def test_post_erases_once_and_a_second_post_changes_nothing(world, client):
    client.force_login(world["staff"])
    url = erase_url(world["family"].pk)
    inspect = reverse("household:inspect", args=[world["family"].pk])

    response = client.post(url, {"reason": "requested"})
    assert response.status_code == 302
    assert response["Location"] == inspect
    assert Household.objects.get(pk=world["family"].pk).is_erased
    entries = ModelLogEntry.objects.count()

    response = client.post(url, {"reason": "requested"}, follow=True)
    assert response.status_code == 200
    assert ErasureRecord.objects.count() == 1
    assert ModelLogEntry.objects.count() == entries
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="reason"' not in page.content
    assert erase_url(world["family"].pk).encode() not in client.get(inspect).content


def test_a_bad_reason_is_refused_and_changes_nothing(world, client):
    client.force_login(world["staff"])
    response = client.post(erase_url(world["family"].pk), {"reason": "<script>"})
    assert response.status_code == 400
    assert not Household.objects.get(pk=world["family"].pk).is_erased
