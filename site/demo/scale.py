"""`seed_demo --scale N`: the normal demo (website.demo.seed) and N−1 more
towns the social service works for, for benchmarks and load tests.

Each extra town is one "copy" of a realistic municipality: about 50
programmes, 2 000 sessions, 1 000 households, 20 000 attendance marks, a
grocery with 50 badges and 1 250 visits, a playground with 100 children.
The apps' demo_scale modules build them in bulk; a copy is written in one
transaction and marked by its place's slug (the suffix of its pages' slugs),
so a second run skips the towns that are there and `--scale 5` after
`--scale 2` adds towns 2 to 4.
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from groceries import demo_scale as groceries_scale
from holiday_play import demo_scale as holiday_scale
from programmes import cache_version
from programmes import demo_scale as programmes_scale
from programmes.models import Language, ProgrammeIndexPage, Session

# Households per town besides the playground's own families (about 55).
HOUSEHOLDS = 945


def seed_scale(n, log=print):
    """Make sure towns 1 to n−1 exist (the normal demo is the first town)."""
    if n < 1:
        raise ValueError("The scale is a number of towns: 1 or more.")
    finder = ProgrammeIndexPage.objects.filter(locale__language_code="nl").order_by("path").first()
    if finder is None:
        log("Scale: no Dutch activities page to put the towns' programmes under; skipped.")
        return []
    built = []
    for number in range(1, n):
        place = programmes_scale.copy(number)
        if programmes_scale.exists(place, finder):
            log(f"Scale: {place.place} already there, left as it is.")
            continue
        started = time.monotonic()
        with transaction.atomic():
            counts = build_copy(place, finder)
        built.append(counts)
        log(
            f"Scale: {place.place} ({number}/{n - 1}): {counts['programmes']} programmes, "
            f"{counts['sessions']} sessions, {counts['households']} households, {counts['marks']} attendance marks, "
            f"{counts['badges']} badges with {counts['visits']} visits, {counts['children']} playground children "
            f"({time.monotonic() - started:.0f} s)."
        )
    if built:
        # Bulk writes send no signals: the finder and the feeds forget what they cached.
        cache_version.bump()
    return built


def _users():
    role = settings.KANSEN_ROLE_GROUPS
    users = get_user_model().objects
    return {
        key: users.filter(groups__name=role[key]).order_by("pk").first()
        for key in ("coordinators", "social_workers", "grocery_volunteers", "animators")
    }


def build_copy(place, finder):
    today, now = timezone.localdate(), timezone.now()
    users = _users()
    languages = Language.objects.in_bulk(field_name="code")

    venues = programmes_scale.build_venues(place)
    programmes = programmes_scale.build_programmes(place, finder, venues, languages, today=today, now=now)
    grocery = groceries_scale.build_grocery(place, finder, venues["kruidenier"], languages, today=today, now=now)
    playground = holiday_scale.build_playground(place, finder, venues["school"], languages, now=now)
    pages = [*programmes, grocery, playground]
    sessions = programmes_scale.plan_sessions(pages, today)
    Session.objects.bulk_create(sessions, batch_size=programmes_scale.BATCH)
    by_programme = {}
    for session in sessions:
        by_programme.setdefault(session.programme_id, []).append(session)

    rng = place.rng("households")
    town = programmes_scale.bulk_households(place, programmes_scale.families(rng, HOUSEHOLDS, today), rng)
    young = programmes_scale.families(rng, 0, today, children_ages=holiday_scale.children_ages(rng))
    families = programmes_scale.bulk_households(place, young, rng, first_index=len(town))

    taking_part = programmes_scale.Participation(
        town, place.rng("participation"), today=today, coordinator=users["coordinators"]
    )
    for programme in programmes:
        taking_part.take_part(programme, by_programme.get(programme.pk, []))
    taking_part.save()

    groceries_scale.add_team(grocery, social_worker=users["social_workers"], volunteer=users["grocery_volunteers"])
    rng = place.rng("grocery")
    badges, visits = groceries_scale.badges_and_visits(
        grocery,
        rng.sample(town, len(town)),
        by_programme.get(grocery.pk, []),
        rng,
        today=today,
        social_worker=users["social_workers"],
        volunteer=users["grocery_volunteers"],
    )

    team = {"animators": users["animators"], "coordinators": users["coordinators"]}
    children, _bookings, play_marks = holiday_scale.season(
        playground, families, by_programme.get(playground.pk, []), place.rng("playground"), today=today, team=team
    )
    return {
        "programmes": len(pages),
        "sessions": len(sessions),
        "households": len(town) + len(families),
        "marks": len(taking_part.marks) + len(play_marks),
        "badges": len(badges),
        "visits": len(visits),
        "children": len(children),
    }
