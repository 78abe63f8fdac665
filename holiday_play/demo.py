"""Demo data for holiday_play: the Flemish school holidays of this school
year and the last, as the government publishes them, a playground in three
languages with three age groups, running in every holiday, and a season at
it: 80 children with their profiles and contacts, the last two holidays
booked, checked in and out, the next one booked with a waiting list, the
animators present and a few signals."""

import datetime
import random
import unicodedata
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone, translation
from wagtail.models import Locale

from holiday_play.models import (
    AgeGroup,
    AnimatorCount,
    Booking,
    ChildContact,
    ChildProfile,
    HolidayPeriod,
    PlaygroundPage,
    Signal,
)
from holiday_play.services.day_list import picked_up_by_text, went_home_alone
from programmes import demo_volunteers
from programmes.models import Attendance, Household, Language, Person, ProgrammeIndexPage, Session, Venue
from programmes.models.people import age_in_months
from programmes.services import scheduling
from programmes.services.households import NewPerson, create_household

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


# (name per language, from months, up to months, places per day, children per
# animator, the animators' role on the roster: a key of demo_volunteers.ROLES)
AGE_GROUPS = [
    ({"nl": "Kleuters", "fr": "Maternelles", "en": "Toddlers"}, 30, 71, 24, 8, "animator_toddlers"),
    ({"nl": "Middengroep", "fr": "Moyens", "en": "Middle group"}, 72, 107, 36, 12, "animator_middle"),
    ({"nl": "Tieners", "fr": "Grands", "en": "Big kids"}, 108, 155, 30, 12, "animator_teens"),
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
        for names, first, last, capacity, ratio, role in AGE_GROUPS:
            AgeGroup.objects.create(
                page=page,
                name=names[code],
                min_age_months=first,
                max_age_months=last,
                capacity=capacity,
                children_per_animator=ratio,
                role=demo_volunteers.role(role),
            )
        page.save_revision().publish()
        dutch = dutch or page
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365)
    scheduling.regenerate_sessions(dutch, today=start, horizon_days=2 * 365)
    log(f"Playground: {dutch.title} in {len(periods)} school holidays, {dutch.sessions.count()} play days.")


