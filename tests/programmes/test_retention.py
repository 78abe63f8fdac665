"""The one daily retention task: every app's rules, with a dry run."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from groceries.models import CheckAttempt
from programmes import retention
from programmes.models import AttendanceSubmission, FeedToken, Household
from tests.groceries.factories import GroceryPageFactory
from tests.programmes.factories import SessionFactory

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
