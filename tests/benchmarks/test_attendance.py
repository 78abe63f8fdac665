"""Attendance: saving 30 marks through the desk's roll call against B0, and
the annual report over a year of 20 000 attendance rows against B1 (with
`--bench-scale`, over the seeded year with the most marks, all towns)."""

import datetime
import itertools
import uuid
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from programmes.models import (
    Attendance,
    Household,
    Membership,
    Person,
    ProgrammeIndexPage,
    ProgrammePage,
    Registration,
    RollCall,
    Session,
    Venue,
)
from tests.benchmarks.conftest import get_ok, scale_of, seeded_finder, thousands
from tests.website.factories import UserFactory

PEOPLE_AT_THE_SESSION = 30
# Today's sessions the roll-call benchmark saves in turn (see there).
ROLL_CALLS = 20
PROGRAMMES = 20
SESSIONS_PER_PROGRAMME = 50
HOUSEHOLDS_PER_PROGRAMME = 10  # of two people each: 20 marks per session
HOUSEHOLDS = 200
STATUSES = ["present"] * 8 + ["absent", "excused"]


def coordinator_of(page):
    return coordinator_of_pages([page])


def programme_index(home):
    # Its own slug: with scale data, the seeded finder "aanbod" is its sibling.
    return home.add_child(instance=ProgrammeIndexPage(title="Aanbod", slug="bench-aanbod"))


def add_programme(index, n, mode, venue):
    return index.add_child(
        instance=ProgrammePage(
            title=f"Activiteit {n}",
            slug=f"activiteit-{n}",
            intro="Samen spelen, leren en praten.",
            kind="group" if mode == "membership" else "meetup",
            registration_mode=mode,
            venue=venue,
        )
    )


def households_of(count, offset=0):
    households = Household.objects.bulk_create(
        Household(
            contact_name=f"Gezin {offset + n}", phone=f"0470 00 {(offset + n) // 100:02d} {(offset + n) % 100:02d}"
        )
        for n in range(count)
    )
    people = Person.objects.bulk_create(
        Person(household=household, first_name=name, is_contact=name == "Ana")
        for household in households
        for name in ("Ana", "Ion")
    )
    return households, people


@pytest.fixture
def venue(db):
    return Venue.objects.create(
        name="Buurthuis De Kring", street="Kerkstraat", number="1", postcode="2800", city="Mechelen"
    )


@pytest.fixture
def roll_calls_of_thirty(site_home, venue):
    """Today's sessions of a programme (ROLL_CALLS of them) with the same 30
    registered people, one each, their roll calls saved before, and a
    coordinator."""
    programme = add_programme(programme_index(site_home), 0, "per_session", venue)
    # From midnight today: the roll call takes marks from the day of the session.
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(0)))
    sessions = Session.objects.bulk_create(
        Session(
            programme=programme,
            original_start=midnight + datetime.timedelta(minutes=n),
            starts_at=midnight + datetime.timedelta(minutes=n),
            ends_at=midnight + datetime.timedelta(hours=2),
            capacity=PEOPLE_AT_THE_SESSION,
        )
        for n in range(ROLL_CALLS)
    )
    households = Household.objects.bulk_create(
        Household(contact_name=f"Gezin {n}", phone=f"0470 00 00 {n:02d}") for n in range(PEOPLE_AT_THE_SESSION)
    )
    people = Person.objects.bulk_create(
        Person(household=household, first_name="Ana", is_contact=True) for household in households
    )
    registrations = Registration.objects.bulk_create(
        Registration(household=household, session=session, places=1, status="confirmed")
        for session in sessions
        for household in households
    )
    Registration.members.through.objects.bulk_create(
        Registration.members.through(registration=registration, person=person)
        for registration, person in zip(registrations, itertools.cycle(people))
    )
    # Saved before: everyone absent, the walk-ins counted.
    Attendance.objects.bulk_create(
        Attendance(session=session, person=person, status="absent") for session in sessions for person in people
    )
    RollCall.objects.bulk_create(
        RollCall(session=session, walk_in_adults=2, walk_in_children=3) for session in sessions
    )
    return sessions, people, coordinator_of(programme)