# The playground's families, from town: Flemish and newcomers. Per origin:
# last names, mothers' and fathers' first names, children's first names, the
# languages the household speaks with us, the diets they ask for, and how
# many of the families come from there (out of every 46).
ORIGINS = [
    (
        ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet"]
        + ["Vermeulen", "Van Dyck", "Hermans", "Aerts", "Verstraeten", "De Cock", "Smets", "Lemmens", "Michiels"],
        ["An", "Katrien", "Sofie", "Nathalie", "Veerle", "Evelien", "Kelly"],
        ["Tom", "Bert", "Kristof", "Steven", "Dries", "Kevin"],
        ["Lotte", "Wout", "Fien", "Mats", "Nore", "Stan", "Jules", "Lina", "Vic", "Ella", "Warre", "Roos", "Kobe"]
        + ["Marie", "Lars", "Hanne", "Seppe", "Jana", "Tuur", "Olivia", "Arthur", "Nina", "Louis", "Febe"],
        ["nl"],
        ["", "", "", "", "", "vegetarisch"],
        16,
    ),
    (
        ["El Amrani", "Benali", "Bouzid", "El Khattabi", "Azzouzi", "Boukhari", "Ait Taleb", "Mokhtari", "Ouahabi"],
        ["Fatima", "Naima", "Karima", "Samira", "Latifa"],
        ["Mohamed", "Rachid", "Hicham", "Youssef"],
        ["Adam", "Yasmine", "Ilyas", "Amira", "Rayan", "Nour", "Imran", "Salma", "Aya", "Bilal", "Sara", "Anas"]
        + ["Zakaria", "Hiba", "Souhaib"],
        ["nl", "nl", "fr"],
        ["halal", "halal", "geen varkensvlees"],
        9,
    ),
    (
        ["Yılmaz", "Demir", "Kaya", "Şahin", "Çelik", "Aydın", "Öztürk"],
        ["Ayşe", "Elif", "Hatice", "Dilek"],
        ["Mehmet", "Emre", "Murat"],
        ["Emir", "Defne", "Yusuf", "Ecrin", "Kerem", "Miraç", "Eymen", "Asel", "Ömer"],
        ["nl"],
        ["halal", "geen varkensvlees", ""],
        5,
    ),
    (
        ["Petrov", "Dimitrova", "Georgiev", "Ivanova", "Stoyanov", "Angelova"],
        ["Radka", "Petya", "Desislava"],
        ["Milen", "Stoyan", "Georgi"],
        ["Viktor", "Daria", "Mila", "Kaloyan", "Boris", "Yoana", "Nikol", "Aleksandar"],
        ["en", "nl"],
        ["", "geen varkensvlees"],
        4,
    ),
    (
        ["Horváth", "Lakatošová", "Baloghová", "Kováč", "Rostás", "Oláh"],
        ["Zuzana", "Katarína", "Monika"],
        ["Marek", "Jozef"],
        ["Tomáš", "Lucia", "Nikolas", "Vanesa", "Kristián", "Sofia", "Dávid", "Natália"],
        ["en", "nl"],
        [""],
        3,
    ),
    (
        ["Rahimi", "Haidari", "Al Hassan", "Alshami", "Noorzai", "Hamdan"],
        ["Mariam", "Rania", "Zahra"],
        ["Ahmad", "Hasan", "Farid"],
        ["Sina", "Omar", "Yara", "Mustafa", "Maryam", "Ali", "Rahaf", "Hamid", "Zainab"],
        ["en", "fr"],
        ["halal"],
        4,
    ),
    (
        ["Mbala", "Kabongo", "Mukendi", "Okafor", "Diallo", "Tesfay"],
        ["Grace", "Esther", "Chantal", "Blessing", "Senait"],
        ["Joseph", "Emmanuel", "Yonas"],
        ["Merveille", "David", "Gloire", "Exaucé", "Divine", "Precious", "Mamadou", "Aminata", "Abel", "Saba"],
        ["fr", "en"],
        ["", "halal"],
        3,
    ),
    (
        ["Kovalenko", "Melnyk", "Shevchenko", "Bondarenko"],
        ["Olena", "Oksana", "Iryna"],
        ["Andriy", "Serhiy"],
        ["Sofiia", "Maksym", "Anna", "Artem", "Zlata"],
        ["en"],
        [""],
        2,
    ),
]
CHILDREN = 80
# How many children per age group (toddlers, middle group, big kids) and their
# age today in months: old enough for this year's holidays, young enough to stay.
AGE_BANDS = [(30, (36, 66)), (30, (74, 104)), (20, (110, 148))]
SOCIAL_TARIFF_SHARE = 0.4
ALLERGIES = [
    "Noten: epipen in de rugzak.",
    "Lactose: geen melk, wel lactosevrije yoghurt.",
    "Gluten (coeliakie).",
    "Bijensteken: epipen in de rugzak, meteen 112 bellen.",
]
MEDICAL = [
    ("Astma: puffer voor het sporten en bij benauwdheid.", "Ventolin-puffer, 2 pufjes met voorzetkamer."),
    ("Epilepsie: bij een aanval langer dan 5 minuten 112 bellen.", "Buccolam (midazolam) in de EHBO-kast."),
    ("Astma bij inspanning.", "Puffer zit in de rugzak."),
    ("Diabetes type 1: suiker meten voor het middageten.", "Insulinepen; mama komt 's middags langs."),
]
GPS = [
    ("Dr. Van Looy", "015 20 11 45"),
    ("Dr. Claes", "015 41 22 87"),
    ("Wijkgezondheidscentrum De Vaart", "015 33 66 90"),
    ("Huisartsenpraktijk Nekkerspoel", "015 27 81 30"),
    ("Dr. El Bakkali", "015 21 74 09"),
]
# (relationship, a woman, may pick the child up, call in an emergency): family
# of the same origin and name, or a neighbour from the street.
OTHER_CONTACTS = [
    ("oma", True, True, True),
    ("oma", True, True, False),
    ("opa", False, True, False),
    ("tante", True, True, True),
    ("nonkel", False, False, True),
    ("buurvrouw", True, True, False),
]
NEIGHBOURS = ["Greet Verhaegen", "Nadia Bouazza", "Ingrid Van Hoof", "Souad Benali", "Rita Dierckx"]
# (concern, what the social worker did: empty while open)
SIGNALS = [
    (
        "Komt al drie dagen zonder lunchpakket en eet op wat de anderen laten liggen. Vertelt dat er thuis "
        "'niks meer in de koelkast' is.",
        "Gesprek met mama: inkomen weggevallen na ontslag. Afspraak bij het Sociaal Huis gemaakt en aangemeld "
        "voor een badge van de sociale kruidenier.",
    ),
    ("Draagt elke dag dezelfde kleren, ook na de regen, en de schoenen zijn veel te klein. Erg stil in de groep.", ""),
    (
        "Zegt dat mama al een week ziek in bed ligt en dat hij 's avonds voor zijn zusje zorgt. Wordt door "
        "niemand opgehaald als het regent.",
        "",
    ),
]


