"""Benchmark-sized demo data for groceries: one town's social grocery
(`seed_demo --scale N`, website/demo/scale.py): its page and openings, its
teams, badges in every state for about fifty households, and a year of
visits within the grocery's limits. Written in bulk, as groceries.demo would
have left them; codes are drawn as `services.badges` draws them."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from groceries import codes, demo
from groceries.demo import PAGE, REFERRERS, packages
from groceries.models import Badge, GroceryPage, Renewal, Visit
from groceries.services.badges import add_months
from programmes import demo_scale
from programmes.demo import history_start
from programmes.models import Preset, ScheduleRule

BADGES = 58
VISIT_SHARE = 0.96  # of the badges valid on the day, within the limit of two a month


def build_grocery(place_copy, finder, venue, languages, *, today, now):
    """The town's grocery page, live, open every first and third weekday
    afternoon of the month (the weekday varies from town to town)."""
    weekday = ["TH", "TU", "FR", "WE"][place_copy.number % 4]
    title = f"Sociale kruidenier {place_copy.place}"
    page = GroceryPage(
        title=title,
        slug=demo_scale.page_slug(title, place_copy),
        locale_id=finder.locale_id,
        venue=venue,
        languages=[languages[code] for code in ("nl", "fr", "en") if code in languages],
        intro="De sociale kruidenier is open op de eerste en derde namiddag van de maand. Je hoeft niet in te "
        "schrijven, maar je hebt wel een badge nodig.",
        contact_name="Onthaal Sociaal Huis",
        contact_phone=f"0{place_copy.postcode[:2]} 12 {place_copy.number % 90 + 10:02d} 56",
        contact_email=f"kruidenier.{place_copy.key}@kansen.example",
        what_to_bring="Je badge en stevige boodschappentassen.",
        schedule_rules=[
            ScheduleRule(
                preset=Preset.MONTHLY,
                nths="1,3",
                weekdays=weekday,
                start_time=datetime.time(13, 30),
                end_time=datetime.time(16, 30),
                first_date=history_start(today),
            )
        ],
        **PAGE["shared"],
        how_to_get_a_badge=PAGE["nl"]["how_to_get_a_badge"],
        package_sizes=packages("Klein pakket (1 tas)", "Middelgroot pakket (2 tassen)", "Groot pakket (3 tassen)"),
        door_team=Group.objects.create(name=f"Deurploeg {title}"),
        social_work_team=Group.objects.create(name=f"Sociale dienst {title}"),
    )
    return demo_scale.add_live_page(finder, page, now=now)


def add_team(grocery, *, social_worker, volunteer):
    """The demo's social worker and door volunteer work here too."""
    if social_worker is not None:
        social_worker.groups.add(grocery.social_work_team)
    if volunteer is not None:
        volunteer.groups.add(grocery.door_team)


def badges_and_visits(grocery, households, openings, rng, *, today, social_worker, volunteer):
    """Badges for the households (most renewed all year, a few new, some
    expired, ending soon, suspended or replaced) and a year of visits."""
    badges, renewals, replaced = [], [], []
    for index, household in enumerate(households[:BADGES]):
        adults = sum(1 for person in household.people if not person.is_child)
        kids = len(household.people) - adults
        if index % 8:
            valid_from = today - datetime.timedelta(days=400 - (index * 7) % 60)
        else:
            valid_from = today - datetime.timedelta(days=(index * 11) % 150)
        badge = Badge(
            grocery=grocery,
            household=household,
            code=codes.new_code(),
            valid_from=valid_from,
            valid_until=add_months(valid_from, grocery.badge_months) - datetime.timedelta(days=1),
            referrer=rng.choice(REFERRERS),
            adults=max(adults, 1),
            children=kids,
            notes="Budgetbegeleiding loopt via het Sociaal Huis." if index % 7 == 0 else "",
            issued_by=social_worker,
            issued_at=_at(valid_from),
        )
        # Renewed ten days before each end, as long as the household needed it.
        while badge.valid_until < today + datetime.timedelta(days=10):
            renewed_at = _at(badge.valid_until - datetime.timedelta(days=10))
            badge.valid_until = add_months(badge.valid_until + datetime.timedelta(days=1), grocery.badge_months)
            badge.valid_until -= datetime.timedelta(days=1)
            renewals.append(
                Renewal(badge=badge, renewed_at=renewed_at, valid_until=badge.valid_until, renewed_by=social_worker)
            )
        kind = index % 15
        if kind == 3:  # not renewed: ended three weeks ago
            badge.valid_until = today - datetime.timedelta(weeks=3)
            renewals = [r for r in renewals if r.badge is not badge or r.valid_until <= badge.valid_until]
        elif kind == 4:  # ends next week: the door reminds them
            badge.valid_until = today + datetime.timedelta(days=9)
        elif kind == 5:
            badge.status, badge.status_reason = Badge.Status.SUSPENDED, "Badge doorgegeven aan een ander gezin"
        elif kind == 9:
            badge.status, badge.status_reason = Badge.Status.REPLACED, "Kaart verloren"
            replaced.append(badge)
        badges.append(badge)
    Badge.objects.bulk_create(badges, batch_size=demo_scale.BATCH)
    Renewal.objects.bulk_create(renewals, batch_size=demo_scale.BATCH)
    # A lost card: the new one carries the old one's household, size and dates.
    replacements = [
        Badge(
            grocery=grocery,
            household=old.household,
            code=codes.new_code(),
            valid_from=old.valid_from,
            valid_until=old.valid_until,
            referrer=old.referrer,
            adults=old.adults,
            children=old.children,
            notes=old.notes,
            issued_by=social_worker,
            replaces=old,
        )
        for old in replaced
    ]
    Badge.objects.bulk_create(replacements, batch_size=demo_scale.BATCH)
    badges += replacements
    visits = _visits(grocery, badges, openings, rng, today=today, volunteer=volunteer)
    return badges, visits


def _visits(grocery, badges, openings, rng, *, today, volunteer):
    held = [
        opening
        for opening in sorted(openings, key=lambda opening: opening.starts_at)
        if opening.local_date <= today and opening.status == opening.Status.SCHEDULED
    ]
    visits = demo.planned_visits(grocery, held, badges, rng, volunteer=volunteer, share=VISIT_SHARE)
    Visit.objects.bulk_create(visits, batch_size=demo_scale.BATCH)
    return visits


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