def test_saving_thirty_marks_at_the_desk_against_b0(bench, b0, roll_calls_of_thirty):
    sessions, people, coordinator = roll_calls_of_thirty
    client = Client()
    client.force_login(coordinator)
    urls = [reverse("desk:roll_call", args=[session.pk]) for session in sessions]
    # Every save changes all 30 marks of a roll call saved before (present,
    # then absent, ...), with a new key as a new tap would have: the full
    # work of a save, every round. The rounds go round the sessions: in a
    # benchmark every round stays in one open transaction, and a row that
    # PostgreSQL updated hundreds of times there has as many versions to
    # step over (a save took 8 ms after 100 rounds on one session, 15 ms
    # after 400); each save commits in use.
    rounds = itertools.count()
    saved = {}

    def save():
        n = next(rounds)
        status = saved[sessions[n % ROLL_CALLS].pk] = ("present", "absent")[n // ROLL_CALLS % 2]
        data = {f"person-{person.pk}": status for person in people}
        data |= {"walk_in_adults": "2", "walk_in_children": "3", "note": "", "idempotency_key": uuid.uuid4().hex}
        # Sent as a browser sends the form (it has no enctype), not as the
        # test client's default multipart.
        response = client.post(urls[n % ROLL_CALLS], urlencode(data), content_type="application/x-www-form-urlencoded")
        assert response.status_code == 302, response.status_code
        # The browser follows the redirect, and that page shows (and so
        # removes) the "saved" message; unread, a message per round would
        # pile up in the cookie that every later round reads and writes.
        del client.cookies["messages"]

    result = bench.measure("desk roll call, save 30 marks", save)
    row = bench.compare(result, b0, target=10.0)
    marks = Attendance.objects.filter(session__in=sessions).values_list("session", "status")
    assert sorted(marks) == sorted((session, status) for session, status in saved.items() for _ in people)
    assert row.passed, row


def busiest_year(marks):
    """The year with the most of these attendance marks, and how many."""
    busiest = (
        marks.values(year=ExtractYear("session__starts_at")).annotate(n=Count("pk")).order_by("-n", "-year").first()
    )
    return busiest["year"], busiest["n"]


def coordinator_of_pages(pages):
    """A coordinator whose team may edit each of `pages`."""
    user = UserFactory(roles=["coordinators"])
    team = Group.objects.create(name=f"Team {user.username}")
    change = Permission.objects.get(codename="change_page")
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=team, page=page, permission=change) for page in pages
    )
    user.groups.add(team)
    return user


@pytest.fixture
def year_of_attendance(request, db):
    """The year to report on, a coordinator of its programmes, their number
    and the number of marks. With scale data: the town with the most
    programmes, as its own social service sees it (20 000 marks a year, the
    size the annual report is measured at) on top of every town's data; else
    a year built here."""
    if scale_of(request.config):
        town = (
            ProgrammePage.objects.filter(locale__language_code="nl")
            .values_list("venue__city")
            .annotate(n=Count("pk"))
            .order_by("-n", "venue__city")
            .first()[0]
        )
        programmes = list(ProgrammePage.objects.filter(locale__language_code="nl", venue__city=town))
        year, marks = busiest_year(Attendance.objects.filter(session__programme__in=programmes))
        return year, coordinator_of_pages(programmes), len(programmes), marks
    return request.getfixturevalue("built_year_of_attendance")


