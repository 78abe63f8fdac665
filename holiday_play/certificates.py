"""The yearly certificates a playground gives parents: the fiscal certificate
for childcare costs (model 281.86) and the certificate for the health insurer.

Pure reading, no writes: the views print what these functions compute, and
log that they did (views/certificates.py).

The rules, as the tax administration and the insurers apply them:

- A day counts when the child was there (an Attendance marked present) and
  the day was paid (`Booking.paid`); an absent or unpaid day is on neither
  certificate. Only confirmed bookings count: not a cancelled one, not a
  day on the waiting list, not a cancelled play day.
- The fiscal certificate only has the days before the child's 14th birthday;
  the health insurer's has every day.
- The fiscal certificate has at most four periods, each with one daily rate.
  Days are grouped per school holiday (HolidayPeriod); a play day in no school
  holiday (a pedagogical study day, say) is grouped per calendar month, so
  that "from" and "to" stay close to the days themselves. A period with days
  at two prices becomes two periods, one per daily rate. More than four
  periods make a second certificate (the form allows as many as needed).
- The year is the calendar year (the income year), so a Christmas holiday
  is split over two years' certificates.

Everything is read in a fixed number of queries, however many children: the
bookings of the year with their attendance as an EXISTS subquery, the
school holidays, and nothing per child.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, F, OuterRef
from django.utils.formats import date_format

from holiday_play.models import Booking, HolidayPeriod, PlaygroundSettings
from programmes.models import Attendance, Session

FISCAL_AGE_LIMIT = 14
PERIODS_PER_FISCAL_CERTIFICATE = 4


def birthday(birth_date, years):
    """The day a child born on `birth_date` turns `years` (1 March for 29 February
    in a common year: until the end of 28 February the child is still younger)."""
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:
        return datetime.date(birth_date.year + years, 3, 1)


@dataclass(frozen=True)
class PlayDay:
    day: datetime.date
    price: Decimal
    attended: bool
    paid: bool

    @property
    def certified(self):
        return self.attended and self.paid


@dataclass
class Period:
    """Days of one school holiday (or one month outside them), and on the
    fiscal certificate of one daily rate."""

    name: str
    days: list = field(default_factory=list)  # PlayDay, in date order

    @property
    def first(self):
        return self.days[0].day

    @property
    def last(self):
        return self.days[-1].day

    @property
    def count(self):
        return len(self.days)

    @property
    def daily_rate(self):
        """The price of a day, when all days cost the same (always so on the fiscal certificate)."""
        prices = {day.price for day in self.days}
        return prices.pop() if len(prices) == 1 else None

    @property
    def amount(self):
        return sum((day.price for day in self.days), Decimal("0.00"))


@dataclass
class FiscalCertificate:
    number: int
    of: int
    periods: list

    @property
    def days(self):
        return sum(period.count for period in self.periods)

    @property
    def amount(self):
        return sum((period.amount for period in self.periods), Decimal("0.00"))


@dataclass
class ChildCertificates:
    """Everything one child's certificates of one year say, and the counts the
    coordinator's list shows next to them."""

    child: object  # programmes.Person, with its household
    year: int
    national_number: str  # empty unless the organisation stores them
    booked: int  # days booked and held
    attended: int
    fiscal: list  # FiscalCertificate
    health_periods: list  # Period, every certified day (all ages)
    fourteenth_birthday: datetime.date

    @property
    def household(self):
        return self.child.household

    @property
    def paid(self):
        """Days attended and paid: what the certificates count."""
        return self.health_days

    @property
    def unpaid(self):
        return self.attended - self.health_days

    @property
    def health_days(self):
        return sum(period.count for period in self.health_periods)

    @property
    def health_amount(self):
        return sum((period.amount for period in self.health_periods), Decimal("0.00"))

    @property
    def fiscal_days(self):
        return sum(certificate.days for certificate in self.fiscal)

    @property
    def fiscal_amount(self):
        return sum((certificate.amount for certificate in self.fiscal), Decimal("0.00"))

    @property
    def has_certificates(self):
        return bool(self.health_periods)


