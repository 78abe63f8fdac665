"""The volunteer's desk pages: open shifts, signing up, my shifts, cancelling.

Time stands still at NOW, Sunday 22 November 2026 10:00; the default
certificate is a confirmed model 2 valid from 1 June 2026 to 1 June 2027.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape

from programmes.models import Certificate, ShiftAssignment
from tests.programmes.factories import ProgrammePageFactory, SessionFactory
from tests.programmes.volunteer_factories import (
    AnimatorRoleFactory,
    CertificateFactory,
    RoleFactory,
    ShiftAssignmentFactory,
    ShiftFactory,
    VolunteerFactory,
)
from tests.website.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=BRUSSELS)


def days(n, hour=9):
    return datetime.datetime.combine(NOW.date() + datetime.timedelta(days=n), datetime.time(hour), tzinfo=BRUSSELS)


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def grocery(home):
    return ProgrammePageFactory(title="Sociale kruidenier De Korf")


@pytest.fixture
def playground(home):
    return ProgrammePageFactory(title="Speelpleintje Zonnebloem")


@pytest.fixture
def door():
    return RoleFactory(name="Onthaal")


@pytest.fixture
def shift(grocery, door):
    return ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(10)), role=door, needed=2)


@pytest.fixture
def animator_shift(playground):
    session = SessionFactory(programme=playground, starts_at=days(12))
    return ShiftFactory(session=session, role=AnimatorRoleFactory(name="Animator"), needed=2)


@pytest.fixture
def volunteer(db):
    return VolunteerFactory(user=UserFactory(roles=["animators"]))


@pytest.fixture
def client_in(client, volunteer):
    client.force_login(volunteer.user)
    return client


def page(client, name="desk:open_shifts", **params):
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response


def listed(response, key="shifts"):
    return [shift.pk for shift in response.context[key]]


def sign_up(client, shift):
    return client.post(reverse("desk:shift_sign_up", args=[shift.pk]), follow=True)


def t(text):
    """`text` as the desk shows it, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(text)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


# Open shifts


def test_open_shifts_lists_coming_shifts_with_places_left(client_in, shift):
    response = page(client_in)
    assert listed(response) == [shift.pk]
    assert response.context["shifts"][0].places_left == 2
    content = response.content.decode()
    assert "Sociale kruidenier De Korf" in content
    assert "Onthaal" in content
    assert reverse("desk:shift_sign_up", args=[shift.pk]) in content


def test_full_past_far_cancelled_and_own_shifts_are_not_open(client_in, volunteer, grocery, door, shift):
    full = ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(3)), role=door, needed=1)
    ShiftAssignmentFactory(shift=full)
    ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(-1)), role=door)
    ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(60)), role=door)
    ShiftFactory(
        session=SessionFactory(programme=grocery, starts_at=days(4), status="cancelled", cancel_reason="Storm"),
        role=door,
    )
    mine = ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(5)), role=door)
    ShiftAssignmentFactory(shift=mine, volunteer=volunteer)
    assert listed(page(client_in)) == [shift.pk]


def test_a_cancelled_sign_up_frees_its_place(client_in, grocery, door):
    shift = ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(3)), role=door, needed=1)
    ShiftAssignmentFactory(shift=shift, status="cancelled")
    assert listed(page(client_in)) == [shift.pk]


def test_shifts_needing_a_missing_certificate_are_listed_apart_with_the_reason(client_in, shift, animator_shift):
    response = page(client_in)
    assert listed(response) == [shift.pk]
    assert listed(response, "unqualified") == [animator_shift.pk]
    reason = response.context["unqualified"][0].reason
    assert reason.startswith(
        t("This role needs: %(certificates)s. Give a coordinator the dates of yours.").split("%")[0]
    )
    assert escape(reason) in response.content.decode()


def test_an_unconfirmed_certificate_is_named_as_the_reason(client_in, volunteer, animator_shift):
    CertificateFactory(volunteer=volunteer, confirmed_at=None, confirmed_by=None)
    response = page(client_in)
    assert listed(response) == []
    assert t("A coordinator still has to confirm your certificate.") in response.content.decode()


def test_an_expired_certificate_is_named_as_the_reason(client_in, volunteer, animator_shift):
    CertificateFactory(volunteer=volunteer, issued_on=datetime.date(2025, 6, 1))
    response = page(client_in)
    assert listed(response, "unqualified") == [animator_shift.pk]
    assert (
        t(
            "Your certificate is not valid on %(date)s: ask for a new one (%(certificates)s) and tell a coordinator."
        ).split("%(date)s")[0]
        in response.content.decode()
    )