@pytest.fixture
def built_year_of_attendance(site_home, venue):
    """Last year: 20 programmes (half groups, half per session) of 50 sessions
    each, 20 people marked at every session (20 000 marks), a roll call with
    walk-ins at each; households come to several programmes."""
    index = programme_index(site_home)
    year = timezone.localdate().year - 1
    households, people = households_of(HOUSEHOLDS)
    people_of = {}
    for person in people:
        people_of.setdefault(person.household_id, []).append(person)
    sessions, memberships, registrations = [], [], []
    for n in range(PROGRAMMES):
        mode = "membership" if n % 2 else "per_session"
        programme = add_programme(index, n, mode, venue)
        coming = [households[(n * 7 + k) % HOUSEHOLDS] for k in range(HOUSEHOLDS_PER_PROGRAMME)]
        first = timezone.make_aware(datetime.datetime(year, 1, 5, 9 + n % 8))
        own = [
            Session(
                programme=programme,
                original_start=first + datetime.timedelta(weeks=week),
                starts_at=first + datetime.timedelta(weeks=week),
                ends_at=first + datetime.timedelta(weeks=week, hours=2),
                status="cancelled" if week % 17 == 16 else "scheduled",
                cancel_reason="Ziek" if week % 17 == 16 else "",
            )
            for week in range(SESSIONS_PER_PROGRAMME)
        ]
        sessions.append((programme, mode, coming, own))
        if mode == "membership":
            memberships += [Membership(programme=programme, household=h, status="active") for h in coming]
    Session.objects.bulk_create(s for *_rest, own in sessions for s in own)
    for _programme, mode, coming, own in sessions:
        if mode == "per_session":
            registrations += [
                Registration(session=s, household=h, places=2, status="confirmed") for s in own for h in coming
            ]
    memberships = Membership.objects.bulk_create(memberships)
    Membership.members.through.objects.bulk_create(
        Membership.members.through(membership=m, person=p) for m in memberships for p in people_of[m.household_id]
    )
    registrations = Registration.objects.bulk_create(registrations, batch_size=2000)
    Registration.members.through.objects.bulk_create(
        (
            Registration.members.through(registration=r, person=p)
            for r in registrations
            for p in people_of[r.household_id]
        ),
        batch_size=2000,
    )
    Attendance.objects.bulk_create(
        (
            Attendance(session=s, person=p, status=STATUSES[(s.pk + p.pk) % len(STATUSES)])
            for _programme, _mode, coming, own in sessions
            for s in own
            for h in coming
            for p in people_of[h.pk]
        ),
        batch_size=2000,
    )
    RollCall.objects.bulk_create(
        RollCall(session=s, walk_in_adults=s.pk % 4, walk_in_children=s.pk % 3) for *_rest, own in sessions for s in own
    )
    if connection.vendor == "postgresql":
        # A year of marks in production has planner statistics: autovacuum
        # keeps them. It cannot see the rows of this test's open transaction,
        # and without statistics PostgreSQL plans every join for empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    marks = PROGRAMMES * SESSIONS_PER_PROGRAMME * HOUSEHOLDS_PER_PROGRAMME * 2
    assert Attendance.objects.count() == marks
    return year, coordinator_of(index), PROGRAMMES, marks


def annual_report_url(year):
    return reverse("programmes_reports:annual") + f"?year={year}"


def test_annual_report_over_twenty_thousand_marks_against_b1(bench, b1, year_of_attendance):
    year, coordinator, expected_programmes, marks = year_of_attendance
    client = Client()
    client.force_login(coordinator)
    url = annual_report_url(year)
    response = client.get(url)
    programmes = len(response.context["report"].programmes)
    assert programmes == expected_programmes
    name = f"annual report, {thousands(programmes)} programmes, {thousands(marks)} marks"
    result = bench.measure(name, get_ok(client, url))
    row = bench.compare(result, b1, target=5.0)
    assert row.passed, row


def test_annual_report_of_every_town_for_the_record(request, bench, b1):
    """One person coordinating every seeded town: no target (no social
    service reports on twenty towns), ten rounds at most (it takes seconds)."""
    if not scale_of(request.config):
        pytest.skip("only with scale data (--bench-scale N)")
    year, marks = busiest_year(Attendance.objects.all())
    client = Client()
    client.force_login(coordinator_of(seeded_finder()))
    url = annual_report_url(year)
    programmes = len(client.get(url).context["report"].programmes)
    name = f"annual report, every town: {thousands(programmes)} programmes, {thousands(marks)} marks"
    bench.compare(bench.measure(name, get_ok(client, url), rounds=10), b1)
