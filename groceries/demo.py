"""Demo data for the social grocery: the grocery page's own fields (for
programmes.demo), its teams, 60 households with badges in every state, and a
year of visits, about 50 households per opening as at the real grocery."""

import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from groceries.models import Badge, GroceryPage, PackageSize, Renewal, Visit
from groceries.services import badges
from programmes.models import Household, Session
from programmes.services.households import NewPerson, create_household


def packages(small, medium, large):
    return [
        PackageSize(from_persons=1, name=small),
        PackageSize(from_persons=3, name=medium),
        PackageSize(from_persons=5, name=large),
    ]


# The fields GroceryPage adds to the demo's grocery programme (programmes.demo, key "grocery").
PAGE = {
    "shared": {"visit_limit": 2, "visit_limit_period": "month", "visit_limit_enforced": True, "badge_months": 6},
    "nl": {
        "how_to_get_a_badge": "Een badge krijg je via je maatschappelijk werker van het Sociaal Huis, of via je "
        "begeleider bij het CAW, het CLB of Kind en Gezin. Breng je identiteitskaart en een bewijs van je inkomen "
        "mee naar die afspraak.",
        "package_sizes": packages("Klein pakket (1 tas)", "Middelgroot pakket (2 tassen)", "Groot pakket (3 tassen)"),
    },
    "fr": {
        "how_to_get_a_badge": "Vous recevez un badge par votre assistant social de la Maison sociale, ou par votre "
        "accompagnateur au CAW, au centre PMS ou chez Kind en Gezin. Apportez votre carte d'identité et une preuve "
        "de vos revenus à ce rendez-vous.",
        "package_sizes": packages("Petit colis (1 sac)", "Colis moyen (2 sacs)", "Grand colis (3 sacs)"),
    },
    "en": {
        "how_to_get_a_badge": "You get a badge through your social worker at the Social House, or through your "
        "counsellor at the CAW, the CLB or Kind en Gezin. Bring your identity card and proof of your income to "
        "that appointment.",
        "package_sizes": packages("Small package (1 bag)", "Medium package (2 bags)", "Large package (3 bags)"),
    },
}

# Households known only at the grocery: (first name, last name, language, postcode, adults, children)
GROCERY_FAMILIES = [
    ("Rita", "Verhoeven", "nl", "2800", 1, 0),
    ("Marcel", "Claes", "nl", "2800", 1, 0),
    ("Naima", "Benali", "fr", "2800", 1, 3),
    ("Youssef", "Amrani", "nl", "2800", 2, 4),
    ("Svetlana", "Ivanova", "en", "2801", 1, 2),
    ("Dirk", "Wouters", "nl", "2812", 1, 1),
    ("Hatice", "Kaya", "nl", "2800", 2, 3),
    ("Andrea", "Rostás", "en", "2800", 2, 5),
    ("Gilbert", "Lemmens", "nl", "2811", 2, 0),
    ("Ayesha", "Khan", "en", "2800", 1, 2),
    ("Chantal", "Mukendi", "fr", "2800", 1, 4),
    ("Patrick", "Goossens", "nl", "2800", 1, 0),
    ("Lamia", "Haddou", "fr", "2801", 2, 2),
    ("Ionut", "Stan", "en", "2800", 2, 1),
    ("Greet", "Vermeulen", "nl", "2800", 1, 1),
    ("Mehmet", "Aydın", "nl", "2800", 2, 2),
    ("Blessing", "Adeyemi", "en", "2800", 1, 3),
    ("Tamara", "Kováčová", "nl", "2812", 1, 2),
    ("Luc", "Jacobs", "nl", "2800", 1, 0),
    ("Karima", "Tahiri", "fr", "2800", 2, 3),
    ("Nadia", "Stoyanova", "en", "2800", 1, 1),
    ("Filip", "Hermans", "nl", "2811", 2, 2),
    ("Amina", "Diallo", "fr", "2800", 1, 2),
    ("Veronika", "Horváthová", "nl", "2800", 2, 3),
    ("Johan", "Van Damme", "nl", "2800", 1, 0),
    ("Rukiye", "Şahin", "nl", "2801", 2, 1),
    ("Esther", "Kabongo", "fr", "2800", 1, 3),
    ("Marian", "Lungu", "en", "2800", 2, 2),
    ("Linda", "Smets", "nl", "2812", 1, 1),
    ("Rachid", "El Khattabi", "nl", "2800", 2, 5),
    ("Bozhana", "Petkova", "en", "2800", 1, 0),
    ("Sandra", "De Backer", "nl", "2800", 1, 2),
    ("Farida", "Mansouri", "fr", "2801", 1, 1),
    ("Oksana", "Melnyk", "en", "2800", 1, 1),
    ("Eddy", "Peeters", "nl", "2800", 1, 0),
    ("Josiane", "Nkurunziza", "fr", "2800", 2, 4),
]
REFERRERS = ["social_service"] * 6 + ["caw"] * 2 + ["clb", "kind_en_gezin", "other"]
VISIT_SHARE = 0.86  # of the badges valid on the day: about 50 of 60 households


