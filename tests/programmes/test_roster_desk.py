"""The coordinator's roster pages on the desk (programmes/views/roster_desk.py)
and the roster rules they use (confirm, record_shift_attendance,
add_after_the_fact in services/rosters.py).

Time stands still at NOW, Sunday 22 November 2026 10:00; the default
certificate is a confirmed model 2 valid from 1 June 2026 to 1 June 2027.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from programmes.models import ShiftAssignment, VolunteerSettings
from programmes.services import rosters
from tests.programmes.factories import ProgrammePageFactory, SessionFactory
from tests.programmes.volunteer_factories import (
    AnimatorRoleFactory,
    CertificateFactory,
    RoleFactory,
    ShiftAssignmentFactory,
    ShiftFactory,
    VolunteerFactory,
)
from tests.website.factories import UserFactory, may_edit

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=BRUSSELS)
CAME, NO_SHOW = ShiftAssignment.Status.CAME, ShiftAssignment.Status.NO_SHOW


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
def coordinator(grocery):
    return may_edit(UserFactory(roles=["coordinators"]), grocery)


@pytest.fixture
def client_in(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def shift(grocery, door):
    """A coming shift: Thursday 26 November, 9:00–11:00, two at the door."""
    return ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(4)), role=door, needed=2)


@pytest.fixture
def started(grocery, door):
    """Today's shift, 9:00–11:00: it started an hour ago."""
    return ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(0)), role=door, needed=2)


def volunteer(first_name="Mira", last_name="Peeters", **kwargs):
    return VolunteerFactory(user=UserFactory(roles=["animators"], first_name=first_name, last_name=last_name), **kwargs)


