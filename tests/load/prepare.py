"""Gets a freshly seeded load-test database ready for today, and writes what
the locust users need to know (ids, badge codes, paths) to a JSON file.

Run by tests/load/run.py after `seed_demo`, as
`python -m tests.load.prepare <fixture.json>` with DJANGO_SETTINGS_MODULE and
DATABASE_URL pointing at the load database. Only ever on that throwaway
database: it adds an opening and two group sessions today, puts three door
volunteers on the opening's door, adds a second coordinator with the demo
password, and raises the grocery's visit limit.

Why each of those:
- The demo's openings are on the first and third Thursday, and the load test
  runs on any day: today's opening is added the way a coordinator adds one
  (`scheduling.add_session`), with the grocery's standard shifts.
- The door follows the roster: a volunteer may check badges only around a
  shift of theirs. The shift has begun (the opening is under way), which the
  sign-up rule refuses, so the assignments are written as rows, as the demo
  writes past shifts; the door then opens for them exactly as in production.
- The demo gives every household its two visits a month already, so at an
  opening added later in the month the door would say "limit reached" to
  nearly everyone and record nothing. A higher limit (an editor's setting on
  the grocery page) lets the door record the visits of a real opening.
- The roll call needs sessions today with people expected: one-off sessions
  of the two parent groups, whose active members are on the list.
"""

import datetime
import json
import sys
from pathlib import Path

PASSWORD = "kansen-demo"  # the demo password, README.md "Demo users"
DOOR_VOLUNTEERS = ("marc", "veerle", "jan")
COORDINATORS = ("els", "load-coordinator")
HOUSEHOLDS_AT_THE_DOOR = 50
# An editor's setting, raised for the load database only (see above).
VISIT_LIMIT = 6
ROLL_CALL_PROGRAMMES = ("oudergroep-bulgaars", "oudergroep-slovaaks")


def prepare():
    """Everything the load test needs, as a JSON-serialisable dict."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    now = timezone.now()
    with transaction.atomic():
        admin = get_user_model().objects.get(username="admin")
        coordinators = _coordinators()
        door = _door(now, by=admin, coordinator=coordinators[0])
        roll_calls = _roll_calls(now, by=admin, coordinators=coordinators)
    return {
        "password": PASSWORD,
        "door": door,
        "roll_calls": roll_calls,
        **_public_pages(timezone.localdate()),
    }


def _coordinators():
    """els from the demo, and a second coordinator in the same team."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    els = User.objects.get(username=COORDINATORS[0])
    second, created = User.objects.get_or_create(
        username=COORDINATORS[1], defaults={"first_name": "Koen", "last_name": "Load", "email": "koen@kansen.example"}
    )
    if created:
        second.set_password(PASSWORD)
        second.save()
    second.groups.add(
        Group.objects.get(name=settings.KANSEN_ROLE_GROUPS["coordinators"]), *els.groups.exclude(name="Coordinators")
    )
    return [els, second]


def _window(now, before, after):
    """[now - before, now + after] kept within today (Europe/Brussels), so
    that the sessions are today's whatever the hour of the run."""
    from django.utils import timezone

    local = timezone.localtime(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    starts = max(now - before, midnight)
    ends = min(now + after, midnight + datetime.timedelta(days=1) - datetime.timedelta(minutes=1))
    return starts.replace(second=0, microsecond=0), ends.replace(second=0, microsecond=0)


def _door(now, *, by, coordinator):
    from django.contrib.auth import get_user_model

    from groceries import codes
    from groceries.models import Badge, GroceryPage
    from programmes.models import Role, ShiftAssignment
    from programmes.services import rosters, scheduling

    grocery = GroceryPage.objects.filter(locale__language_code="nl").order_by("path").first()
    GroceryPage.objects.filter(pk=grocery.pk).update(visit_limit=VISIT_LIMIT)
    starts, ends = _window(now, datetime.timedelta(minutes=30), datetime.timedelta(hours=3))
    opening = scheduling.add_session(grocery, starts_at=starts, ends_at=ends, by=by)
    rosters.shifts_from_templates(opening)
    shift = opening.shifts.get(role=Role.objects.get(name="Onthaal/deur"))
    shift.needed = len(DOOR_VOLUNTEERS)
    shift.save(update_fields=["needed"])
    for username in DOOR_VOLUNTEERS:
        volunteer = get_user_model().objects.get(username=username).volunteer
        ShiftAssignment.objects.create(
            shift=shift, volunteer=volunteer, status=ShiftAssignment.Status.CONFIRMED, created_by=coordinator
        )
    day = opening.local_date
    badges = Badge.objects.filter(grocery=grocery).order_by("pk")
    valid = [b.code for b in badges if b.status == Badge.Status.ACTIVE and b.valid_from <= day <= b.valid_until]
    refused = [b.code for b in badges if b.code not in valid]
    # Well formed but never issued: the door says "unknown".
    unknown = [codes.new_code() for _ in range(5)]
    # One character changed: the check character catches it ("check the number").
    typos = [code[:3] + ("2" if code[3] != "2" else "3") + code[4:] for code in valid[:5]]
    return {
        "opening": opening.pk,
        "volunteers": list(DOOR_VOLUNTEERS),
        "households": valid[:HOUSEHOLDS_AT_THE_DOOR],
        "refused": refused,
        "unknown": unknown,
        "typos": typos,
    }


def _roll_calls(now, *, by, coordinators):
    from programmes.models import ProgrammePage
    from programmes.services import attendance, scheduling

    starts, ends = _window(now, datetime.timedelta(minutes=15), datetime.timedelta(hours=2))
    roll_calls = []
    for slug, coordinator in zip(ROLL_CALL_PROGRAMMES, coordinators, strict=True):
        programme = ProgrammePage.objects.get(slug=slug, locale__language_code="nl")
        session = scheduling.add_session(programme, starts_at=starts, ends_at=ends, by=by)
        expected = attendance.expected_people(session).count()
        if not expected:
            raise SystemExit(f"{programme.title}: nobody expected at the roll call; the demo data changed?")
        roll_calls.append({"session": session.pk, "coordinator": coordinator.username, "expected": expected})
    return roll_calls


def _public_pages(today):
    """The finder in three languages, every programme page, and the
    register forms of the programmes that take registrations."""
    from programmes.models import ProgrammeIndexPage, ProgrammePage, RegistrationMode

    finders = [page.url for page in ProgrammeIndexPage.objects.live().order_by("path")]
    programmes = ProgrammePage.objects.live().order_by("path").specific()
    pages = [page.url for page in programmes]
    register = []
    for page in programmes:
        if page.locale.language_code != "nl" or page.registration_mode not in (
            RegistrationMode.PER_SESSION,
            RegistrationMode.MEMBERSHIP,
        ):
            continue
        child_birth_date = None
        if page.for_children:
            # Halfway through the age range: the right age on every date offered.
            months = ((page.min_age_months or 0) + (page.max_age_months or 144)) // 2
            child_birth_date = (today - datetime.timedelta(days=round(months * 30.44))).isoformat()
        register.append({"path": f"{page.url}register/", "child_birth_date": child_birth_date})
    return {"finders": finders, "programmes": pages, "register": register}


def main(argv):
    import django

    django.setup()
    out = Path(argv[1])
    out.write_text(json.dumps(prepare(), indent=2))
    print(f"Load fixture written to {out}.")


if __name__ == "__main__":
    main(sys.argv)