def seed(log=print):
    grocery = GroceryPage.objects.filter(locale__language_code="nl").order_by("path").first()
    if grocery is None:
        log("Grocery: no grocery page; skipped.")
        return
    if Badge.objects.exists():
        log("Grocery: badges already there, left as they are.")
        return
    today = timezone.localdate()
    rng = random.Random(2811)  # noqa: S311 - the same demo every time, not a secret
    with transaction.atomic():
        social_worker, volunteer = _teams(grocery)
        households = _households(today)
        issued = _badges(grocery, households, social_worker, today, rng)
        visits = _visits(grocery, volunteer, today, rng)
    states = {
        state: sum(1 for badge in issued if badge.state(today) == state)
        for state in ("active", "expired", "suspended", "replaced")
    }
    log(
        f"Grocery: {len(households)} households with a badge: {states['active']} in use, {states['expired']} "
        f"expired, {states['suspended']} suspended, {states['replaced']} lost cards replaced; {visits} visits in a year."
    )


def _teams(grocery):
    """The demo's social worker and door volunteer, in the grocery's teams."""
    User = get_user_model()
    door, _ = Group.objects.get_or_create(name="Deurploeg 't Schap")
    social_work, _ = Group.objects.get_or_create(name="Sociale dienst 't Schap")
    # Openings and badges hang on the grocery in the default language.
    GroceryPage.objects.filter(pk=grocery.pk).update(door_team=door, social_work_team=social_work)
    role = settings.KANSEN_ROLE_GROUPS
    social_worker = User.objects.filter(groups__name=role["social_workers"]).order_by("pk").first()
    volunteer = User.objects.filter(groups__name=role["grocery_volunteers"]).order_by("pk").first()
    for user, team in ((social_worker, social_work), (volunteer, door)):
        if user is not None:
            user.groups.add(team)
    return social_worker, volunteer


def _households(today):
    """The families the demo already knows (the grocery is where many are first met) and the grocery's own."""
    known = list(Household.objects.filter(possible_duplicate_of__isnull=True).order_by("pk"))
    own = [
        create_household(
            contact_name=f"{first} {last}",
            phone=f"0489 {20 + index:02d} {40 + index:02d} {10 + index:02d}",
            language=language,
            postcode=postcode,
            referred=True,
            source=Household.Source.DESK,
            consent=False,
            members=[NewPerson(first_name=first, last_name=last, is_contact=True)],
        )
        for index, (first, last, language, postcode, _adults, _children) in enumerate(GROCERY_FAMILIES)
    ]
    sizes = {household.pk: (1, household.members.count() - 1) for household in known}
    sizes.update({household.pk: family[4:] for household, family in zip(own, GROCERY_FAMILIES, strict=True)})
    households = known + own
    for household in households:
        household.size = sizes[household.pk]
    return households[:60]


