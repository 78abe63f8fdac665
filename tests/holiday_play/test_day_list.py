"""The play day on the desk: the day list per age group, check-in, check-out
with who picked the child up, the animators and their ratio, walk-ins."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from holiday_play.models import Booking, ChildContact, ChildProfile
from holiday_play.services import day_list as days
from holiday_play.services.bookings import book_day
from programmes.models import Attendance, Household, Shift
from programmes.services.scheduling import regenerate_sessions
from tests.holiday_play.factories import HolidayPeriodFactory, PlaygroundPageFactory
from tests.programmes.factories import BRUSSELS, ChildFactory, HouseholdFactory
from tests.programmes.volunteer_factories import AnimatorRoleFactory, ShiftAssignmentFactory, VolunteerFactory
from tests.website.factories import UserFactory, may_edit

D = datetime.date
pytestmark = pytest.mark.django_db
MONDAY = D(2027, 7, 5)
BORN = D(2020, 3, 1)


@pytest.fixture(autouse=True)
def monday_morning(time_machine):
    time_machine.move_to(datetime.datetime(2027, 7, 5, 8, 45, tzinfo=BRUSSELS), tick=False)


@pytest.fixture
def playground(home):
    page = PlaygroundPageFactory(
        periods=[HolidayPeriodFactory()], animator_team=Group.objects.create(name="Animatoren")
    )
    regenerate_sessions(page, today=D(2027, 6, 1), horizon_days=120)
    return page


@pytest.fixture
def day(playground):
    return playground.sessions.get(local_date=MONDAY)


@pytest.fixture
def animator(playground):
    user = UserFactory(roles=["animators"])
    user.groups.add(playground.animator_team)
    return user


@pytest.fixture
def coordinator(playground):
    user = UserFactory(roles=["coordinators"])
    may_edit(user, playground)
    return user


def booked(playground, day, *, born=BORN, allergies="", diet="", contacts=(), alone=False, **fields):
    child = ChildFactory(birth_date=born, household=HouseholdFactory(contact=False), **fields)
    profile = ChildProfile.objects.create(child=child, allergies=allergies, diet=diet, may_go_home_alone=alone)
    for name, relationship in contacts:
        ChildContact.objects.create(profile=profile, name=name, relationship=relationship, phone="0470 12 34 56")
    # Booked the week before, as families do.
    booking = book_day(playground, day, child, source=Booking.Source.DESK)
    return booking


def dutch(text):
    with translation.override("nl-be"):
        return translation.gettext(text)


def url(name, *args):
    return reverse(f"desk:{name}", args=args)


def test_the_day_list_shows_each_group_with_allergies_and_diet_but_no_medical_notes(
    client, playground, day, animator, django_assert_max_num_queries
):
    booked(playground, day, first_name="Lotte", allergies="Noten", diet="Halal")
    booked(playground, day, first_name="Amir", born=D(2023, 1, 10))
    ChildProfile.objects.filter(child__first_name="Lotte").update(medical_notes="Epilepsie, medicatie in de tas")
    for _ in range(5):
        booked(playground, day, born=D(2019, 5, 5))
    client.force_login(animator)
    with django_assert_max_num_queries(25):
        response = client.get(url("day_list", day.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lotte" in html
    assert "Noten" in html
    assert "Halal" in html
    assert "Epilepsie" not in html
    toddlers, middle, _teens = html.split('class="play-group"')[1:]
    assert "Kleuters" in toddlers
    assert "Amir" in toddlers
    assert "Lotte" not in toddlers
    assert "Middengroep" in middle
    assert "Lotte" in middle


def test_the_day_list_is_a_404_for_anyone_outside_the_playground(client, playground, day):
    outsider = UserFactory(roles=["animators"])
    other_coordinator = UserFactory(roles=["coordinators"])
    may_edit(other_coordinator, PlaygroundPageFactory())
    assert client.get(url("day_list", day.pk)).status_code == 302
    for user in (outsider, other_coordinator):
        client.force_login(user)
        assert client.get(url("day_list", day.pk)).status_code == 404
    client.force_login(UserFactory(roles=["coordinators"]))
    assert client.get(url("day_list", 999999)).status_code == 404


def test_check_in_is_one_tap_and_a_second_tap_keeps_the_first_time(client, playground, day, animator, time_machine):
    booking = booked(playground, day)
    client.force_login(animator)
    response = client.post(url("check_in", day.pk, booking.pk))
    assert response.status_code == 302
    assert response.url.endswith(f"#child-{booking.pk}")
    first = Attendance.objects.get(session=day, person=booking.child)
    assert first.status == "present"
    assert first.checked_in_at is not None
    time_machine.shift(datetime.timedelta(minutes=5))
    client.post(url("check_in", day.pk, booking.pk))
    assert Attendance.objects.get(pk=first.pk).checked_in_at == first.checked_in_at
    assert ModelLogEntry.objects.filter(action="holiday_play.booking.checked_in").count() == 1


def test_check_in_only_for_a_booking_of_that_day(client, playground, day, animator):
    other_day = playground.sessions.get(local_date=MONDAY + datetime.timedelta(days=1))
    booking = booked(playground, other_day)
    client.force_login(animator)
    assert client.post(url("check_in", day.pk, booking.pk)).status_code == 404
    assert client.get(url("check_in", day.pk, booking.pk)).status_code == 405
    assert not Attendance.objects.exists()


def test_check_out_with_someone_on_the_list(client, playground, day, animator):
    booking = booked(playground, day, contacts=[("Fatima", "mama"), ("Ahmed", "oom")])
    ahmed = ChildContact.objects.get(name="Ahmed")
    client.force_login(animator)
    client.post(url("check_in", day.pk, booking.pk))
    client.post(url("check_out", day.pk, booking.pk), {"pickup": ahmed.pk})
    booking.refresh_from_db()
    assert booking.picked_up_by == "Ahmed (oom)"
    assert booking.checked_out_by == animator
    assert Attendance.objects.get(session=day, person=booking.child).checked_out_at is not None


def test_check_out_by_a_person_not_on_the_list_is_refused_without_an_override(client, playground, day, animator):
    booking = booked(playground, day, contacts=[("Fatima", "mama")])
    booked(playground, day, contacts=[("Buurman Jef", "buurman")])
    client.force_login(animator)
    client.post(url("check_in", day.pk, booking.pk))
    # Someone else's contact, a name without a coordinator, nothing at all: refused.
    jef = ChildContact.objects.get(name="Buurman Jef")
    for data in ({"pickup": jef.pk}, {"pickup": "", "other_name": "Jef", "override": "mama belde"}, {"pickup": "x"}):
        response = client.post(url("check_out", day.pk, booking.pk), data, follow=True)
        assert response.status_code == 200
        assert Attendance.objects.get(session=day, person=booking.child).checked_out_at is None
    assert dutch("Choose who picks the child up.") in response.content.decode()
    booking.refresh_from_db()
    assert booking.picked_up_by == ""


def test_a_coordinator_lets_someone_else_take_the_child_with_a_note(client, playground, day, coordinator):
    booking = booked(playground, day, contacts=[("Fatima", "mama")])
    client.force_login(coordinator)
    client.post(url("check_in", day.pk, booking.pk))
    client.post(url("check_out", day.pk, booking.pk), {"pickup": "", "other_name": "Jef Peeters", "override": ""})
    assert Attendance.objects.get(session=day, person=booking.child).checked_out_at is None
    client.post(
        url("check_out", day.pk, booking.pk),
        {"pickup": "", "other_name": "Jef Peeters", "override": "Mama belde om 15:40"},
    )
    booking.refresh_from_db()
    assert (booking.picked_up_by, booking.pickup_override) == ("Jef Peeters", "Mama belde om 15:40")
    entry = ModelLogEntry.objects.get(action="holiday_play.booking.checked_out")
    assert entry.data == {"override": True}


def test_going_home_alone_needs_the_family_and_the_age(playground, day, animator):
    young = booked(playground, day, born=D(2019, 1, 1), alone=True)
    old = booked(playground, day, born=D(2015, 1, 1), alone=True)
    not_allowed = booked(playground, day, born=D(2015, 1, 1), alone=False)
    for booking in (young, old, not_allowed):
        days.check_in(booking, by=animator)
    with pytest.raises(days.DayListError):
        days.check_out(young, days.ALONE, by=animator)
    with pytest.raises(days.DayListError):
        days.check_out(not_allowed, days.ALONE, by=animator)
    days.check_out(old, days.ALONE, by=animator)
    assert old.picked_up_by == dutch("went home alone")


def test_children_still_here_at_closing_time_are_highlighted(client, playground, day, animator, time_machine):
    booking = booked(playground, day, first_name="Noor", contacts=[("Fatima", "mama")])
    days.check_in(booking, by=animator)
    client.force_login(animator)
    assert "play-child--late" not in client.get(url("day_list", day.pk)).content.decode()
    time_machine.move_to(datetime.datetime(2027, 7, 5, 16, 5, tzinfo=BRUSSELS), tick=False)
    html = client.get(url("day_list", day.pk)).content.decode()
    assert "play-child--late" in html
    assert dutch("Not picked up yet") in html


def test_too_few_animators_is_a_warning(client, playground, day, animator):
    toddlers = playground.age_groups.get(name="Kleuters")
    for _ in range(9):
        booked(playground, day, born=D(2023, 1, 1))
    client.force_login(animator)
    response = client.post(url("set_animators", day.pk, toddlers.pk), {f"group-{toddlers.pk}-animators": "1"})
    assert response.status_code == 302
    html = client.get(url("day_list", day.pk)).content.decode()
    assert 'class="notice notice--warning" role="status"' in html
    client.post(url("set_animators", day.pk, toddlers.pk), {f"group-{toddlers.pk}-animators": "2"})
    assert 'class="notice notice--warning" role="status"' not in client.get(url("day_list", day.pk)).content.decode()
    for bad in ("-1", "100", "twee", ""):
        client.post(url("set_animators", day.pk, toddlers.pk), {f"group-{toddlers.pk}-animators": bad})
    assert toddlers.animator_counts.get().animators == 2
    other = PlaygroundPageFactory().age_groups.first()
    assert client.post(url("set_animators", day.pk, other.pk), {"animators": "3"}).status_code == 404


def rostered(day, role, first_name, status="confirmed"):
    shift = Shift.objects.get_or_create(session=day, role=role, defaults={"needed": 3})[0]
    volunteer = VolunteerFactory(user__first_name=first_name, user__last_name="Peeters")
    return ShiftAssignmentFactory(shift=shift, volunteer=volunteer, status=status)


def test_the_day_list_shows_each_groups_rostered_animators_and_counts_them(
    client, playground, day, animator, coordinator, django_assert_max_num_queries
):
    toddlers, middle = playground.age_groups.get(name="Kleuters"), playground.age_groups.get(name="Middengroep")
    toddler_role, middle_role = (
        AnimatorRoleFactory(name="Animator kleuters"),
        AnimatorRoleFactory(name="Animator midden"),
    )
    toddlers.role, middle.role = toddler_role, middle_role
    toddlers.save(update_fields=["role"])
    middle.save(update_fields=["role"])
    for _ in range(9):  # two animators needed at one per 8
        booked(playground, day, born=D(2023, 1, 1))
    rostered(day, toddler_role, "Lotte")
    rostered(day, toddler_role, "Wout", status="cancelled")
    rostered(day, toddler_role, "Amira", status="no_show")
    rostered(day, middle_role, "Tuur")
    rostered(playground.sessions.get(local_date=MONDAY + datetime.timedelta(days=1)), toddler_role, "Nore")
    client.force_login(animator)
    groups = {group.age_group.name: group for group in days.day_list(playground, day)}
    assert groups["Kleuters"].rostered == ["Lotte Peeters"]
    assert groups["Middengroep"].rostered == ["Tuur Peeters"]
    # A group that takes nobody from the roster has only the coordinator's count.
    assert (groups["Tieners"].rostered, groups["Tieners"].animators) == (None, None)
    html = client.get(url("day_list", day.pk)).content.decode()
    assert "Lotte Peeters" in html
    assert "Tuur Peeters" in html
    # Full names: the fixture's other people have generated names ("Maria Wouters").
    for name in ("Wout Peeters", "Amira Peeters", "Nore Peeters"):
        assert name not in html
    message = "Too few animators: %(rostered)s rostered, %(needed)s needed (one per %(ratio)s children)."
    with translation.override("nl-be"):
        warning = translation.ngettext(message, message, 2) % {"rostered": 1, "needed": 2, "ratio": 8}
    assert f'class="notice notice--warning" role="status">{warning}' in html
    # Two more on the roster meet the ratio; the coordinator's count stands over the roster.
    rostered(day, toddler_role, "Salma")
    assert 'class="notice notice--warning"' not in client.get(url("day_list", day.pk)).content.decode()
    client.force_login(coordinator)
    client.post(url("set_animators", day.pk, toddlers.pk), {f"group-{toddlers.pk}-animators": "1"})
    group = next(g for g in days.day_list(playground, day) if g.age_group == toddlers)
    assert (group.counted, group.animators, group.short_of_animators) == (1, 1, True)
    # The roster costs the same queries whatever the number of animators.
    for name in ("Kaloyan", "Emre", "Hamza"):
        rostered(day, middle_role, name)
    with django_assert_max_num_queries(25):
        assert client.get(url("day_list", day.pk)).status_code == 200


def test_a_group_with_a_role_and_nobody_rostered_says_so(client, playground, day, animator):
    toddlers = playground.age_groups.get(name="Kleuters")
    toddlers.role = AnimatorRoleFactory()
    toddlers.save(update_fields=["role"])
    booked(playground, day, born=D(2023, 1, 1))
    client.force_login(animator)
    html = client.get(url("day_list", day.pk)).content.decode()
    assert dutch("No animator is rostered for this group.") in html
    assert 'class="notice notice--warning" role="status"' in html


def test_only_coordinators_mark_paid_and_add_walk_ins(client, playground, day, animator, coordinator):
    booking = booked(playground, day)
    client.force_login(animator)
    assert client.post(url("mark_paid", day.pk, booking.pk), {"paid": "1"}).status_code == 404
    assert client.get(url("play_walk_in", day.pk)).status_code == 404
    client.force_login(coordinator)
    client.post(url("mark_paid", day.pk, booking.pk), {"paid": "1"})
    booking.refresh_from_db()
    assert booking.paid


def test_a_known_child_walks_in_and_is_checked_in(client, playground, day, coordinator):
    earlier = playground.sessions.get(local_date=MONDAY + datetime.timedelta(days=1))
    known = booked(playground, earlier, first_name="Yasmina")
    client.force_login(coordinator)
    response = client.get(url("play_walk_in", day.pk), {"q": "yas"})
    assert "Yasmina" in response.content.decode()
    # PostgreSQL refuses a NUL in a query: the field says so, nothing is searched.
    refused = client.get(url("play_walk_in", day.pk), {"q": "Ya\x00s"})
    assert refused.status_code == 200
    assert "Yasmina" not in refused.content.decode()
    assert refused.context["form"].errors["q"] == ["Null-tekens zijn niet toegestaan."]
    too_long = client.get(url("play_walk_in", day.pk), {"q": "Y" * 61})
    assert "Yasmina" not in too_long.content.decode()
    assert 'aria-invalid="true"' in too_long.content.decode()
    client.post(url("play_walk_in", day.pk), {"child": known.child_id})
    walk_in = Booking.objects.get(play_day=day, child=known.child)
    assert walk_in.source == "walk_in"
    assert Attendance.objects.filter(session=day, person=known.child, checked_in_at__isnull=False).exists()
    # A child the playground never saw: 404, nothing booked.
    stranger = ChildFactory(birth_date=D(2020, 1, 1), household=HouseholdFactory(contact=False))
    assert client.post(url("play_walk_in", day.pk), {"child": stranger.pk}).status_code == 404
    for not_an_id in ("abc", "²", "1" * 5000, ""):
        assert client.post(url("play_walk_in", day.pk), {"child": not_an_id}).status_code == 404


def test_a_new_family_walks_in_with_two_children(client, playground, day, coordinator):
    client.force_login(coordinator)
    data = {
        "first_name": "Elif",
        "last_name": "Yilmaz",
        "phone": "0486 11 22 33",
        "language": "nl",
        "consent": "on",
        "child_1_first_name": "Can",
        "child_1_birth_date": "2019-04-02",
        "child_2_first_name": "Ela",
        "child_2_birth_date": "2022-09-30",
        "idempotency_key": "abc123",
    }
    assert client.post(url("play_walk_in_new", day.pk), data).status_code == 302
    assert sorted(Booking.objects.filter(play_day=day).values_list("child__first_name", flat=True)) == ["Can", "Ela"]
    # Sent twice: the same household, nothing booked twice.
    client.post(url("play_walk_in_new", day.pk), data)
    assert Booking.objects.filter(play_day=day).count() == 2
    assert Household.objects.count() == 1


def test_a_walk_in_without_a_child_or_in_a_full_group_books_nothing(client, playground, day, coordinator):
    toddlers = playground.age_groups.get(name="Kleuters")
    toddlers.capacity = 1
    toddlers.save()
    booked(playground, day, born=D(2023, 1, 1))
    client.force_login(coordinator)
    base = {"first_name": "Elif", "phone": "0486 11 22 33", "language": "nl", "consent": "on"}
    assert client.post(url("play_walk_in_new", day.pk), base).status_code == 400
    response = client.post(
        url("play_walk_in_new", day.pk), {**base, "child_1_first_name": "Can", "child_1_birth_date": "2023-02-02"}
    )
    assert response.status_code == 400
    assert dutch("This age group is full today.") in response.content.decode()
    assert Booking.objects.filter(play_day=day).count() == 1
    assert not Household.objects.filter(contact_name="Elif").exists()


def test_the_desk_home_links_animators_and_coordinators_to_the_day_list(client, playground, day, animator, coordinator):
    day_list_url = url("day_list", day.pk)
    for user in (animator, coordinator):
        client.force_login(user)
        assert day_list_url in client.get(reverse("desk:home")).content.decode()
    client.force_login(UserFactory(roles=["animators"]))
    assert day_list_url not in client.get(reverse("desk:home")).content.decode()


def test_a_coordinator_books_a_family_for_the_rest_of_the_week_with_another_group(client, playground, coordinator):
    household = HouseholdFactory(contact_name="Radka Horváthová")
    older = ChildFactory(first_name="Dávid", birth_date=D(2019, 5, 5), household=household)
    younger = ChildFactory(first_name="Ema", birth_date=D(2022, 2, 2), household=household)
    wednesday = playground.sessions.get(local_date=D(2027, 7, 7))
    middle = playground.age_groups.get(name="Middengroep")
    client.force_login(coordinator)
    assert "Radka" in client.get(url("play_find_household", wednesday.pk), {"q": "Radka"}).content.decode()
    book = url("play_book_household", wednesday.pk, household.pk)
    data = {"children": [older.pk, younger.pk], "whole_week": "on", "tariff": "social", "meal": "on"}
    # Another group needs a reason; nothing is booked without one.
    assert client.post(book, {**data, "age_group": middle.pk}).status_code == 400
    assert not Booking.objects.exists()
    response = client.post(book, {**data, "age_group": middle.pk, "reason": "Blijft bij haar broer"})
    assert response.status_code == 302
    bookings = Booking.objects.order_by("play_day__local_date", "child__first_name")
    assert [(b.play_day.local_date.day, b.child.first_name, b.age_group.name, b.source) for b in bookings] == [
        (day, name, "Middengroep", "desk") for day in (7, 8, 9) for name in ("Dávid", "Ema")
    ]
    assert {b.price for b in bookings} == {2}


def test_desk_booking_refuses_another_households_child_and_other_playgrounds(client, playground, day, coordinator):
    household = HouseholdFactory()
    stranger = ChildFactory(birth_date=D(2019, 5, 5), household=HouseholdFactory())
    client.force_login(coordinator)
    response = client.post(
        url("play_book_household", day.pk, household.pk), {"children": [stranger.pk], "tariff": "normal"}
    )
    assert response.status_code == 400
    # What cannot be an id (40 digits overflowed SQLite's integers) is a form error too.
    for not_an_id in ("9" * 40, "²", "abc"):
        response = client.post(
            url("play_book_household", day.pk, household.pk), {"children": [not_an_id], "tariff": "normal"}
        )
        assert response.status_code == 400
        assert "children" in response.context["form"].errors
    assert not Booking.objects.exists()
    assert client.get(url("play_book_household", day.pk, 999999)).status_code == 404
    other_day = PlaygroundPageFactory(periods=[HolidayPeriodFactory()])
    regenerate_sessions(other_day, today=D(2027, 6, 1), horizon_days=120)
    foreign = other_day.sessions.first()
    assert client.get(url("play_find_household", foreign.pk)).status_code == 404


def test_a_coordinator_cancels_at_any_time_and_the_first_waiting_child_moves_up(client, playground, day, coordinator):
    toddlers = playground.age_groups.get(name="Kleuters")
    toddlers.capacity = 1
    toddlers.save()
    first = booked(playground, day, born=D(2023, 1, 1))
    waiting = booked(playground, day, born=D(2023, 2, 2), first_name="Wout")
    client.force_login(coordinator)
    assert "Wout" in client.get(url("day_list", day.pk)).content.decode()
    client.post(url("play_cancel", day.pk, first.pk))
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    animator = UserFactory(roles=["animators"])
    animator.groups.add(playground.animator_team)
    client.force_login(animator)
    assert client.post(url("play_cancel", day.pk, waiting.pk)).status_code == 404
