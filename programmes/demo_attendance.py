"""A year of attendance history for the demo: registered families and group
members mostly present, now and then absent or excused, and walk-in head
counts with a note at the low-threshold meetups. Marks go through
services.attendance as a coordinator would take them. Run after
programmes.demo_households."""

import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from programmes.models import Attendance, Household, ProgrammePage, Registration, RollCall, Session
from programmes.services import attendance

NOTES = [
    "Kind en Gezin was erbij: vragen over slapen en eten.",
    "Thema: naar school gaan in het Nederlands.",
    "Samen met de bibliotheek: voorlezen in verschillende talen.",
    "CAW-medewerker aanwezig voor vragen over huur en energie.",
    "",
    "",
    "",
]


def seed(log=print):
    if Attendance.objects.exists() or RollCall.objects.exists():
        log("Attendance: already there, left as it is.")
        return
    households = list(Household.objects.prefetch_related("members"))
    coordinator = get_user_model().objects.filter(username="els").first()
    if not households:
        log("Attendance: no households; skipped.")
        return
    rng = random.Random(2801)  # noqa: S311 - the same demo every time, not a secret
    today = timezone.localdate()
    marks = head_counts = 0
    with transaction.atomic():
        for programme in ProgrammePage.objects.filter(locale__language_code="nl").specific():
            past = Session.objects.filter(programme=programme, local_date__lt=today).scheduled().order_by("starts_at")
            if programme.registration_mode == "per_session":
                _register_in_the_past(programme, past, households, rng)
            if programme.registration_mode in ("per_session", "membership"):
                marks += _take_attendance(past, coordinator, rng)
            elif programme.registration_mode == "walk_in" and programme.kind != "grocery":
                head_counts += _count_walk_ins(past, coordinator, rng)
    log(f"Attendance: {marks} marks and {head_counts} walk-in counts over the past year.")


def _register_in_the_past(programme, sessions, households, rng):
    """Who had registered for past sessions. Made as rows, not through
    services.enrolment: that rightly refuses sessions that are over."""
    fitting = [
        (
            household,
            [
                m
                for m in household.members.all()
                if (m.is_child and programme.for_children) or (m.is_contact and programme.for_parents)
            ],
        )
        for household in households
    ]
    fitting = [(household, people) for household, people in fitting if people]
    regulars = rng.sample(fitting, min(len(fitting), 8))
    for session in sessions:
        coming = [pair for pair in regulars if rng.random() < 0.7]
        capacity = session.capacity or len(coming)
        taken = 0
        for household, people in coming:
            if taken + len(people) > capacity:
                break
            registration = Registration.objects.create(
                household=household,
                session=session,
                places=len(people),
                status=Registration.Status.CONFIRMED,
                source=household.source,
            )
            registration.members.set(people)
            taken += len(people)


def _take_attendance(sessions, coordinator, rng):
    total = 0
    for session in sessions:
        people = list(attendance.expected_people(session).values_list("pk", flat=True))
        marks = {pk: rng.choices(["present", "absent", "excused"], weights=[82, 10, 8])[0] for pk in people}
        if marks:
            total += attendance.record_attendance(session, marks, by=coordinator)
    return total


def _count_walk_ins(sessions, coordinator, rng):
    for session in sessions:
        attendance.set_head_count(session, adults=rng.randint(6, 16), children=rng.randint(4, 14), by=coordinator)
        attendance.save_note(session, rng.choice(NOTES), by=coordinator)
    return len(sessions)
