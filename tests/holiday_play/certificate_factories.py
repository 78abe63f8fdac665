"""Play days with bookings and attendance, for the certificates' tests: one
call per day says what happened (present or not, paid or not, at which price)."""

import datetime
from decimal import Decimal

from holiday_play.models import Booking
from programmes.models import Attendance
from tests.programmes.factories import BRUSSELS, ChildFactory, HouseholdFactory, SessionFactory

PRESENT, ABSENT, UNMARKED = "present", "absent", None


def play_day(playground, day):
    """The playground's session on `day`, made if missing (as regenerate_sessions would)."""
    session = playground.sessions.filter(local_date=day).first()
    if session is not None:
        return session
    starts_at = datetime.datetime.combine(day, playground.opens_at, tzinfo=BRUSSELS)
    return SessionFactory(
        programme=playground,
        starts_at=starts_at,
        ends_at=datetime.datetime.combine(day, playground.closes_at, tzinfo=BRUSSELS),
        capacity=None,
    )


def child(born, first_name="Mila", last_name="Yılmaz", **household):
    return ChildFactory(
        birth_date=born,
        first_name=first_name,
        last_name=last_name,
        household=HouseholdFactory(contact=False, **household),
    )


def booked_day(playground, kid, day, *, attendance=PRESENT, paid=True, price="6.00", status="confirmed"):
    """A booking of `kid` on `day` and, unless UNMARKED, its attendance mark."""
    session = play_day(playground, day)
    booking = Booking.objects.create(
        play_day=session, child=kid, price=Decimal(price), paid=paid, status=status, tariff="normal"
    )
    if attendance is not UNMARKED:
        Attendance.objects.create(session=session, person=kid, status=attendance)
    return booking
