"""Attendance figures for coordinators and the annual report: plain reads,
no views.

Every function runs a fixed handful of aggregate queries, whatever the number
of sessions, marks or people: the per-session query returns one row per
session (a median needs them), the others one row per programme and person
(or household); totals that count people once across programmes are added up
in Python from those rows. Never one query per row.

What the words mean here:

- a session is *held* when it was not cancelled and its date is in the period
  and not after today: a session later this year has not been held yet;
- *present per session* counts the present marks and the walk-in head counts
  (the parent breakfast only counts heads); held sessions without any record
  count as 0, and `sessions_without_record` says how many there were;
- an *attendance rate* is present marks divided by all marks (present, absent,
  excused) of the people who were expected: members of the group, or people
  with a confirmed registration for that session. Expected people nobody
  marked are left out: nobody knows whether they came;
- a *member* is expected at the sessions of the group until the membership
  ended. The acceptance date is not used as a start: groups that ran before
  their members were entered here have marks from before it;
- a household is *new* when its first present mark in these programmes (at
  any time, not only in the period) falls in the period.

Counts of people from 1 to 4 are shown as "< 5" (`suppress`) in everything
that leaves the admin's own screens: CSV and XLSX exports and the printable
annual report.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Exists, ExpressionWrapper, F, Field, FilteredRelation, OuterRef, Q, Subquery
from django.utils import timezone

from programmes.models import Attendance, Membership, Person, Registration, Session
from programmes.permissions import coordinated_sources

PRESENT = Attendance.Status.PRESENT
NOT_PRESENT = (Attendance.Status.ABSENT, Attendance.Status.EXCUSED)

SUPPRESSED = "< 5"
SMALLEST_SHOWN = 5


def suppress(value):
    """Statistical disclosure control: a count of 1 to 4 people (or an average
    under 5) becomes "< 5", so nobody can be recognised in a small cell. Zero
    and empty values stay as they are."""
    if value is None or value == 0:
        return value
    return SUPPRESSED if 0 < value < SMALLEST_SHOWN else value


@dataclass(frozen=True)
class Rate:
    """Present marks out of all marks of expected people, and how many
    different people those marks are of (for suppression)."""

    marks: int = 0
    present: int = 0
    people: int = 0

    @property
    def value(self):
        """Between 0 and 1, or None without marks."""
        return self.present / self.marks if self.marks else None

    @property
    def percent(self):
        return None if self.value is None else round(self.value * 100, 1)

    def suppressed_percent(self):
        """The percentage, or None when it rests on fewer than 5 people."""
        return self.percent if self.people >= SMALLEST_SHOWN else None


@dataclass
class Figures:
    """The figures of one programme (or the totals of several) for a period."""

    programme_id: int | None
    title: str
    # The page's kind (content type), for the tables it adds (report_sections).
    content_type_id: int | None = None
    sessions_held: int = 0
    sessions_cancelled: int = 0
    sessions_without_record: int = 0
    attendances: int = 0
    persons: int = 0
    households: int = 0
    new_households: int = 0
    walk_in_adults: int = 0
    walk_in_children: int = 0
    average_present: float | None = None
    median_present: float | None = None
    members: Rate = field(default_factory=Rate)
    registered: Rate = field(default_factory=Rate)
    # {first day of the month: present marks + walk-ins} for every month of the period.
    present_by_month: dict = field(default_factory=dict)

    @property
    def walk_ins(self):
        return self.walk_in_adults + self.walk_in_children


@dataclass
class Report:
    first: datetime.date
    last: datetime.date
    programmes: list
    totals: Figures | None


@dataclass
class PersonFigures:
    """One person's attendance in one programme: the rate over the period;
    the absences in a row and the last visit up to today."""

    person_id: int
    name: str
    household: str
    is_member: bool
    marks: int
    present: int
    consecutive_absences: int
    last_visit: datetime.date | None

    @property
    def rate(self):
        return self.present / self.marks if self.marks else None

    @property
    def percent(self):
        return None if self.rate is None else round(self.rate * 100, 1)


def months(first, last):
    """The first day of every month from `first` to `last` (counting, not
    adding days: December 9999 has no next month to compute)."""
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield datetime.date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def on_local_days(field, first, last=None):
    """`field`, a moment, on a local day from `first` to `last` (no end:
    None): a range on the column as it is stored. `field__date` does the
    same, but converts every row (on SQLite, a Python function per row)."""

    def midnight(day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    conditions = {f"{field}__gte": midnight(first)}
    if last is not None and last < datetime.date.max:
        conditions[f"{field}__lt"] = midnight(last + datetime.timedelta(days=1))
    return Q(**conditions)


def as_returned(expression):
    """`expression` (or the column of that name) as the database's driver
    returns it, for counts, truth tests and ISO dates only: SQLite gives 0 or
    1 for a boolean and text for a date or a moment, PostgreSQL a bool, a
    date and a datetime; both give a count as an int. Typed, every row of
    the result goes through Django's converters, which cost as much as
    reading the row; the figures read thousands of rows to count them."""
    return ExpressionWrapper(F(expression) if isinstance(expression, str) else expression, output_field=Field())


def held_sessions(programme_ids, first, last, *, today=None):
    """Sessions that went ahead between `first` and `last`, up to today."""
    today = today or timezone.localdate()
    return Session.objects.filter(
        programme_id__in=programme_ids,
        status=Session.Status.SCHEDULED,
        local_date__gte=first,
        local_date__lte=min(last, today),
    )


def figures_for_user(user, first, last, *, today=None, only_active=False):
    """The figures of every programme `user` coordinates, with totals."""
    # The figures read a programme's id, title and kind only: pages, even with
    # only("title"), take longer to build than the figures of a small programme.
    items = [Figures(*row) for row in coordinated_sources(user).values_list("pk", "title", "content_type")]
    return _report(items, first, last, today=today, totals=True, only_active=only_active)


def programme_figures(programmes, first, last, *, today=None, totals=False, only_active=False):
    """Figures per programme for the period, plus their totals if asked.

    `programmes` are ProgrammePage instances (or a queryset of them). With
    `only_active`, programmes without any session in the period are left out.
    At most six queries, whatever the size: sessions, marks per person,
    households seen before the period, group members (current, and ended
    in the period), the marks of former members (if there are any), marks
    of registered people.
    """
    items = [Figures(programme.pk, programme.title, programme.content_type_id) for programme in programmes]
    return _report(items, first, last, today=today, totals=totals, only_active=only_active)


def _report(items, first, last, *, today, totals, only_active):
    """programme_figures for empty Figures of the programmes."""
    today = today or timezone.localdate()
    end = min(last, today)
    figures = {item.programme_id: item for item in items}
    ids = list(figures)
    total = Figures(None, "")
    every_month = list(months(first, last))
    for item in [*figures.values(), total]:
        item.present_by_month = dict.fromkeys(every_month, 0)

    per_session = {pk: [] for pk in ids}
    active = set()
    # Dates compared and grouped as ISO text (see _session_rows).
    month_of = {f"{month.year:04d}-{month.month:02d}": month for month in every_month}
    today_text = today.isoformat()
    for programme_id, status, day, roll_call, adults, children, marked_present in _session_rows(ids, first, last):
        item = figures[programme_id]
        active.add(programme_id)
        if status == Session.Status.CANCELLED:
            item.sessions_cancelled += 1
            continue
        day = str(day)
        if day > today_text:
            continue  # still to come
        if marked_present is None and roll_call is None:
            item.sessions_without_record += 1
        adults, children, marked_present = adults or 0, children or 0, marked_present or 0
        item.sessions_held += 1
        item.attendances += marked_present
        item.walk_in_adults += adults
        item.walk_in_children += children
        present = marked_present + adults + children
        per_session[programme_id].append(present)
        item.present_by_month[month_of[day[:7]]] += present

    tally = _Tally(ids)
    members, ended = _memberships(ids, first)
    for programme_id, person_id, household_id, marks, present in _marks_per_person(ids, first, end):
        tally.marks(
            programme_id, person_id, household_id, marks, present, is_member=(programme_id, person_id) in members
        )
    for programme_id, household_id in _households_seen_before(ids, first, end):
        tally.came_before(programme_id, household_id)
    for programme_id, person_id, marks, present in _former_member_marks(ids, first, end, ended):
        if (programme_id, person_id) not in members:
            tally.rate("members", programme_id, person_id, marks, present)
    for programme_id, person_id, marks, present in _registered_marks(ids, first, end):
        tally.rate("registered", programme_id, person_id, marks, present)

    for pk, item in figures.items():
        tally.fill(item, pk)
        _averages(item, per_session[pk])
    if totals:
        for item in figures.values():
            for name in ("sessions_held", "sessions_cancelled", "sessions_without_record", "attendances"):
                setattr(total, name, getattr(total, name) + getattr(item, name))
            total.walk_in_adults += item.walk_in_adults
            total.walk_in_children += item.walk_in_children
            for month, value in item.present_by_month.items():
                total.present_by_month[month] += value
        tally.fill(total, None)
        _averages(total, [value for values in per_session.values() for value in values])

    shown = [figures[pk] for pk in ids if not only_active or pk in active]
    return Report(first=first, last=last, programmes=shown, totals=total if totals else None)


class _Tally:
    """Adds up the per-person rows of the queries below, per programme and
    (key None) for all programmes together, where a person or household
    that came to several programmes counts once."""

    def __init__(self, ids):
        keys = [*ids, None]
        self.persons = {key: set() for key in keys}
        self.households = {key: set() for key in keys}
        self.seen_before = {key: set() for key in keys}
        self.rates = {name: {key: [0, 0, set()] for key in keys} for name in ("members", "registered")}

    def marks(self, programme, person, household, marks, present, *, is_member):
        if present:
            for key in (programme, None):
                self.persons[key].add(person)
                self.households[key].add(household)
        if is_member:
            self.rate("members", programme, person, marks, present)

    def came_before(self, programme, household):
        for key in (programme, None):
            self.seen_before[key].add(household)

    def rate(self, name, programme, person, marks, present):
        for key in (programme, None):
            tally = self.rates[name][key]
            tally[0] += marks
            tally[1] += present
            tally[2].add(person)

    def fill(self, item, key):
        item.persons, item.households = len(self.persons[key]), len(self.households[key])
        item.new_households = len(self.households[key] - self.seen_before[key])
        for name, (marks, present, people) in ((name, self.rates[name][key]) for name in self.rates):
            setattr(item, name, Rate(marks=marks, present=present, people=len(people)))


def _session_rows(ids, first, last):
    """One row per session of the period: status, date, the walk-in counts
    (the roll call is one-to-one: no fan-out) and its present marks, None
    when it has no mark at all. The date as returned, without a converter
    per row: str() of it is the ISO date on every database. Each session
    counts its marks in the index on attendance's session, in one subquery
    for both: cheaper than joining a year of marks to the sessions and
    grouping them again."""
    present = (
        Attendance.objects.filter(session=OuterRef("pk"))
        .values("session")
        .annotate(n=Count("pk", filter=Q(status=PRESENT)))
        .values("n")
    )
    return (
        Session.objects.filter(programme_id__in=ids, local_date__gte=first, local_date__lte=last)
        .annotate(present=as_returned(Subquery(present)), day=as_returned("local_date"))
        .values_list(
            "programme_id",
            "status",
            "day",
            "roll_call__pk",
            "roll_call__walk_in_adults",
            "roll_call__walk_in_children",
            "present",
        )
        .order_by()
    )


def held_through(prefix, ids, end, first=None):
    """Conditions for a held session of the programmes `ids`, through the
    join `prefix` (e.g. "session__"): filtering on the joined columns is
    faster here than `session__in=<subquery>`."""
    conditions = {
        f"{prefix}programme_id__in": ids,
        f"{prefix}status": Session.Status.SCHEDULED,
        f"{prefix}local_date__lte": end,
    }
    if first is not None:
        conditions[f"{prefix}local_date__gte"] = first
    return Q(**conditions)


def _marks_per_person(ids, first, end):
    """(programme, person, household, marks, present marks) in the period.
    The household is looked up once per row of the result, not joined to
    every mark: a third less time on a year of marks."""
    household = Person.objects.filter(pk=OuterRef("person_id")).order_by().values("household_id")
    return (
        Attendance.objects.filter(held_through("session__", ids, end, first))
        .values("person_id", programme_id=F("session__programme_id"))
        # Counting rows and statuses, not ids: less to sort per mark.
        .annotate(marks=as_returned(Count("*")), present=as_returned(Count("status", filter=Q(status=PRESENT))))
        # After the counts: so it is not grouped by (a lookup per mark).
        .annotate(household_id=Subquery(household))
        .values_list("programme_id", "person_id", "household_id", "marks", "present")
        .order_by()
    )


def _households_seen_before(ids, first, end):
    """(programme, household) for every household present at a held session
    before the period: those are not new. Read apart from the period's
    marks, so that the years before are only looked at for this."""
    return (
        Attendance.objects.filter(held_through("session__", ids, end), session__local_date__lt=first, status=PRESENT)
        .values_list("session__programme_id", "person__household_id")
        .distinct()
    )


def _memberships(ids, first):
    """{(programme, person)} of everyone in a group now, and {(programme,
    person): end} of those whose membership ended in the period or after.
    A current member is expected at every session, also those before the
    acceptance (see above); a former member until the end."""
    members, ended = set(), {}
    for programme_id, person_id, status, ended_at in Membership.members.through.objects.filter(
        Q(membership__status=Membership.Status.ACTIVE)
        | (Q(membership__status=Membership.Status.ENDED) & on_local_days("membership__ended_at", first)),
        membership__programme_id__in=ids,
    ).values_list("membership__programme_id", "person_id", "membership__status", "membership__ended_at"):
        if status == Membership.Status.ACTIVE:
            members.add((programme_id, person_id))
        else:
            ended[programme_id, person_id] = max(ended_at, ended.get((programme_id, person_id), ended_at))
    return members, ended


def _former_member_marks(ids, first, end, ended):
    """(programme, person, marks, present marks) of people whose membership
    ended (`ended`: see _memberships), at the sessions before the end. There
    are few, often none, and then no mark is read at all; else only those
    people's marks."""
    if not ended:
        return []
    counts = {}
    for programme_id, person_id, starts_at, status in Attendance.objects.filter(
        held_through("session__", ids, end, first), person_id__in={person_id for _, person_id in ended}
    ).values_list("session__programme_id", "person_id", "session__starts_at", "status"):
        until = ended.get((programme_id, person_id))
        if until is not None and starts_at <= until:
            marks, present = counts.get((programme_id, person_id), (0, 0))
            counts[programme_id, person_id] = (marks + 1, present + (status == PRESENT))
    return [(programme_id, person_id, marks, present) for (programme_id, person_id), (marks, present) in counts.items()]