def year_bounds(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def period_namer(playground, year):
    """A function that gives a play day's period: (sort key, name). The
    playground's own school holidays come first where holidays overlap."""
    first, last = year_bounds(year)
    own = set(playground.periods.values_list("pk", flat=True))
    holidays = sorted(
        HolidayPeriod.objects.overlapping(first, last), key=lambda period: (period.pk not in own, period.first_day)
    )

    def period_of(day):
        for holiday in holidays:
            if holiday.first_day <= day <= holiday.last_day:
                return ("holiday", holiday.pk), holiday.name
        month = day.replace(day=1)
        return ("month", month), date_format(month, "F Y")

    return period_of


def year_bookings(playground, year, *, child_ids=None, national_numbers=False):
    """The confirmed bookings of held play days of `playground` in `year`, each
    with `attended` (marked present that day) and `day`; the child and its
    household joined, and with `national_numbers` (only when the organisation
    stores them) the child's national register number.

    Confirmed only: a day the child was on the waiting list for was never
    booked, even when a stray attendance mark says otherwise."""
    first, last = year_bounds(year)
    present = Attendance.objects.filter(
        session=OuterRef("play_day"), person=OuterRef("child"), status=Attendance.Status.PRESENT
    )
    bookings = (
        Booking.objects.confirmed()
        .filter(
            play_day__programme=playground,
            play_day__status=Session.Status.SCHEDULED,
            play_day__local_date__gte=first,
            play_day__local_date__lte=last,
        )
        .annotate(attended=Exists(present), day=F("play_day__local_date"))
        .select_related("child__household")
        .order_by("child_id", "play_day__local_date")
    )
    if child_ids is not None:
        bookings = bookings.filter(child_id__in=child_ids)
    if national_numbers:
        # Only this column of the profile: the medical notes stay in the database.
        bookings = bookings.annotate(national_number=F("child__child_profile__national_number"))
    return bookings


def group_days(days, period_of):
    """Days into periods, in date order."""
    groups = {}
    for day in days:
        key, name = period_of(day.day)
        groups.setdefault(key, Period(name)).days.append(day)
    return sorted(groups.values(), key=lambda period: period.first)


def split_by_rate(period):
    """One period per daily rate (the form has one rate per period)."""
    by_price = defaultdict(list)
    for day in period.days:
        by_price[day.price].append(day)
    return [Period(period.name, days) for days in by_price.values()]


def fiscal_certificates(periods):
    """Periods of one rate, at most four per certificate."""
    lines = sorted((part for period in periods for part in split_by_rate(period)), key=lambda p: (p.first, p.last))
    size = PERIODS_PER_FISCAL_CERTIFICATE
    chunks = [lines[start : start + size] for start in range(0, len(lines), size)]
    return [FiscalCertificate(number, len(chunks), chunk) for number, chunk in enumerate(chunks, start=1)]


def child_certificates(child, year, days, period_of, *, national_number=""):
    """One child's certificates from its play days of the year (PlayDay, in date order)."""
    certified = [day for day in days if day.certified]
    turns_14 = birthday(child.birth_date, FISCAL_AGE_LIMIT) if child.birth_date else datetime.date.min
    return ChildCertificates(
        child=child,
        year=year,
        national_number=national_number or "",
        booked=len(days),
        attended=sum(day.attended for day in days),
        fiscal=fiscal_certificates(group_days([day for day in certified if day.day < turns_14], period_of)),
        health_periods=group_days(certified, period_of),
        fourteenth_birthday=turns_14,
    )


def certificates_for_year(playground, year, *, child_ids=None, national_numbers=None):
    """Per child booked at `playground` (the page in the default language: the
    play days hang on it) in calendar year `year`: its ChildCertificates,
    sorted by name. Children without a certified day are in the list too
    (the coordinator sees who has not paid); they get no certificate.
    The national register numbers are read when `national_numbers`, by
    default when the organisation stores them (PlaygroundSettings)."""
    if national_numbers is None:
        national_numbers = PlaygroundSettings.load().store_national_numbers
    period_of = period_namer(playground, year)
    children, days, numbers = {}, defaultdict(list), {}
    for booking in year_bookings(playground, year, child_ids=child_ids, national_numbers=national_numbers):
        children[booking.child_id] = booking.child
        days[booking.child_id].append(PlayDay(booking.day, booking.price, booking.attended, booking.paid))
        numbers[booking.child_id] = getattr(booking, "national_number", "")
    results = [
        child_certificates(child, year, days[pk], period_of, national_number=numbers[pk])
        for pk, child in children.items()
    ]
    return sorted(
        results, key=lambda item: (item.child.last_name.lower(), item.child.first_name.lower(), item.child.pk)
    )