def _badges(grocery, households, social_worker, today, rng):
    """Most households have had a badge all year, renewed every six months;
    a few are new, and some badges are expired, ending soon, suspended or replaced."""
    issued = []
    for index, household in enumerate(households):
        adults, children = household.size
        if index % 5:
            valid_from = today - datetime.timedelta(days=400 - (index * 7) % 60)
        else:
            valid_from = today - datetime.timedelta(days=(index * 11) % 150)
        badge = badges.issue_badge(
            grocery,
            household,
            by=social_worker,
            referrer=rng.choice(REFERRERS),
            adults=max(adults, 1),
            children=children,
            valid_from=valid_from,
            notes="Budgetbegeleiding loopt via het Sociaal Huis." if index % 7 == 0 else "",
        )
        Badge.objects.filter(pk=badge.pk).update(issued_at=_at(valid_from))
        _renew_in_time(badge, social_worker, today)
        badge.refresh_from_db()
        kind = index % 15
        if kind == 3:  # not renewed: ended three weeks ago
            Badge.objects.filter(pk=badge.pk).update(valid_until=today - datetime.timedelta(weeks=3))
        elif kind == 4:  # ends next week: the door reminds them
            Badge.objects.filter(pk=badge.pk).update(valid_until=today + datetime.timedelta(days=9))
        elif kind == 5:
            badge = badges.suspend_badge(badge, by=social_worker, reason="Badge doorgegeven aan een ander gezin")
        elif kind == 9:
            badge = badges.replace_badge(badge, by=social_worker, reason="Kaart verloren")
        issued.append(badge)
    return list(Badge.objects.all())


def _renew_in_time(badge, social_worker, today):
    """Renewals as they happened: ten days before each end, for the badge's history and the figures."""
    valid_until, renewals = badge.valid_until, []
    while valid_until < today + datetime.timedelta(days=10):
        renewed_at = _at(valid_until - datetime.timedelta(days=10))
        valid_until = badges.add_months(valid_until + datetime.timedelta(days=1), badge.grocery.badge_months)
        valid_until -= datetime.timedelta(days=1)
        renewals.append(Renewal(badge=badge, renewed_at=renewed_at, valid_until=valid_until, renewed_by=social_worker))
    Renewal.objects.bulk_create(renewals)
    Badge.objects.filter(pk=badge.pk).update(valid_until=valid_until)


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _visits(grocery, volunteer, today, rng):
    """A year of openings: most households with a badge valid that day come,
    within the grocery's limits (one per opening, two a month)."""
    openings = Session.objects.filter(programme=grocery, local_date__lte=today).scheduled().order_by("starts_at")
    badges = list(Badge.objects.order_by("pk"))
    visits = planned_visits(grocery, openings, badges, rng, volunteer=volunteer, share=VISIT_SHARE)
    Visit.objects.bulk_create(visits)
    return len(visits)


def planned_visits(grocery, openings, badges, rng, *, volunteer, share):
    """The unsaved visits of `badges` at `openings` (held, in order): most
    households (`share` of them) with a badge valid that day come, within
    the month's limit."""
    per_month = {}
    visits = []
    for opening in openings:
        day = opening.local_date
        for badge in badges:
            # A lost card's visits are on its replacement, which carries its dates.
            if badge.status == Badge.Status.REPLACED or rng.random() > share:
                continue
            if not badge.valid_from <= day <= badge.valid_until:
                continue
            month = (badge.household_id, day.year, day.month)
            if per_month.get(month, 0) >= grocery.visit_limit:
                continue
            per_month[month] = per_month.get(month, 0) + 1
            visits.append(
                Visit(
                    badge=badge,
                    opening=opening,
                    persons=badge.persons,
                    badge_expiring=badge.valid_until <= day + datetime.timedelta(weeks=2),
                    recorded_by=volunteer,
                )
            )
    return visits
