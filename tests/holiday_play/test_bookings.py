"""Booking play days: the age group from the birth date, places per age
group per day, the waiting list, cancelling until noon the day before."""

import datetime

import pytest
from wagtail.models import ModelLogEntry

from holiday_play.models import Booking
from holiday_play.services.bookings import BookingError, book_day, cancel_booking
from programmes.services.scheduling import regenerate_sessions
from tests.holiday_play.factories import HolidayPeriodFactory, PlaygroundPageFactory
from tests.programmes.factories import BRUSSELS, ChildFactory, HouseholdFactory, PersonFactory
from tests.website.factories import UserFactory

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def june(time_machine):
    time_machine.move_to(datetime.datetime(2027, 6, 15, 10, 0, tzinfo=BRUSSELS), tick=False)


@pytest.fixture
def playground(home):
    page = PlaygroundPageFactory(periods=[HolidayPeriodFactory()])
    regenerate_sessions(page, today=D(2027, 6, 1), horizon_days=120)
    return page


MONDAY = D(2027, 7, 5)
BORN = D(2020, 3, 1)  # seven on the play day: the middle group


def play_day(playground, day=MONDAY):
    return playground.sessions.get(local_date=day)


def child(born=BORN, **fields):
    return ChildFactory(birth_date=born, household=HouseholdFactory(contact=False), **fields)


def test_a_child_is_booked_in_the_group_of_its_age(playground):
    booking = book_day(playground, play_day(playground), child())
    assert (booking.status, booking.age_group.name, booking.price, booking.meal) == (
        "confirmed",
        "Middengroep",
        6,
        True,
    )
    assert ModelLogEntry.objects.filter(action="holiday_play.booking.created").exists()


def test_the_social_tariff_has_its_price(playground):
    booking = book_day(playground, play_day(playground), child(), tariff="social", meal=False)
    assert (booking.price, booking.meal) == (2, False)


def test_a_full_age_group_puts_the_child_on_the_waiting_list(playground):
    toddlers = playground.age_groups.get(name="Kleuters")
    toddlers.capacity = 2
    toddlers.save()
    day = play_day(playground)
    first, second = (book_day(playground, day, child(D(2023, 1, 1))) for _ in range(2))
    third = book_day(playground, day, child(D(2023, 1, 1)))
    assert [b.status for b in (first, second, third)] == ["confirmed", "confirmed", "waiting"]
    # The middle group still has places.
    assert book_day(playground, day, child()).status == "confirmed"
    cancel_booking(first)
    third.refresh_from_db()
    assert third.status == "confirmed"
    assert third.promoted_at is not None


def test_a_coordinator_may_choose_another_group_with_a_reason(playground):
    tieners = playground.age_groups.get(name="Tieners")
    with pytest.raises(BookingError) as error:
        book_day(playground, play_day(playground), child(), age_group=tieners, source="desk")
    assert error.value.code == "reason"
    booking = book_day(
        playground, play_day(playground), child(), age_group=tieners, reason="Wil bij zijn broer zijn", source="desk"
    )
    assert (booking.age_group, booking.age_group_reason) == (tieners, "Wil bij zijn broer zijn")


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: child(D(2025, 6, 1)), "age"),  # two years old
        (lambda: PersonFactory(household=HouseholdFactory(contact=False)), "not_a_child"),
    ],
)
def test_who_cannot_be_booked(playground, make, code):
    with pytest.raises(BookingError) as error:
        book_day(playground, play_day(playground), make())
    assert error.value.code == code
    assert not Booking.objects.exists()


def test_one_booking_per_child_per_day(playground):
    kid = child()
    book_day(playground, play_day(playground), kid)
    with pytest.raises(BookingError) as error:
        book_day(playground, play_day(playground), kid)
    assert error.value.code == "duplicate"
    assert Booking.objects.count() == 1


def test_another_playgrounds_day_cannot_be_booked_here(playground, home):
    other = PlaygroundPageFactory(periods=[HolidayPeriodFactory(name="Zomer", first_day=D(2027, 7, 1))])
    regenerate_sessions(other, today=D(2027, 6, 1), horizon_days=120)
    with pytest.raises(BookingError) as error:
        book_day(playground, play_day(other), child())
    assert error.value.code == "not_a_play_day"


def test_booking_opens_on_its_date_for_families(playground):
    playground.bookings_open_on = D(2027, 6, 20)
    playground.save()
    with pytest.raises(BookingError) as error:
        book_day(playground, play_day(playground), child())
    assert error.value.code == "closed"
    assert book_day(playground, play_day(playground), child(), source="desk").status == "confirmed"


def test_today_only_at_the_desk_and_never_in_the_past(playground, time_machine):
    time_machine.move_to(datetime.datetime(2027, 7, 5, 8, 0, tzinfo=BRUSSELS), tick=False)
    with pytest.raises(BookingError):
        book_day(playground, play_day(playground), child())
    assert book_day(playground, play_day(playground), child(), source="walk_in").status == "confirmed"
    with pytest.raises(BookingError) as error:
        book_day(playground, play_day(playground, D(2027, 7, 2)), child(), source="desk")
    assert error.value.code == "past"


def test_a_cancelled_day_cannot_be_booked(playground):
    day = play_day(playground)
    day.status, day.cancel_reason = "cancelled", "Hittegolf"
    day.save()
    with pytest.raises(BookingError) as error:
        book_day(playground, day, child())
    assert error.value.code == "cancelled_day"


def test_families_cancel_until_noon_the_day_before(playground, time_machine):
    booking = book_day(playground, play_day(playground), child())
    time_machine.move_to(datetime.datetime(2027, 7, 4, 12, 1, tzinfo=BRUSSELS), tick=False)
    with pytest.raises(BookingError) as error:
        cancel_booking(booking)
    assert error.value.code == "deadline"
    cancel_booking(booking, by=UserFactory(roles=["coordinators"]), as_coordinator=True)
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    # Twice changes nothing.
    assert cancel_booking(booking, as_coordinator=True).status == "cancelled"