@transaction.atomic
def seed_children(log=print):
    """After the households of programmes and groceries (each leaves the
    table alone once it has rows). Bookings and marks are written in bulk, as
    the desk would have left them: the rules in services/bookings.py refuse
    days in the past, and a season one by one would make seeding slow."""
    playground = PlaygroundPage.objects.filter(locale__language_code="nl").order_by("path").first()
    if playground is None:
        log("Playground children: no playground; skipped.")
        return
    if ChildProfile.objects.exists():
        log("Playground children: already there, left as they are.")
        return
    today = timezone.localdate()
    rng = random.Random(2850)  # noqa: S311 - the same demo every time, not a secret
    team = _team(playground)

    families = _families(rng, today)
    households = [_household(index, family, rng) for index, family in enumerate(families)]
    by_household = {}
    for person in Person.objects.filter(household__in=households, role=Person.Role.CHILD).order_by("pk"):
        by_household.setdefault(person.household_id, []).append(person)
    social = _social_households(households, by_household, rng)
    profiles, contacts = {}, []
    for household, family in zip(households, families, strict=True):
        children = by_household[household.pk]
        # The family eats the same and goes to the same doctor.
        diet, gp = rng.choice(family[0][5]), rng.choice(GPS)
        for child in children:
            profiles[child.pk] = child_profile(
                child, diet, household.pk in social, gp, len(profiles), rng, today, playground
            )
        contacts += _contacts(household, family, [profiles[child.pk] for child in children], rng)
    ChildProfile.objects.bulk_create(profiles.values())
    ChildContact.objects.bulk_create(contacts)
    children = [child for household in households for child in by_household[household.pk]]

    periods = list(playground.periods.order_by("first_day"))
    past = [period for period in periods if period.last_day < today][-2:]
    coming = next((period for period in periods if period.first_day > today), None)
    days = list(Session.objects.filter(programme=playground, status=Session.Status.SCHEDULED).order_by("starts_at"))
    season = _Season(playground, profiles, contacts, team, rng)
    for period in past:
        season.play([day for day in days if period.first_day <= day.local_date <= period.last_day], children)
    if coming is not None:
        season.book_ahead([day for day in days if coming.first_day <= day.local_date <= coming.last_day], children)
    Booking.objects.bulk_create(season.bookings)
    Attendance.objects.bulk_create(season.marks)
    AnimatorCount.objects.bulk_create(season.animator_counts())
    signals = _signals(playground, season, team)

    waiting = sum(booking.status == Booking.Status.WAITING for booking in season.bookings)
    log(
        f"Playground children: {len(children)} children in {len(households)} households with their profiles, "
        f"{len(season.bookings)} day bookings ({waiting} on a waiting list), {len(season.marks)} check-ins "
        f"in {', '.join(period.name.lower() for period in past)}, {len(signals)} signals."
    )


def _team(playground):
    """The demo's animator in the playground's animator team; who marks,
    counts and follows up."""
    role = settings.KANSEN_ROLE_GROUPS
    users = {
        key: get_user_model().objects.filter(groups__name=role[key]).order_by("pk").first()
        for key in ("animators", "coordinators", "social_workers")
    }
    team, _ = Group.objects.get_or_create(name="Animatoren De Speelvogel")
    # Play days and their day lists hang on the playground in the default language.
    PlaygroundPage.objects.filter(pk=playground.pk).update(animator_team=team)
    if users["animators"] is not None:
        users["animators"].groups.add(team)
    return users