def test_a_valid_certificate_opens_the_child_facing_shift(client_in, volunteer, shift, animator_shift):
    CertificateFactory(volunteer=volunteer)
    response = page(client_in)
    assert listed(response) == [shift.pk, animator_shift.pk]
    assert listed(response, "unqualified") == []


def test_filters_by_programme_role_and_date(client_in, volunteer, shift, animator_shift, grocery, door):
    CertificateFactory(volunteer=volunteer)
    later = ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(20)), role=door)
    assert listed(page(client_in, programme=grocery.pk)) == [shift.pk, later.pk]
    assert listed(page(client_in, role=animator_shift.role_id)) == [animator_shift.pk]
    assert listed(page(client_in, date_from=days(11).date().isoformat())) == [animator_shift.pk, later.pk]


@pytest.mark.parametrize(
    "params",
    [{"programme": "abc"}, {"programme": "9" * 40}, {"role": "999999"}, {"role": "-1"}, {"date_from": "31-31-2026"}],
)
def test_a_bad_filter_shows_a_message_and_every_open_shift(client_in, shift, params):
    response = page(client_in, **params)
    assert listed(response) == [shift.pk]
    assert messages_of(response) == [t("That filter did not work: here are all open shifts.")]


def test_an_inactive_volunteer_is_told_and_sees_no_shifts(client, shift):
    volunteer = VolunteerFactory(user=UserFactory(roles=["animators"]), active=False)
    client.force_login(volunteer.user)
    response = page(client)
    assert listed(response) == []
    assert t("Your volunteer account is not active, so you cannot sign up for shifts. Ask a coordinator.") in (
        response.content.decode()
    )


def test_open_shifts_take_a_bounded_number_of_queries(
    client_in, volunteer, grocery, playground, door, django_assert_max_num_queries
):
    CertificateFactory(volunteer=volunteer)
    animator = AnimatorRoleFactory()
    for n in range(1, 16):
        ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(n)), role=door)
        ShiftFactory(session=SessionFactory(programme=playground, starts_at=days(n)), role=animator)
    page(client_in)  # warm caches (site, settings)
    with django_assert_max_num_queries(13):
        response = page(client_in)
    assert len(response.context["shifts"]) == 30


# Signing up


def test_signing_up_creates_the_assignment_and_goes_to_my_shifts(client_in, volunteer, shift):
    response = sign_up(client_in, shift)
    assert response.redirect_chain == [(reverse("desk:my_shifts"), 302)]
    assignment = ShiftAssignment.objects.get()
    assert (assignment.shift, assignment.volunteer, assignment.status) == (shift, volunteer, "signed_up")
    assert messages_of(response)[0].startswith(
        t("You are signed up: %(role)s at %(programme)s, %(date)s at %(time)s.").split("%(role)s")[0] + "Onthaal"
    )
    assert [a.pk for a in response.context["coming"]] == [assignment.pk]


def test_signing_up_twice_says_so_and_changes_nothing(client_in, shift):
    sign_up(client_in, shift)
    response = sign_up(client_in, shift)
    assert messages_of(response) == [t("You are already signed up for this shift.")]
    assert ShiftAssignment.objects.count() == 1


def test_a_full_shift_refuses_with_a_message(client_in, grocery, door):
    shift = ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(3)), role=door, needed=1)
    ShiftAssignmentFactory(shift=shift)
    response = sign_up(client_in, shift)
    assert response.redirect_chain == [(reverse("desk:open_shifts"), 302)]
    assert messages_of(response) == [t("Sorry, this shift is full now: someone signed up just before you.")]
    assert ShiftAssignment.objects.count() == 1


def test_a_missing_certificate_refuses_with_a_message(client_in, animator_shift):
    response = sign_up(client_in, animator_shift)
    with translation.override(settings.LANGUAGE_CODE):
        certificate = str(Certificate.Kind.MODEL_2.label)
    assert messages_of(response) == [t("This shift needs: %(certificates)s.") % {"certificates": certificate}]
    assert not ShiftAssignment.objects.exists()


def test_an_overlapping_shift_refuses_with_a_message(client_in, volunteer, shift, playground):
    other = ShiftFactory(session=SessionFactory(programme=playground, starts_at=shift.session.starts_at))
    ShiftAssignmentFactory(shift=other, volunteer=volunteer)
    response = sign_up(client_in, shift)
    assert messages_of(response) == [t("You already have a shift at that time.")]
    assert ShiftAssignment.objects.count() == 1


def test_sign_up_is_post_only_and_an_unknown_shift_is_404(client_in, shift):
    assert client_in.get(reverse("desk:shift_sign_up", args=[shift.pk])).status_code == 405
    assert client_in.post(reverse("desk:shift_sign_up", args=[999999])).status_code == 404