def _registered_marks(ids, first, end):
    """(programme, person, marks, present marks) of people with a
    confirmed registration, at the sessions they registered for. Starts
    from the registrations and joins each one's mark on (session, person),
    the unique index of attendance; unmarked registrations drop out."""
    mark = FilteredRelation(
        "registration__session__attendances", condition=Q(registration__session__attendances__person=F("person"))
    )
    return (
        Registration.members.through.objects.filter(
            held_through("registration__session__", ids, end, first), registration__status=Registration.Status.CONFIRMED
        )
        .annotate(mark=mark)
        .filter(mark__isnull=False)
        .values("person_id", programme_id=F("registration__session__programme_id"))
        .annotate(marks=as_returned(Count("mark")), present=as_returned(Count("mark", filter=Q(mark__status=PRESENT))))
        .values_list("programme_id", "person_id", "marks", "present")
        .order_by()
    )


def _averages(item, values):
    if values:
        item.average_present = round(sum(values) / len(values), 1)
        item.median_present = statistics.median(values)


def person_figures(programme, first, last, *, today=None):
    """Everyone marked in `programme` in the period, and its current members:
    rate over the period; absences in a row and last visit up to today.
    The people to follow up (most absences in a row) come first."""
    today = today or timezone.localdate()
    held_period = held_sessions([programme.pk], first, last, today=today)
    held_ever = Session.objects.filter(
        programme_id=programme.pk, status=Session.Status.SCHEDULED, local_date__lte=today
    )
    marked = Attendance.objects.filter(session__in=held_period).values("person_id")
    members = Membership.members.through.objects.filter(
        membership__programme_id=programme.pk, membership__status=Membership.Status.ACTIVE
    ).values("person_id")
    last_present = (
        Attendance.objects.filter(person_id=OuterRef("pk"), status=PRESENT, session__in=held_ever)
        .order_by("-session__starts_at")
        .values("session__starts_at")[:1]
    )
    in_period = Q(attendances__session__in=held_period)
    people = (
        Person.objects.filter(Q(pk__in=marked) | Q(pk__in=members))
        .annotate(
            last_present_at=Subquery(last_present),
            is_member=Exists(members.filter(person_id=OuterRef("pk"))),
        )
        .annotate(
            marks=Count("attendances", filter=in_period),
            present=Count("attendances", filter=in_period & Q(attendances__status=PRESENT)),
            # Absent or excused at the held sessions since the last present
            # mark; unmarked sessions neither break nor lengthen the row.
            absences=Count(
                "attendances",
                filter=Q(attendances__session__in=held_ever, attendances__status__in=NOT_PRESENT)
                & (Q(last_present_at__isnull=True) | Q(attendances__session__starts_at__gt=F("last_present_at"))),
            ),
        )
        .values(
            "pk",
            "first_name",
            "last_name",
            "household__contact_name",
            "marks",
            "present",
            "absences",
            "is_member",
            "last_present_at",
        )
        .order_by()
    )
    rows = [
        PersonFigures(
            person_id=row["pk"],
            name=f"{row['first_name']} {row['last_name']}".strip(),
            household=row["household__contact_name"],
            is_member=row["is_member"],
            marks=row["marks"],
            present=row["present"],
            consecutive_absences=row["absences"],
            last_visit=timezone.localdate(row["last_present_at"]) if row["last_present_at"] else None,
        )
        for row in people
    ]
    rows.sort(key=lambda row: (-row.consecutive_absences, row.household.casefold(), row.name.casefold()))
    return rows