def _families(rng, today):
    """(origin, contact's first name, last name, language, [(child's first name, birth date)]), until 80 children."""
    bands = [band for count, band in AGE_BANDS for _ in range(count)]
    rng.shuffle(bands)
    origins = [origin for origin in ORIGINS for _ in range(origin[-1])]
    rng.shuffle(origins)
    used, families = set(), []
    while bands:
        origin = origins[len(families) % len(origins)]
        last_names, mothers, fathers, first_names, languages = origin[:5]
        last = next((name for name in rng.sample(last_names, len(last_names)) if name not in used), None)
        if last is None:  # every name of this origin taken: a second family of the same name
            last = rng.choice(last_names)
        used.add(last)
        children = []
        for name in rng.sample(first_names, min(rng.choice([1, 1, 1, 2, 2, 2, 3]), len(bands))):
            low, high = bands.pop()
            born = today - datetime.timedelta(days=round(rng.randint(low, high) * 30.44) + rng.randint(0, 20))
            children.append((name, born))
        contact = rng.choice(mothers if rng.random() < 0.8 else fathers)
        families.append((origin, contact, last, rng.choice(languages), children))
    return families


def _social_households(households, by_household, rng):
    """Households on the social tariff, until about 40 % of the children are."""
    social, children = set(), 0
    for household in rng.sample(households, len(households)):
        if children >= round(CHILDREN * SOCIAL_TARIFF_SHARE):
            break
        social.add(household.pk)
        children += len(by_household[household.pk])
    return social


def _ascii(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if c.isascii() and c.isalpha())


def _household(index, family, rng):
    _origin, contact, last, language, children = family
    return create_household(
        contact_name=f"{contact} {last}",
        phone=f"0468 {30 + index:02d} {(11 + 3 * index) % 90 + 10:02d} {(70 + index) % 90 + 10:02d}",
        email=f"{_ascii(contact)}.{_ascii(last)}@example.be" if index % 3 else "",
        language=language,
        postcode=rng.choice(["2800", "2800", "2800", "2801", "2811", "2812"]),
        referred=index % 4 == 0,
        source=Household.Source.ONLINE if index % 3 else Household.Source.DESK,
        members=[NewPerson(first_name=contact, last_name=last, is_contact=True)]
        + [NewPerson(first_name=name, last_name=last, birth_date=born) for name, born in children],
    )