def test_a_desk_user_who_is_no_volunteer_cannot_sign_up(client, shift):
    client.force_login(UserFactory(roles=["animators"]))
    response = client.post(reverse("desk:shift_sign_up", args=[shift.pk]))
    assert response.status_code == 302
    assert not ShiftAssignment.objects.exists()


# My shifts and cancelling


def test_my_shifts_lists_coming_and_recent_past_shifts_with_hours(client_in, volunteer, shift, grocery, door):
    coming = ShiftAssignmentFactory(shift=shift, volunteer=volunteer)
    recent = ShiftAssignmentFactory(
        shift=ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(-14)), role=door),
        volunteer=volunteer,
        status="came",
        hours="2.5",
    )
    ShiftAssignmentFactory(
        shift=ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(-120)), role=door),
        volunteer=volunteer,
        status="came",
    )
    ShiftAssignmentFactory(
        shift=ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(5)), role=door),
        volunteer=volunteer,
        status="cancelled",
    )
    ShiftAssignmentFactory(shift=shift)  # someone else's
    response = page(client_in, "desk:my_shifts")
    assert [a.pk for a in response.context["coming"]] == [coming.pk]
    assert [a.pk for a in response.context["past"]] == [recent.pk]
    content = response.content.decode()
    with translation.override(settings.LANGUAGE_CODE):
        assert formats.localize(Decimal("2.5")) in content
        assert str(ShiftAssignment.Status.CAME.label) in content
    assert reverse("desk:cancel_shift", args=[coming.pk]) in content


def test_a_volunteer_cancels_their_own_shift(client_in, volunteer, shift):
    assignment = ShiftAssignmentFactory(shift=shift, volunteer=volunteer)
    response = client_in.post(reverse("desk:cancel_shift", args=[assignment.pk]), follow=True)
    assert response.redirect_chain == [(reverse("desk:my_shifts"), 302)]
    assignment.refresh_from_db()
    assert assignment.status == "cancelled"
    assert messages_of(response) == [
        t("You are no longer on the shift: %(role)s at %(programme)s.")
        % {"role": "Onthaal", "programme": "Sociale kruidenier De Korf"}
    ]


def test_someone_elses_assignment_is_404(client_in, shift):
    assignment = ShiftAssignmentFactory(shift=shift)
    assert client_in.post(reverse("desk:cancel_shift", args=[assignment.pk])).status_code == 404
    assignment.refresh_from_db()
    assert assignment.status == "signed_up"


def test_cancelling_past_the_deadline_shows_the_message(client_in, volunteer, grocery, door):
    shift = ShiftFactory(session=SessionFactory(programme=grocery, starts_at=NOW + datetime.timedelta(hours=5)))
    assignment = ShiftAssignmentFactory(shift=shift, volunteer=volunteer)
    response = client_in.post(reverse("desk:cancel_shift", args=[assignment.pk]), follow=True)
    assert messages_of(response) == [
        t("Shifts can be cancelled until 24 hours before they start: call the coordinator.")
    ]
    assignment.refresh_from_db()
    assert assignment.status == "signed_up"
    assert reverse("desk:cancel_shift", args=[assignment.pk]) not in response.content.decode()


# Who may see the pages


def test_a_desk_user_without_a_volunteer_record_gets_a_friendly_page(client, shift):
    client.force_login(UserFactory(roles=["animators"]))
    for name in ("desk:open_shifts", "desk:my_shifts"):
        response = page(client, name)
        message = "You are not registered as a volunteer. Would you like to help? Ask a coordinator to add you."
        assert escape(t(message)) in response.content.decode()
        assert "shifts" not in response.context or not response.context.get("shifts")


def test_anonymous_visitors_go_to_the_desk_login(client, db):
    response = client.get(reverse("desk:open_shifts"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("desk:login"))


def test_users_without_desk_permission_get_403(client, db):
    volunteer = VolunteerFactory()
    client.force_login(volunteer.user)
    assert client.get(reverse("desk:open_shifts")).status_code == 403
    assert client.get(reverse("desk:my_shifts")).status_code == 403


def test_desk_home_links_volunteers_to_their_shifts(client_in, client, home):
    content = client_in.get(reverse("desk:home")).content.decode()
    assert reverse("desk:open_shifts") in content
    assert reverse("desk:my_shifts") in content


def test_desk_home_shows_no_shift_links_to_others(client, home):
    client.force_login(UserFactory(roles=["animators"]))
    content = client.get(reverse("desk:home")).content.decode()
    assert reverse("desk:open_shifts") not in content