def t(text):
    """`text` as the desk shows it, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(text)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def overview(client, **params):
    response = client.get(reverse("desk:roster_overview"), params)
    assert response.status_code == 200
    return response


def shifts_in(response):
    return [
        shift for _programme, sessions in response.context["programmes"] for _s, shifts in sessions for shift in shifts
    ]


def shift_url(shift, suffix=""):
    return reverse("desk:roster_shift", args=[shift.pk]) + suffix


def attendance(client, shift, data):
    return client.post(shift_url(shift, "attendance/"), data, follow=True)


# The overview


def test_each_shift_says_short_ok_or_over_in_words(client_in, grocery, door):
    session = SessionFactory(programme=grocery, starts_at=days(2))
    short = ShiftFactory(session=session, role=door, needed=2)
    ShiftAssignmentFactory(shift=short)
    ShiftAssignmentFactory(shift=short, status="cancelled")
    ok = ShiftFactory(session=session, role=RoleFactory(name="Kassa"), needed=1)
    ShiftAssignmentFactory(shift=ok, status="confirmed")
    over = ShiftFactory(session=session, role=RoleFactory(name="Rekken vullen"), needed=1)
    ShiftAssignmentFactory.create_batch(2, shift=over)
    response = overview(client_in)
    states = {shift.pk: (shift.state, shift.taken) for shift in shifts_in(response)}
    assert states == {short.pk: ("short", 1), ok.pk: ("ok", 1), over.pk: ("over", 2)}
    content = response.content.decode()
    for label in ("Short", "Fully staffed", "Over-staffed"):
        assert t(label) in content


def test_the_overview_shows_two_weeks_of_the_users_programmes_grouped(client_in, grocery, playground, door):
    earlier_today = ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(0, hour=7)), role=door)
    last_day = ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(13)), role=door)
    second = ShiftFactory(session=last_day.session, role=RoleFactory(name="Kassa"))
    ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(14)), role=door)
    ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(-1)), role=door)
    ShiftFactory(session=SessionFactory(programme=playground, starts_at=days(2)), role=door)
    ShiftFactory(
        session=SessionFactory(programme=grocery, starts_at=days(3), status="cancelled", cancel_reason="Storm"),
        role=door,
    )
    response = overview(client_in)
    [(programme, sessions)] = response.context["programmes"]
    assert programme == grocery
    assert [(session.pk, [s.pk for s in shifts]) for session, shifts in sessions] == [
        (earlier_today.session_id, [earlier_today.pk]),
        (last_day.session_id, [second.pk, last_day.pk]),
    ]
    assert shift_url(last_day) in response.content.decode()


def test_names_are_marked_signed_up_or_confirmed(client_in, shift):
    ShiftAssignmentFactory(shift=shift, volunteer=volunteer("Mira"), status="signed_up")
    ShiftAssignmentFactory(shift=shift, volunteer=volunteer("Jonas"), status="confirmed")
    content = overview(client_in).content.decode()
    assert "Mira Peeters" in content
    assert "Jonas Peeters" in content
    assert 'data-status="signed_up"' in content
    assert 'data-status="confirmed"' in content
    with translation.override(settings.LANGUAGE_CODE):
        assert str(ShiftAssignment.Status.SIGNED_UP.label) in content
        assert str(ShiftAssignment.Status.CONFIRMED.label) in content


def test_a_certificate_in_its_grace_period_is_a_warning(client_in, grocery):
    VolunteerSettings.objects.update_or_create(defaults={"expired_certificate_policy": "warn", "grace_days": 30})
    animator_shift = ShiftFactory(
        session=SessionFactory(programme=grocery, starts_at=days(3)), role=AnimatorRoleFactory(name="Animator")
    )
    in_grace = volunteer("Mira")
    CertificateFactory(volunteer=in_grace, issued_on=datetime.date(2025, 11, 15))  # ended 15 November
    valid = volunteer("Jonas")
    CertificateFactory(volunteer=valid)
    ShiftAssignmentFactory(shift=animator_shift, volunteer=in_grace)
    ShiftAssignmentFactory(shift=animator_shift, volunteer=valid)
    response = overview(client_in)
    warnings = {a.volunteer.pk: a.warning for a in shifts_in(response)[0].people}
    assert str(warnings[valid.pk]) == ""
    assert str(warnings[in_grace.pk]) == t("Certificate has run out: only the grace period still allows this shift.")
    assert response.content.decode().count("data-warning") == 1


def test_the_filter_shows_one_programme(client, grocery, playground, door):
    user = may_edit(UserFactory(roles=["coordinators"]), grocery, playground)
    client.force_login(user)
    in_grocery = ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(2)), role=door)
    in_playground = ShiftFactory(session=SessionFactory(programme=playground, starts_at=days(2)), role=door)
    assert [s.pk for s in shifts_in(overview(client))] == [in_grocery.pk, in_playground.pk]
    assert [s.pk for s in shifts_in(overview(client, programme=playground.pk))] == [in_playground.pk]


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "1" * 40])
def test_a_bad_filter_shows_a_message_and_all_programmes(client_in, shift, value):
    response = overview(client_in, programme=value)
    assert [s.pk for s in shifts_in(response)] == [shift.pk]
    assert messages_of(response) == [t("That filter did not work: here are all your programmes.")]


def test_a_programme_the_user_does_not_coordinate_is_a_bad_filter(client_in, shift, playground, door):
    ShiftFactory(session=SessionFactory(programme=playground, starts_at=days(2)), role=door)
    response = overview(client_in, programme=playground.pk)
    assert [s.pk for s in shifts_in(response)] == [shift.pk]
    assert messages_of(response) == [t("That filter did not work: here are all your programmes.")]


def make_staffed_shifts(grocery, count):
    roles = [RoleFactory() for _ in range(3)]
    for n in range(count):
        session = SessionFactory(programme=grocery, starts_at=days(n % 13 + 1, hour=9 + n // 13))
        shift = ShiftFactory(session=session, role=roles[n % 3], needed=2)
        animator = volunteer(f"V{n}")
        CertificateFactory(volunteer=animator, issued_on=datetime.date(2025, 12, 1))
        ShiftAssignmentFactory(shift=shift, volunteer=animator)
        ShiftAssignmentFactory(shift=shift, status="confirmed")


@pytest.mark.parametrize("count", [2, 30])
def test_the_overview_takes_a_bounded_number_of_queries(client_in, grocery, count, django_assert_max_num_queries):
    make_staffed_shifts(grocery, count)
    overview(client_in)  # warm caches (site, settings)
    with django_assert_max_num_queries(15):
        response = overview(client_in)
    assert len(shifts_in(response)) == count
    assert len(response.context["renewals"]) == count


# Certificates to renew


def test_certificates_ending_soon_or_lately_of_the_programmes_volunteers_are_listed(client_in, shift, grocery, door):
    past = ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(-200)), role=door)
    soon = volunteer("Soon")
    soon_certificate = CertificateFactory(volunteer=soon, issued_on=datetime.date(2025, 12, 20))  # ends 20 Dec
    lately = volunteer("Lately")
    lately_certificate = CertificateFactory(
        volunteer=lately, issued_on=datetime.date(2025, 11, 1), confirmed_at=None, confirmed_by=None
    )  # ended 1 November
    renewed = volunteer("Renewed")
    CertificateFactory(volunteer=renewed, issued_on=datetime.date(2025, 12, 20))
    CertificateFactory(volunteer=renewed, issued_on=datetime.date(2026, 11, 1))
    far = volunteer("Far")
    CertificateFactory(volunteer=far)
    long_ago = volunteer("Long ago")
    CertificateFactory(volunteer=long_ago, issued_on=datetime.date(2025, 9, 1))
    elsewhere = volunteer("Elsewhere")
    CertificateFactory(volunteer=elsewhere, issued_on=datetime.date(2025, 12, 20))
    cancelled = volunteer("Cancelled")
    CertificateFactory(volunteer=cancelled, issued_on=datetime.date(2025, 12, 20))
    for person in (soon, renewed, far, long_ago):
        ShiftAssignmentFactory(shift=shift, volunteer=person)
    ShiftAssignmentFactory(shift=past, volunteer=lately, status="came")
    ShiftAssignmentFactory(shift=shift, volunteer=cancelled, status="cancelled")
    ShiftAssignmentFactory(shift=ShiftFactory(session=SessionFactory(starts_at=days(3))), volunteer=elsewhere)
    response = overview(client_in)
    renewals = response.context["renewals"]
    assert [c.pk for c in renewals] == [lately_certificate.pk, soon_certificate.pk]
    assert [c.expired for c in renewals] == [True, False]
    content = response.content.decode()
    assert t("Expired") in content
    assert t("Not yet") in content


# Who may see the pages


def test_anonymous_visitors_go_to_the_desk_login(client, shift):
    for url in (reverse("desk:roster_overview"), shift_url(shift)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("desk:login"))
    response = client.post(shift_url(shift, "assign/"), {"volunteer": volunteer().pk})
    assert response.status_code == 302
    assert not ShiftAssignment.objects.exists()


def test_users_without_desk_permission_get_403(client, shift):
    client.force_login(UserFactory(roles=["editors"]))
    assert client.get(reverse("desk:roster_overview")).status_code == 403
    assert client.get(shift_url(shift)).status_code == 403


def test_a_plain_volunteer_gets_403_on_the_overview_and_404_on_a_shift(client, shift):
    mine = volunteer()
    assignment = ShiftAssignmentFactory(shift=shift, volunteer=mine)
    client.force_login(mine.user)
    assert client.get(reverse("desk:roster_overview")).status_code == 403
    assert client.get(shift_url(shift)).status_code == 404
    assert client.post(reverse("desk:roster_confirm", args=[shift.pk, assignment.pk])).status_code == 404
    assignment.refresh_from_db()
    assert assignment.status == "signed_up"


def test_a_shift_of_a_programme_the_user_does_not_coordinate_is_404(client_in, playground, door):
    other = ShiftFactory(session=SessionFactory(programme=playground, starts_at=days(2)), role=door)
    assignment = ShiftAssignmentFactory(shift=other)
    assert client_in.get(shift_url(other)).status_code == 404
    for name in ("desk:roster_confirm", "desk:roster_cancel"):
        assert client_in.post(reverse(name, args=[other.pk, assignment.pk])).status_code == 404
    assert client_in.post(shift_url(other, "assign/"), {"volunteer": volunteer().pk}).status_code == 404
    assert client_in.get(reverse("desk:roster_shift", args=[999999])).status_code == 404
    assignment.refresh_from_db()
    assert assignment.status == "signed_up"


def test_changes_are_post_only(client_in, shift):
    assignment = ShiftAssignmentFactory(shift=shift)
    assert client_in.get(shift_url(shift, "assign/")).status_code == 405
    assert client_in.get(reverse("desk:roster_confirm", args=[shift.pk, assignment.pk])).status_code == 405
    assert client_in.get(shift_url(shift, "attendance/")).status_code == 405


def test_the_desk_home_links_coordinators_to_the_rosters(client_in, client, grocery):
    SessionFactory(programme=grocery, starts_at=days(0, hour=14))
    assert reverse("desk:roster_overview") in client_in.get(reverse("desk:home")).content.decode()
    client.force_login(volunteer().user)
    assert reverse("desk:roster_overview") not in client.get(reverse("desk:home")).content.decode()


# The shift page: assigning, confirming, cancelling


def test_the_search_finds_active_volunteers_by_name(client_in, shift):
    mira = volunteer("Mira", "Peeters")
    volunteer("Mira", "Janssens", active=False)
    on_shift = volunteer("Mirabel", "Peeters")
    ShiftAssignmentFactory(shift=shift, volunteer=on_shift)
    volunteer("Jonas", "Claes")
    response = client_in.get(shift_url(shift), {"q": "mira"})
    assert response.status_code == 200
    assert {v.pk: v.on_shift for v in response.context["results"]} == {mira.pk: False, on_shift.pk: True}
    assert reverse("desk:roster_assign", args=[shift.pk]) in response.content.decode()


@pytest.mark.parametrize("q", ["m", "x" * 101])
def test_a_bad_search_gets_a_message_and_no_results(client_in, shift, q):
    volunteer()
    response = client_in.get(shift_url(shift), {"q": q})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert response.context["search"].errors


def test_a_coordinator_assigns_a_volunteer_confirmed(client_in, coordinator, shift):
    mira = volunteer()
    response = client_in.post(shift_url(shift, "assign/"), {"volunteer": mira.pk, "q": "mira"}, follow=True)
    assert response.redirect_chain == [(shift_url(shift), 302)]
    assignment = ShiftAssignment.objects.get()
    assert (assignment.volunteer, assignment.status, assignment.created_by) == (mira, "confirmed", coordinator)
    assert messages_of(response) == [t("%(name)s is on the shift, confirmed.") % {"name": "Mira Peeters"}]


@pytest.mark.parametrize("value", ["", "abc", "999999", "1" * 40])
def test_assigning_nobody_or_an_unknown_volunteer_changes_nothing(client_in, shift, value):
    response = client_in.post(shift_url(shift, "assign/"), {"volunteer": value}, follow=True)
    assert messages_of(response) == [t("Choose an active volunteer from the search.")]
    assert not ShiftAssignment.objects.exists()


def test_an_inactive_volunteer_cannot_be_assigned(client_in, shift):
    response = client_in.post(shift_url(shift, "assign/"), {"volunteer": volunteer(active=False).pk}, follow=True)
    assert messages_of(response) == [t("Choose an active volunteer from the search.")]
    assert not ShiftAssignment.objects.exists()


def test_an_overlap_asks_for_a_note_then_assigns(client_in, shift, playground, door):
    mira = volunteer()
    other = ShiftFactory(session=SessionFactory(programme=playground, starts_at=shift.session.starts_at), role=door)
    ShiftAssignmentFactory(shift=other, volunteer=mira)
    response = client_in.post(shift_url(shift, "assign/"), {"volunteer": mira.pk})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'name="override_note"' in content
    assert t("This shift overlaps another shift of the volunteer: say why that is fine.") in content
    assert not ShiftAssignment.objects.filter(shift=shift).exists()
    response = client_in.post(shift_url(shift, "assign/"), {"volunteer": mira.pk, "override_note": "   "})
    assert response.status_code == 400
    response = client_in.post(
        shift_url(shift, "assign/"), {"volunteer": mira.pk, "override_note": "Alleen het eerste uur daar."}
    )
    assert response.status_code == 302
    assignment = ShiftAssignment.objects.get(shift=shift)
    assert assignment.override_note == "Alleen het eerste uur daar."


def test_a_too_long_note_is_refused_with_the_form(client_in, shift, playground, door):
    mira = volunteer()
    other = ShiftFactory(session=SessionFactory(programme=playground, starts_at=shift.session.starts_at), role=door)
    ShiftAssignmentFactory(shift=other, volunteer=mira)
    response = client_in.post(shift_url(shift, "assign/"), {"volunteer": mira.pk, "override_note": "x" * 201})
    assert response.status_code == 400
    assert 'name="override_note"' in response.content.decode()
    assert not ShiftAssignment.objects.filter(shift=shift).exists()


def test_assigning_a_volunteer_twice_says_so(client_in, shift):
    mira = volunteer()
    client_in.post(shift_url(shift, "assign/"), {"volunteer": mira.pk}, follow=True)
    response = client_in.post(shift_url(shift, "assign/"), {"volunteer": mira.pk}, follow=True)
    assert messages_of(response) == [t("This volunteer is already on this shift.")]
    assert ShiftAssignment.objects.count() == 1


def test_a_coordinator_confirms_a_sign_up_once(client_in, shift):
    assignment = ShiftAssignmentFactory(shift=shift, volunteer=volunteer())
    url = reverse("desk:roster_confirm", args=[shift.pk, assignment.pk])
    response = client_in.post(url, follow=True)
    assert messages_of(response) == [t("%(name)s is confirmed.") % {"name": "Mira Peeters"}]
    client_in.post(url)
    assignment.refresh_from_db()
    assert assignment.status == "confirmed"
    assert ModelLogEntry.objects.filter(action="programmes.shift.confirmed", object_id=str(assignment.pk)).count() == 1


def test_another_shifts_assignment_id_is_404(client_in, shift, grocery, door):
    other = ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(5)), role=door)
    assignment = ShiftAssignmentFactory(shift=other)
    for name in ("desk:roster_confirm", "desk:roster_cancel"):
        assert client_in.post(reverse(name, args=[shift.pk, assignment.pk])).status_code == 404
    assignment.refresh_from_db()
    assert assignment.status == "signed_up"


def test_a_cancelled_sign_up_cannot_be_confirmed(client_in, shift):
    assignment = ShiftAssignmentFactory(shift=shift, status="cancelled")
    response = client_in.post(reverse("desk:roster_confirm", args=[shift.pk, assignment.pk]), follow=True)
    assert messages_of(response) == [t("Only a sign-up that is still open can be confirmed.")]
    assignment.refresh_from_db()
    assert assignment.status == "cancelled"


def test_a_coordinator_takes_someone_off_the_shift(client_in, coordinator, shift):
    assignment = ShiftAssignmentFactory(shift=shift, volunteer=volunteer(), status="confirmed")
    response = client_in.post(reverse("desk:roster_cancel", args=[shift.pk, assignment.pk]), follow=True)
    assert messages_of(response) == [t("%(name)s is no longer on this shift.") % {"name": "Mira Peeters"}]
    assignment.refresh_from_db()
    assert assignment.status == "cancelled"
    assert ModelLogEntry.objects.get(action="programmes.shift.cancelled").user == coordinator


# Who came, hours, no-shows


def test_the_who_came_form_appears_once_the_shift_started(client_in, shift, started):
    ShiftAssignmentFactory(shift=shift)
    assignment = ShiftAssignmentFactory(shift=started)
    assert client_in.get(shift_url(shift)).context["rows"] == []
    response = client_in.get(shift_url(started))
    [(row, _form)] = response.context["rows"]
    assert row.pk == assignment.pk
    content = response.content.decode()
    assert f'name="a{assignment.pk}-hours" value="2.00"' in content
    assert 'step="0.25"' in content


def test_who_came_and_hours_are_saved_and_no_shows_have_no_hours(client_in, coordinator, started):
    came = ShiftAssignmentFactory(shift=started, status="confirmed")
    missing = ShiftAssignmentFactory(shift=started)
    response = attendance(
        client_in,
        started,
        {
            f"a{came.pk}-status": "came",
            f"a{came.pk}-hours": "2.75",
            f"a{missing.pk}-status": "no_show",
            f"a{missing.pk}-hours": "2.00",
        },
    )
    assert messages_of(response) == [t("Saved: who came and their hours.")]
    came.refresh_from_db()
    missing.refresh_from_db()
    assert (came.status, came.hours) == (CAME, Decimal("2.75"))
    assert (missing.status, missing.hours) == (NO_SHOW, None)
    entries = ModelLogEntry.objects.filter(action="programmes.attendance.recorded")
    assert entries.count() == 2
    assert {entry.user for entry in entries} == {coordinator}
    assert entries.get(object_id=str(came.pk)).data == {"shift": started.pk, "status": "came", "hours": "2.75"}


def test_the_same_save_sent_twice_changes_nothing_the_second_time(client_in, started):
    assignment = ShiftAssignmentFactory(shift=started)
    data = {f"a{assignment.pk}-status": "came", f"a{assignment.pk}-hours": "2"}
    attendance(client_in, started, data)
    response = attendance(client_in, started, data)
    assert messages_of(response) == [t("Nothing changed: this was saved already.")]
    assignment.refresh_from_db()
    assert (assignment.status, assignment.hours) == (CAME, Decimal("2.00"))
    assert ModelLogEntry.objects.filter(action="programmes.attendance.recorded").count() == 1


def test_a_save_can_correct_an_earlier_one(client_in, started):
    assignment = ShiftAssignmentFactory(shift=started, status="came", hours="2")
    attendance(client_in, started, {f"a{assignment.pk}-status": "no_show"})
    assignment.refresh_from_db()
    assert (assignment.status, assignment.hours) == (NO_SHOW, None)


def test_someone_elses_assignment_id_changes_nothing(client_in, started, grocery, door):
    mine = ShiftAssignmentFactory(shift=started)
    elsewhere = ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(-2)), role=door)
    theirs = ShiftAssignmentFactory(shift=elsewhere)
    response = attendance(
        client_in,
        started,
        {
            f"a{mine.pk}-status": "came",
            f"a{mine.pk}-hours": "2",
            f"a{theirs.pk}-status": "no_show",
        },
    )
    assert messages_of(response) == [t("These ids are not sign-ups of this shift.")]
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == ("signed_up", "signed_up")
    assert not ModelLogEntry.objects.filter(action="programmes.attendance.recorded").exists()


def test_a_cancelled_sign_up_cannot_be_marked(client_in, started):
    cancelled = ShiftAssignmentFactory(shift=started, status="cancelled")
    response = attendance(client_in, started, {f"a{cancelled.pk}-status": "came", f"a{cancelled.pk}-hours": "2"})
    assert messages_of(response) == [t("These ids are not sign-ups of this shift.")]
    cancelled.refresh_from_db()
    assert cancelled.status == "cancelled"


@pytest.mark.parametrize("hours", ["abc", "-1", "25", "", "2.1", "1e3", "NaN"])
def test_bad_hours_get_a_message_and_change_nothing(client_in, started, hours):
    assignment = ShiftAssignmentFactory(shift=started)
    other = ShiftAssignmentFactory(shift=started)
    response = client_in.post(
        shift_url(started, "attendance/"),
        {
            f"a{assignment.pk}-status": "came",
            f"a{assignment.pk}-hours": hours,
            f"a{other.pk}-status": "came",
            f"a{other.pk}-hours": "2",
        },
    )
    assert response.status_code == 400
    assert messages_of(response) == [t("Nothing is saved: check the hours.")]
    assert 'aria-invalid="true"' in response.content.decode()
    assert set(ShiftAssignment.objects.values_list("status", flat=True)) == {"signed_up"}


def test_a_bad_status_changes_nothing(client_in, started):
    assignment = ShiftAssignmentFactory(shift=started)
    response = client_in.post(shift_url(started, "attendance/"), {f"a{assignment.pk}-status": "cancelled"})
    assert response.status_code == 400
    assignment.refresh_from_db()
    assert assignment.status == "signed_up"


def test_who_came_cannot_be_saved_before_the_shift_starts(client_in, shift):
    assignment = ShiftAssignmentFactory(shift=shift)
    response = attendance(client_in, shift, {f"a{assignment.pk}-status": "came", f"a{assignment.pk}-hours": "2"})
    assert messages_of(response) == [t("This shift has not started yet.")]
    assignment.refresh_from_db()
    assert assignment.status == "signed_up"


def test_someone_who_came_without_signing_up_is_added_with_hours(client_in, coordinator, grocery, door):
    full = ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(0)), role=door, needed=1)
    ShiftAssignmentFactory(shift=full)
    mira = volunteer()
    response = client_in.get(shift_url(full), {"q": "mira"})
    assert reverse("desk:roster_came", args=[full.pk]) in response.content.decode()
    response = client_in.post(
        shift_url(full, "came/"), {"volunteer": mira.pk, "hours": "1.5", "q": "mira"}, follow=True
    )
    assert response.redirect_chain == [(shift_url(full), 302)]
    assignment = ShiftAssignment.objects.get(volunteer=mira)
    assert (assignment.status, assignment.hours, assignment.created_by) == (CAME, Decimal("1.50"), coordinator)
    assert response.context["shift"].state == "over"
    again = client_in.post(shift_url(full, "came/"), {"volunteer": mira.pk, "hours": "1.5"}, follow=True)
    assert messages_of(again) == [t("This volunteer is already on this shift.")]
    assert ShiftAssignment.objects.filter(volunteer=mira).count() == 1


@pytest.mark.parametrize("hours", ["", "abc", "30"])
def test_someone_who_came_needs_valid_hours(client_in, started, hours):
    response = client_in.post(shift_url(started, "came/"), {"volunteer": volunteer().pk, "hours": hours}, follow=True)
    assert len(messages_of(response)) == 1
    assert not ShiftAssignment.objects.exists()


def test_nobody_is_added_after_the_fact_to_a_coming_shift(client_in, shift):
    response = client_in.post(shift_url(shift, "came/"), {"volunteer": volunteer().pk, "hours": "2"}, follow=True)
    assert messages_of(response) == [t("This shift has not started yet.")]
    assert not ShiftAssignment.objects.exists()


def test_the_shift_page_takes_a_bounded_number_of_queries(client_in, started, django_assert_max_num_queries):
    for n in range(12):
        ShiftAssignmentFactory(shift=started, volunteer=volunteer(f"Mira{n}"))
    client_in.get(shift_url(started), {"q": "mira"})
    with django_assert_max_num_queries(16):
        response = client_in.get(shift_url(started), {"q": "mira"})
    assert len(response.context["rows"]) == 12


# The rules themselves


def test_only_a_coordinator_confirms(shift):
    mira = volunteer()
    assignment = ShiftAssignmentFactory(shift=shift, volunteer=mira)
    for by in (mira.user, None):
        with pytest.raises(rosters.RosterError) as excinfo:
            rosters.confirm(assignment, by=by)
        assert excinfo.value.code == "forbidden"
    assignment.refresh_from_db()
    assert assignment.status == "signed_up"


def test_only_a_coordinator_records_who_came(started):
    assignment = ShiftAssignmentFactory(shift=started)
    with pytest.raises(rosters.RosterError) as excinfo:
        rosters.record_shift_attendance(started, {assignment.pk: Decimal(2)}, by=assignment.volunteer.user)
    assert excinfo.value.code == "forbidden"


@pytest.mark.parametrize("hours", [Decimal(-1), Decimal(25), Decimal("1.234"), "abc", Decimal("NaN")])
def test_the_rule_refuses_bad_hours(coordinator, started, hours):
    assignment = ShiftAssignmentFactory(shift=started)
    with pytest.raises(rosters.RosterError) as excinfo:
        rosters.record_shift_attendance(started, {assignment.pk: hours}, by=coordinator)
    assert excinfo.value.code == "hours"
    assignment.refresh_from_db()
    assert assignment.status == "signed_up"


def test_a_cancelled_session_records_nobody(coordinator, grocery, door):
    session = SessionFactory(programme=grocery, starts_at=days(0), status="cancelled", cancel_reason="Storm")
    shift = ShiftFactory(session=session, role=door)
    assignment = ShiftAssignmentFactory(shift=shift)
    with pytest.raises(rosters.RosterError) as excinfo:
        rosters.record_shift_attendance(shift, {assignment.pk: Decimal(2)}, by=coordinator)
    assert excinfo.value.code == "cancelled_session"


def test_after_the_fact_still_needs_the_certificate(coordinator, grocery):
    shift = ShiftFactory(session=SessionFactory(programme=grocery, starts_at=days(0)), role=AnimatorRoleFactory())
    with pytest.raises(rosters.RosterError) as excinfo:
        rosters.add_after_the_fact(shift, volunteer(), Decimal(2), by=coordinator)
    assert excinfo.value.code == "certificate_missing"
    assert not ShiftAssignment.objects.exists()


def test_after_the_fact_is_logged_as_a_sign_up(coordinator, started):
    assignment = rosters.add_after_the_fact(started, volunteer(), Decimal("2.5"), by=coordinator)
    entry = ModelLogEntry.objects.get(action="programmes.shift.signed_up")
    assert entry.object_id == str(assignment.pk)
    assert entry.data == {"shift": started.pk, "status": "came", "after_the_fact": True}


@pytest.mark.parametrize(
    ("needed", "taken", "state"), [(2, 0, "short"), (2, 1, "short"), (2, 2, "ok"), (0, 0, "ok"), (1, 2, "over")]
)
def test_staffing_state(needed, taken, state):
    assert rosters.staffing_state(needed, taken) == state


def test_shift_hours_round_to_the_quarter_and_stop_at_a_day(grocery, door):
    session = SessionFactory(programme=grocery, starts_at=days(1), ends_at=days(1) + datetime.timedelta(minutes=130))
    assert rosters.shift_hours(ShiftFactory(session=session, role=door)) == Decimal("2.25")
    long = SessionFactory(programme=grocery, starts_at=days(2), ends_at=days(4))
    assert rosters.shift_hours(ShiftFactory(session=long, role=door)) == Decimal("24.00")
