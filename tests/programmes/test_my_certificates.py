"""A volunteer tells us about a certificate on the desk; it counts only once a
coordinator confirms it. Time stands still on Sunday 22 November 2026."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from programmes.models import Certificate
from programmes.services.rosters import qualifies
from tests.programmes.factories import SessionFactory
from tests.programmes.volunteer_factories import AnimatorRoleFactory, CertificateFactory, ShiftFactory, VolunteerFactory
from tests.website.factories import UserFactory

NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))
URL = reverse("desk:my_certificates")


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def volunteer(db):
    return VolunteerFactory(user=UserFactory(roles=["animators"]))


@pytest.fixture
def client_in(client, volunteer):
    client.force_login(volunteer.user)
    return client


def declare(client, **data):
    return client.post(URL, {"kind": "model_2", "issued_on": "2026-11-02", **data}, HTTP_ACCEPT_LANGUAGE="nl")


def test_a_declared_model_2_certificate_waits_for_a_coordinator(client_in, volunteer, home):
    response = declare(client_in)
    assert response.status_code == 302
    certificate = volunteer.certificates.get()
    assert (certificate.declared_by_volunteer, certificate.confirmed_at) == (True, None)
    assert certificate.valid_until == datetime.date(2027, 11, 2)
    animator_shift = ShiftFactory(
        session=SessionFactory(starts_at=NOW + datetime.timedelta(days=3)), role=AnimatorRoleFactory()
    )
    assert qualifies(volunteer, animator_shift) == (False, "certificate_unconfirmed")
    entry = ModelLogEntry.objects.get(action="programmes.certificate.declared")
    assert entry.data == {"kind": "model_2"}
    page = client_in.get(URL, HTTP_ACCEPT_LANGUAGE="nl")
    with translation.override("nl-be"):
        assert gettext("Waiting for a coordinator to confirm") in page.content.decode()


def test_other_certificates_need_their_end_date(client_in, volunteer):
    response = declare(client_in, kind="first_aid")
    assert response.status_code == 400
    assert not Certificate.objects.exists()
    assert declare(client_in, kind="first_aid", valid_until="2029-11-02").status_code == 302
    assert volunteer.certificates.get().valid_until == datetime.date(2029, 11, 2)


@pytest.mark.parametrize(
    "data",
    [
        {"issued_on": ""},
        {"issued_on": "gisteren"},
        {"issued_on": "2026-11-23"},  # tomorrow
        {"issued_on": "2019-01-01"},  # too old to say anything about today
        {"kind": "first_aid", "valid_until": "2026-01-01"},  # ends before it was issued
        {"kind": "criminal_record_model_1"},
        {"valid_until": "x" * 300},
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(client_in, data):
    response = declare(client_in, **data)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Certificate.objects.exists()


def test_sending_the_form_twice_declares_once(client_in, volunteer):
    assert declare(client_in).status_code == 302
    assert declare(client_in).status_code == 400
    assert volunteer.certificates.count() == 1


def test_only_the_volunteers_own_certificates_are_listed(client_in, volunteer):
    CertificateFactory(volunteer=volunteer, kind="first_aid", valid_until=datetime.date(2028, 1, 1))
    other = CertificateFactory(issued_on=datetime.date(2026, 3, 17))
    response = client_in.get(URL)
    assert response.status_code == 200
    assert [c.pk for c in response.context["certificates"]] == [volunteer.certificates.get().pk]
    assert other.pk not in [c.pk for c in response.context["certificates"]]


def test_who_may_open_the_page(client, db):
    assert client.get(URL).status_code == 302  # to the desk login
    client.force_login(UserFactory())  # no desk permission
    assert client.get(URL).status_code == 403
    client.force_login(UserFactory(roles=["animators"]))  # on the desk, not a volunteer
    response = client.post(URL, {"kind": "model_2", "issued_on": "2026-11-02"})
    assert response.status_code == 200
    assert response.context["volunteer"] is None
    assert not Certificate.objects.exists()
