"""Demo data for holiday_play: the Flemish school holidays of this school
year and the last, as the government publishes them, and a playground in
three languages with three age groups, running in every holiday."""

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from holiday_play.models import AgeGroup, HolidayPeriod, PlaygroundPage
from programmes.models import Language, ProgrammeIndexPage, Venue
from programmes.services import scheduling

D = datetime.date
# (uid, name, first day, last day): the uids are those an import of the official file would give.
PERIODS = [
    ("herfstvakantie-2025", "Herfstvakantie", D(2025, 10, 27), D(2025, 11, 2)),
    ("kerstvakantie-2025", "Kerstvakantie", D(2025, 12, 22), D(2026, 1, 4)),
    ("krokusvakantie-2026", "Krokusvakantie", D(2026, 2, 16), D(2026, 2, 22)),
    ("paasvakantie-2026", "Paasvakantie", D(2026, 4, 6), D(2026, 4, 19)),
    ("zomervakantie-2026", "Zomervakantie", D(2026, 7, 1), D(2026, 8, 31)),
    ("herfstvakantie-2026", "Herfstvakantie", D(2026, 11, 2), D(2026, 11, 8)),
    ("kerstvakantie-2026", "Kerstvakantie", D(2026, 12, 21), D(2027, 1, 3)),
    ("krokusvakantie-2027", "Krokusvakantie", D(2027, 2, 8), D(2027, 2, 14)),
    ("paasvakantie-2027", "Paasvakantie", D(2027, 3, 29), D(2027, 4, 11)),
    ("zomervakantie-2027", "Zomervakantie", D(2027, 7, 1), D(2027, 8, 31)),
]


def seed(log=print):
    if HolidayPeriod.objects.exists():
        log("School holidays: already there, left as they are.")
        return
    for uid, name, first, last in PERIODS:
        HolidayPeriod.objects.create(uid=f"{uid}@onderwijs.vlaanderen.be", name=name, first_day=first, last_day=last)
    log(f"School holidays: {len(PERIODS)} periods in two school years.")


# (name per language, from months, up to months, places per day, children per animator)
AGE_GROUPS = [
    ({"nl": "Kleuters", "fr": "Maternelles", "en": "Toddlers"}, 30, 71, 24, 8),
    ({"nl": "Middengroep", "fr": "Moyens", "en": "Middle group"}, 72, 107, 36, 12),
    ({"nl": "Tieners", "fr": "Grands", "en": "Big kids"}, 108, 155, 30, 12),
]
PLAYGROUND = {
    "shared": {
        "price": 6,
        "social_tariff": 2,
        "contact_name": "Jonas Wouters",
        "contact_phone": "015 12 34 70",
        "contact_email": "speelplein@kansen.example",
    },
    "nl": {
        "title": "Speelplein De Speelvogel",
        "slug": "speelplein-de-speelvogel",
        "intro": "In elke schoolvakantie spelen kinderen van 2,5 tot 12 jaar hier de hele dag: "
        "buiten ravotten, knutselen, koken en op uitstap. Met een warme maaltijd.",
        "meals": "Een warme middagmaaltijd (ook halal en vegetarisch) en fruit om vier uur.",
        "what_to_bring": "Kleren die vuil mogen worden, een regenjas, en een drinkbus met naam.",
        "accessibility_notes": "Het speelterrein en de lokalen zijn toegankelijk met een rolstoel.",
    },
    "fr": {
        "title": "Plaine de jeux De Speelvogel",
        "slug": "plaine-de-jeux-de-speelvogel",
        "intro": "Pendant chaque congé scolaire, les enfants de 2 ans et demi à 12 ans jouent ici toute la journée : "
        "jeux dehors, bricolage, cuisine et excursions. Avec un repas chaud.",
        "meals": "Un repas chaud à midi (aussi halal et végétarien) et un fruit à quatre heures.",
        "what_to_bring": "Des vêtements qui peuvent se salir, un imperméable et une gourde avec le nom.",
        "accessibility_notes": "Le terrain de jeux et les locaux sont accessibles en chaise roulante.",
    },
    "en": {
        "title": "Playground De Speelvogel",
        "slug": "playground-de-speelvogel",
        "intro": "In every school holiday, children aged 2½ to 12 play here all day: outdoor games, "
        "crafts, cooking and trips. With a warm meal.",
        "meals": "A warm lunch (also halal and vegetarian) and fruit at four.",
        "what_to_bring": "Clothes that may get dirty, a raincoat and a water bottle with a name on it.",
        "accessibility_notes": "The playground and the rooms are wheelchair accessible.",
    },
}


@transaction.atomic
def seed_playground(log=print):
    """The playground under the finder in every language, after programmes.demo."""
    if PlaygroundPage.objects.exists():
        log("Playground: already there, left as they are.")
        return
    finders = {finder.locale.language_code: finder for finder in ProgrammeIndexPage.objects.select_related("locale")}
    if "nl" not in finders:
        log("Playground: no Dutch activities page to put it under; skipped.")
        return
    venue = Venue.objects.filter(name="Buurthuis De Kring").first() or Venue.objects.order_by("pk").first()
    languages = list(Language.objects.filter(code__in=["nl", "fr", "en", "ar"]))
    periods = list(HolidayPeriod.objects.all())
    dutch = None
    for code in ("nl", "fr", "en"):
        if code not in finders:
            continue
        page = PlaygroundPage(
            locale=Locale.objects.get(language_code=code),
            venue=venue,
            **PLAYGROUND["shared"],
            **PLAYGROUND[code],
            **({"translation_key": dutch.translation_key} if dutch else {}),
        )
        finders[code].add_child(instance=page)
        page.periods.set(periods)
        page.languages.set(languages)
        for names, first, last, capacity, ratio in AGE_GROUPS:
            AgeGroup.objects.create(
                page=page,
                name=names[code],
                min_age_months=first,
                max_age_months=last,
                capacity=capacity,
                children_per_animator=ratio,
            )
        page.save_revision().publish()
        dutch = dutch or page
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365)
    scheduling.regenerate_sessions(dutch, today=start, horizon_days=2 * 365)
    log(f"Playground: {dutch.title} in {len(periods)} school holidays, {dutch.sessions.count()} play days.")
