import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from programmes import audit
from tests.website.factories import UserFactory


@pytest.fixture
def coordinator(db):
    return UserFactory(roles=["coordinators"])


def test_log_change_records_who_did_what_to_which_object(coordinator):
    subject = UserFactory()
    entry = audit.log_change(subject, "website.desk.signed_in", by=coordinator, data={"reason": "test"})
    entry.refresh_from_db()
    assert entry.user == coordinator
    assert entry.object_id == str(subject.pk)
    assert entry.data == {"reason": "test"}
    with translation.override("en"):
        assert entry.message == "Signed in to the desk"


def test_log_read_carries_no_data(coordinator):
    entry = audit.log_read(coordinator, "website.desk.signed_in", by=coordinator)
    assert entry.data == {}


def test_an_unregistered_action_fails_loudly(coordinator):
    with pytest.raises(ValidationError):
        audit.log_change(coordinator, "website.no.such.action", by=coordinator)
    assert not ModelLogEntry.objects.exists()


@pytest.mark.parametrize("by", [None, AnonymousUser()])
def test_families_without_an_account_are_logged_as_nobody(coordinator, by):
    entry = audit.log_change(coordinator, "website.desk.signed_out", by=by)
    assert entry.user is None


def test_entries_show_in_the_admins_site_history(client, coordinator, admin_user):
    entry = audit.log_change(coordinator, "website.desk.signed_in", by=coordinator)
    client.force_login(admin_user)
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    with translation.override(settings.LANGUAGE_CODE):
        assert str(entry.message) in response.content.decode()


def test_an_entry_costs_one_insert(coordinator, django_assert_num_queries):
    subject = UserFactory()
    with django_assert_num_queries(1):
        audit.log_change(subject, "website.desk.signed_in", by=coordinator)


def test_entries_keep_wagtails_log_context(coordinator):
    from wagtail.log_actions import LogContext

    with LogContext(user=coordinator) as context:
        entry = audit.log_change(coordinator, "website.desk.signed_out", by=None)
    entry.refresh_from_db()
    assert entry.user == coordinator
    assert entry.uuid == context.uuid