def child_profile(child, diet, social, gp, index, rng, today, playground):
    medical, medication = MEDICAL[index // 20 % len(MEDICAL)] if index % 20 == 7 else ("", "")
    old_enough = (today - child.birth_date).days >= playground.home_alone_from_age * 365.25
    return ChildProfile(
        child=child,
        diet=diet,
        allergies=ALLERGIES[index // 13 % len(ALLERGIES)] if index % 13 == 3 else "",
        medical_notes=medical,
        medication=medication,
        gp_name=gp[0],
        gp_phone=gp[1],
        photo_consent=rng.random() < 0.85,
        may_go_home_alone=old_enough and rng.random() < 0.5,
        uitpas_number=f"41102{rng.randint(10**7, 10**8 - 1)}" if social or rng.random() < 0.15 else "",
        social_tariff=social,
    )


def _contacts(household, family, profiles, rng):
    """The parent who registered, often the other parent, now and then a
    grandmother, a neighbour or an aunt: the same for brothers and sisters."""
    origin, contact, last = family[:3]
    mother = contact in origin[1]
    people = [(household.contact_name, "mama" if mother else "papa", household.phone, True, True)]
    if rng.random() < 0.55:
        other = rng.choice(origin[2] if mother else origin[1])
        people.append((f"{other} {last}", "papa" if mother else "mama", _phone(rng), True, True))
    if rng.random() < 0.45:
        relationship, woman, may_pick_up, emergency = rng.choice(OTHER_CONTACTS)
        taken = {name.split(" ", 1)[0] for name, *_rest in people}
        first_names = [name for name in origin[1 if woman else 2] if name not in taken]
        name = rng.choice(NEIGHBOURS) if relationship == "buurvrouw" else f"{rng.choice(first_names)} {last}"
        people.append((name, relationship, _phone(rng), may_pick_up, emergency))
    return [
        ChildContact(
            profile=profile, name=name, relationship=relation, phone=phone, may_pick_up=pick_up, emergency=emergency
        )
        for profile in profiles
        for name, relation, phone, pick_up, emergency in people
    ]


def _phone(rng):
    return f"04{rng.randint(70, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


class _Season:
    """Bookings, marks and animators of the holidays, in memory until the bulk writes."""

    def __init__(self, playground, profiles, contacts, team, rng):
        self.playground, self.profiles, self.team, self.rng = playground, profiles, team, rng
        self.groups = list(playground.age_groups.all())
        self.zone = ZoneInfo(settings.TIME_ZONE)
        # In the words the Dutch desk would have written.
        with translation.override("nl"):
            self.went_home_alone = went_home_alone()
        self.pickers = {}
        for contact in contacts:
            if contact.may_pick_up:
                self.pickers.setdefault(contact.profile.child_id, []).append(picked_up_by_text(contact))
        self.bookings, self.marks = [], []
        self.taken = {}  # (play day, age group): confirmed bookings
        self.present = {}  # (play day, age group): children checked in
        self.overrides = 2  # someone not on the list picked the child up, after a call

    def group_for(self, child, day):
        months = age_in_months(child.birth_date, day.local_date)
        return next((group for group in self.groups if group.takes(months)), None)

    def book(self, day, child, *, source=None, waiting_since=None, paid=False):
        group = self.group_for(child, day)
        if group is None:
            return None
        profile, rng = self.profiles[child.pk], self.rng
        tariff = Booking.Tariff.SOCIAL if profile.social_tariff else Booking.Tariff.NORMAL
        source = source or (Booking.Source.ONLINE if rng.random() < 0.7 else Booking.Source.DESK)
        full = self.taken.get((day.pk, group.pk), 0) >= group.capacity
        if not full:
            self.taken[day.pk, group.pk] = self.taken.get((day.pk, group.pk), 0) + 1
        booking = Booking(
            play_day=day,
            child=child,
            age_group=group,
            status=Booking.Status.WAITING if full else Booking.Status.CONFIRMED,
            waiting_since=(waiting_since or timezone.now()) if full else None,
            tariff=tariff,
            price=self.playground.social_tariff if profile.social_tariff else self.playground.price,
            meal=rng.random() < 0.9,
            source=source,
            booked_by=self.team["coordinators"] if source != Booking.Source.ONLINE else None,
            paid=paid,
        )
        self.bookings.append(booking)
        return booking

    def play(self, days, children):
        """A past holiday: who booked which days, who came, who walked in, who took them home."""
        weeks = {}
        for day in days:
            weeks.setdefault(day.local_date.isocalendar()[:2], []).append(day)
        weeks = list(weeks.values())
        wanted = {day.pk: [] for day in days}
        for child in children:
            if self.rng.random() > (0.85 if len(weeks) > 2 else 0.65):
                continue
            for week in self.rng.sample(weeks, min(len(weeks), self.rng.randint(2, 5))):
                for day in week:
                    if self.rng.random() < 0.8:
                        wanted[day.pk].append(child)
        for day in days:
            booked = set()
            for child in wanted[day.pk]:
                booking = self.book(day, child, paid=self.rng.random() < 0.93)
                if booking is not None:
                    booked.add(child.pk)
                    self.check(day, booking)
            for child in self.rng.sample(children, self.rng.choice([0, 0, 1, 1, 2])):
                if child.pk not in booked:
                    booking = self.book(day, child, source=Booking.Source.WALK_IN, paid=True)
                    if booking is not None:
                        self.check(day, booking, walk_in=True)

    def check(self, day, booking, *, walk_in=False):
        """The mark of a booked child: mostly checked in and out, sometimes not there."""
        if booking.status != Booking.Status.CONFIRMED:
            return
        rng, animator = self.rng, self.team["animators"] or self.team["coordinators"]
        chance = 1 if walk_in else rng.random()
        if chance < 0.08:
            status = Attendance.Status.ABSENT if chance < 0.05 else Attendance.Status.EXCUSED
            self.marks.append(Attendance(session=day, person=booking.child, status=status, recorded_by=animator))
            return
        arrived = datetime.datetime.combine(day.local_date, datetime.time(8, 30), self.zone)
        arrived += datetime.timedelta(minutes=rng.randint(0, 60))
        left = datetime.datetime.combine(day.local_date, datetime.time(16), self.zone)
        left += datetime.timedelta(minutes=rng.randint(0, 60))
        self.marks.append(
            Attendance(
                session=day,
                person=booking.child,
                status=Attendance.Status.PRESENT,
                checked_in_at=arrived,
                checked_out_at=left,
                recorded_by=animator,
            )
        )
        key = (day.pk, booking.age_group_id)
        self.present[key] = self.present.get(key, 0) + 1
        booking.checked_out_by = animator
        if self.profiles[booking.child_id].may_go_home_alone and rng.random() < 0.6:
            booking.picked_up_by = self.went_home_alone
        elif self.overrides and rng.random() < 0.01:
            self.overrides -= 1
            booking.picked_up_by = "Hanane Tahiri"
            booking.pickup_override = "Mama belde om 15 uur: een vriendin haalt vandaag op. Identiteitskaart gezien."
        else:
            booking.picked_up_by = rng.choice(self.pickers[booking.child_id])

    def book_ahead(self, days, children):
        """The next holiday: families book as it suits them, and on its first
        two days every toddler wants to come: those are full, with a waiting list."""
        now = timezone.now()
        toddlers = self.groups[0]
        for number, day in enumerate(days[:2]):
            eager = [child for child in children if self.group_for(child, day) == toddlers]
            self.rng.shuffle(eager)
            for index, child in enumerate(eager):
                since = now - datetime.timedelta(days=20 - number, minutes=-7 * index)
                self.book(day, child, waiting_since=since, paid=self.rng.random() < 0.3)
        booked = {(booking.play_day_id, booking.child_id) for booking in self.bookings}
        for child in children:
            if self.rng.random() < 0.45:
                for day in self.rng.sample(days, min(len(days), self.rng.randint(2, 5))):
                    if (day.pk, child.pk) not in booked:
                        self.book(day, child, paid=self.rng.random() < 0.3)

    def animator_counts(self):
        """The animators the coordinator counted: enough for the ratio, now and then one short."""
        groups = {group.pk: group for group in self.groups}
        counts = []
        for (day_pk, group_pk), children in self.present.items():
            needed = groups[group_pk].animators_needed(children)
            short = needed > 1 and self.rng.random() < 0.12
            counts.append(
                AnimatorCount(
                    play_day_id=day_pk,
                    age_group_id=group_pk,
                    animators=needed - short,
                    updated_by=self.team["coordinators"],
                )
            )
        return counts


def _signals(playground, season, team):
    """Concerns the animator and the coordinator noted about children on the
    social tariff who came often; the first one is followed up."""
    came = {}
    for mark in season.marks:
        if mark.status == Attendance.Status.PRESENT and season.profiles[mark.person_id].social_tariff:
            came.setdefault(mark.person_id, []).append(mark)
    regulars = sorted(came, key=lambda pk: (-len(came[pk]), pk))[: len(SIGNALS)]
    signals = []
    for number, (child_pk, (concern, follow_up)) in enumerate(zip(regulars, SIGNALS, strict=False)):
        noticed = came[child_pk][-1].checked_out_at
        author = team["animators"] if number < 2 else team["coordinators"]
        signal = Signal.objects.create(
            child_id=child_pk,
            playground=playground,
            concern=concern,
            author=author or team["coordinators"],
            followed_up_at=noticed + datetime.timedelta(days=3) if follow_up else None,
            followed_up_by=team["social_workers"] if follow_up else None,
            follow_up_note=follow_up,
        )
        Signal.objects.filter(pk=signal.pk).update(created_at=noticed)
        signals.append(signal)
    return signals
