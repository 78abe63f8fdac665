"""Benchmark-sized demo data for holiday_play: one town's playground
(`seed_demo --scale N`, website/demo/scale.py) with about a hundred children,
their profiles and contacts, the past year's holidays booked, checked in and
out, and the next holiday booked with a waiting list. The season is played by
holiday_play.demo's `_Season`, as in the normal demo, and written in bulk."""

from django.contrib.auth.models import Group

from holiday_play.demo import AGE_GROUPS, GPS, PLAYGROUND, _Season, child_profile
from holiday_play.models import (
    AgeGroup,
    AnimatorCount,
    Booking,
    ChildContact,
    ChildProfile,
    HolidayPeriod,
    PlaygroundPage,
)
from programmes import demo_scale
from programmes.models import Attendance

NAMES = ["Het Speelbos", "De Boomhut", "Kadee", "De Wilde Weide", "Ravot", "De Speelberg", "'t Ravotterke"]
# Children per age group (toddlers, middle group, big kids) and their age today in months.
AGE_BANDS = [(38, (36, 66)), (37, (74, 104)), (25, (110, 148))]
DIETS = ["", "", "", "", "halal", "halal", "vegetarisch", "geen varkensvlees"]
NEIGHBOURS = ["Greet Verhaegen", "Nadia Bouazza", "Ingrid Van Hoof", "Souad Benali", "Rita Dierckx"]


def build_playground(place_copy, finder, venue, languages, *, now):
    """The town's playground page, live, in every school holiday, with places
    for about a quarter more children than the normal demo's."""
    title = f"Speelplein {NAMES[place_copy.number % len(NAMES)]} {place_copy.place}"
    fields = {name: value for name, value in PLAYGROUND["nl"].items() if name not in ("title", "slug")}
    page = PlaygroundPage(
        title=title,
        slug=demo_scale.page_slug(title, place_copy),
        locale_id=finder.locale_id,
        venue=venue,
        periods=list(HolidayPeriod.objects.all()),
        languages=[languages[code] for code in ("nl", "fr", "en", "ar") if code in languages],
        age_groups=[
            AgeGroup(
                name=names["nl"],
                min_age_months=first,
                max_age_months=last,
                capacity=round(capacity * 1.25),
                children_per_animator=ratio,
            )
            for names, first, last, capacity, ratio, _role in AGE_GROUPS
        ],
        animator_team=Group.objects.create(name=f"Animatoren {title}"),
        **{**PLAYGROUND["shared"], "contact_email": f"speelplein.{place_copy.key}@kansen.example"},
        **fields,
    )
    return demo_scale.add_live_page(finder, page, now=now)


def children_ages(rng):
    bands = [band for count, band in AGE_BANDS for _ in range(count)]
    rng.shuffle(bands)
    return [rng.randint(low, high) for low, high in bands]


def season(playground, households, play_days, rng, *, today, team):
    """Profiles and contacts of the households' children, and the past
    year's holidays and the next one at the playground. Returns
    (children, bookings, marks)."""
    if team["animators"] is not None:
        team["animators"].groups.add(playground.animator_team)
    profiles, contacts = {}, []
    social = {household.pk for household in rng.sample(households, round(len(households) * 0.4))}
    for household in households:
        kids = [person for person in household.people if person.is_child]
        diet, gp = rng.choice(DIETS), rng.choice(GPS)
        for child in kids:
            profiles[child.pk] = child_profile(
                child, diet, household.pk in social, gp, len(profiles), rng, today, playground
            )
        contacts += _contacts(household, [profiles[child.pk] for child in kids], rng)
    ChildProfile.objects.bulk_create(profiles.values(), batch_size=demo_scale.BATCH)
    ChildContact.objects.bulk_create(contacts, batch_size=demo_scale.BATCH)
    children = [person for household in households for person in household.people if person.is_child]

    periods = list(playground.periods.order_by("first_day"))
    since = min((day.local_date for day in play_days), default=today)
    past = [period for period in periods if since <= period.last_day < today]
    coming = next((period for period in periods if period.first_day > today), None)
    days = sorted((day for day in play_days if day.status == day.Status.SCHEDULED), key=lambda day: day.starts_at)
    played = _Season(playground, profiles, contacts, team, rng)
    for period in past:
        played.play([day for day in days if period.first_day <= day.local_date <= period.last_day], children)
    if coming is not None:
        played.book_ahead([day for day in days if coming.first_day <= day.local_date <= coming.last_day], children)
    Booking.objects.bulk_create(played.bookings, batch_size=demo_scale.BATCH)
    Attendance.objects.bulk_create(played.marks, batch_size=demo_scale.BATCH)
    AnimatorCount.objects.bulk_create(played.animator_counts(), batch_size=demo_scale.BATCH)
    return children, played.bookings, played.marks


def _contacts(household, profiles, rng):
    """The parent who registered, the other adult of the household, now and
    then a grandmother or a neighbour: the same for brothers and sisters."""
    adults = [person for person in household.people if not person.is_child]
    people = [(household.contact_name, "ouder", household.phone, True, True)]
    for adult in adults[1:]:
        people.append((f"{adult.first_name} {adult.last_name}", "ouder", _phone(rng), True, True))
    if rng.random() < 0.4:
        relationship = rng.choice(["oma", "opa", "tante", "buurvrouw"])
        name = (
            rng.choice(NEIGHBOURS) if relationship == "buurvrouw" else f"{relationship.title()} {adults[0].last_name}"
        )
        people.append((name, relationship, _phone(rng), relationship != "opa", relationship == "tante"))
    return [
        ChildContact(profile=profile, name=name, relationship=relation, phone=phone, may_pick_up=pick_up, emergency=sos)
        for profile in profiles
        for name, relation, phone, pick_up, sos in people
    ]


def _phone(rng):
    return f"04{rng.randint(70, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
