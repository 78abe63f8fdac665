"""The one daily retention task: every app's rules, with a dry run."""

import datetime
import io

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from groceries.models import CheckAttempt
from holiday_play.models import Booking
from programmes import retention
from programmes.models import Attendance, AttendanceSubmission, ErasureRecord, FeedToken, Household, Membership
from tests.groceries.factories import BadgeFactory, GroceryPageFactory
from tests.programmes.factories import (
    ChildFactory,
    HouseholdFactory,
    MembershipFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


def days_ago(days):
    return timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12))) - datetime.timedelta(days=days)


@pytest.fixture
def rows(home):
    session = SessionFactory()
    for key, age in (("old", 8), ("recent", 6)):
        AttendanceSubmission.objects.filter(pk=AttendanceSubmission.objects.create(key=key, session=session).pk).update(
            created_at=days_ago(age)
        )
    household = ContentType.objects.get_for_model(Household)
    for token, revoked in (("a" * 64, days_ago(31)), ("b" * 64, days_ago(29)), ("c" * 64, None)):
        FeedToken.objects.create(owner_type=household, owner_id=1, token_hash=token, revoked_at=revoked)
    grocery = GroceryPageFactory()
    for code, age in (("OLD", 91), ("NEW", 89)):
        CheckAttempt.objects.create(grocery=grocery, code=code, verdict="unknown", at=days_ago(age))


def remaining():
    return (
        sorted(AttendanceSubmission.objects.values_list("key", flat=True)),
        sorted(FeedToken.objects.values_list("token_hash", flat=True)),
        sorted(CheckAttempt.objects.values_list("code", flat=True)),
    )


def test_every_apps_rules_are_registered():
    names = " ".join(rule.name for rule in retention.rules())
    for app in ("programmes", "groceries", "holiday_play"):
        assert f"{app}:" in names


def test_a_dry_run_counts_and_changes_nothing(rows):
    before = remaining()
    counts = dict(retention.apply_all(today=TODAY, dry_run=True))
    assert remaining() == before
    assert counts["programmes: attendance idempotency keys after 7 days"] == 1
    assert counts["programmes: revoked calendar links after 30 days"] == 1
    assert counts["groceries: door checks after 90 days"] == 1


def test_the_task_deletes_only_what_is_past_its_time(rows):
    retention.apply_all(today=TODAY)
    assert remaining() == (["recent"], ["b" * 64, "c" * 64], ["NEW"])
    # Running again finds nothing.
    assert all(count == 0 for _name, count in retention.apply_all(today=TODAY))


def test_the_command_says_what_each_rule_did(rows):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "groceries: door checks after 90 days:" in out.getvalue()
    assert "would go" in out.getvalue()
    assert len(remaining()[2]) == 2


# Households: erased two years after the last contact, as on request.

RULE = "programmes: households two years after the last contact"


@pytest.fixture
def families(home):
    """One household per way of staying in touch, each first seen 3 years ago."""

    def household(name):
        family = HouseholdFactory(contact_name=name)
        Household.objects.filter(pk=family.pk).update(created_at=days_ago(3 * 365))
        return family

    def session(age):
        return SessionFactory(starts_at=days_ago(age))

    quiet = household("Stijn Claes")
    RegistrationFactory(household=quiet, session=session(800))
    registered = household("Lien Peeters")
    RegistrationFactory(household=registered, session=session(300))
    attended = household("Omar Haddad")
    Attendance.objects.create(session=session(200), person=attended.members.get(), status="present")
    member = household("Ines Wouters")
    MembershipFactory(household=member, status="active")
    left_long_ago = household("Kobe Maes")
    ended = MembershipFactory(
        household=left_long_ago, status="ended", ended_at=days_ago(900), decided_at=days_ago(1000)
    )
    Membership.objects.filter(pk=ended.pk).update(created_at=days_ago(1000))
    with_badge = household("Sara Jacobs")
    BadgeFactory(household=with_badge, valid_from=TODAY - datetime.timedelta(days=400), valid_until=TODAY)
    old_badge = household("Bram Goossens")
    BadgeFactory(household=old_badge, valid_from=datetime.date(2023, 1, 1), valid_until=datetime.date(2023, 7, 1))
    booked = household("Nora Aerts")
    Booking.objects.create(play_day=session(100), child=ChildFactory(household=booked), price="6.00")
    household("Jonas Smets")  # nothing since
    new = HouseholdFactory(contact_name="Emma Dubois")  # first seen today
    return {"quiet": quiet, "left": left_long_ago, "old_badge": old_badge, "new": new}


def erased_names():
    return sorted(Household.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))


def test_a_dry_run_counts_the_households_out_of_touch_and_erases_none(families):
    counts = dict(retention.apply_all(today=TODAY, dry_run=True))
    assert counts[RULE] == 4
    assert erased_names() == []


def test_households_nobody_has_been_in_touch_with_for_two_years_are_erased(families):
    with time_machine.travel(days_ago(0), tick=False):
        retention.apply_all(today=TODAY)
    erased = Household.objects.filter(erased_at__isnull=False)
    assert erased.count() == 4
    assert families["quiet"].pk in erased_names()
    assert families["left"].pk in erased_names()
    assert families["old_badge"].pk in erased_names()
    assert not erased.filter(contact_name__gt="").exists()
    kept = set(Household.objects.filter(erased_at__isnull=True).values_list("contact_name", flat=True))
    assert kept == {"Lien Peeters", "Omar Haddad", "Ines Wouters", "Sara Jacobs", "Nora Aerts", "Emma Dubois"}
    # Recorded like an erasure on request, by nobody, so it is replayed after a restore.
    records = ErasureRecord.objects.filter(household_id__in=erased_names())
    assert set(records.values_list("reason", "erased_by")) == {("no_longer_needed", None)}
    # The registrations stay on the erased household for the figures.
    assert families["quiet"].registrations.count() == 1
    assert dict(retention.apply_all(today=TODAY))[RULE] == 0
