"""Demo households: Flemish families and newcomers, registered through the
same rules as real ones (services.enrolment), so that the desk, the waiting
lists and the groups show something real. Run after programmes.demo."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from programmes.models import Household, ProgrammePage, Registration, Session
from programmes.services import enrolment
from programmes.services.households import NewPerson, create_household

# (contact first name, last name, language, postcode, e-mail?, children (first name, age in years))
FAMILIES = [
    ("Sarah", "Peeters", "nl", "2800", True, [("Lena", 7), ("Finn", 4)]),
    ("Jonas", "Janssens", "nl", "2800", True, [("Noor", 9)]),
    ("Fatima", "El Idrissi", "nl", "2800", True, [("Yasmine", 8), ("Adam", 11)]),
    ("Radka", "Petrova", "fr", "2800", True, [("Mila", 7)]),
    ("Milen", "Dimitrov", "en", "2801", False, [("Viktor", 10), ("Daria", 6)]),
    ("Zuzana", "Horváthová", "en", "2800", True, [("Tomáš", 8)]),
    ("Katarína", "Lakatošová", "nl", "2800", False, [("Lucia", 9), ("Marek", 6)]),
    ("Mariam", "Bakri", "fr", "2811", True, [("Omar", 12)]),
    ("Ahmad", "Rahimi", "en", "2800", False, [("Sina", 7)]),
    ("Elif", "Yıldız", "nl", "2800", True, [("Emir", 10)]),
    ("Kevin", "Maes", "nl", "2812", True, [("Lotte", 8)]),
    ("Nathalie", "Dubois", "fr", "2800", True, [("Louis", 11), ("Chloé", 6)]),
    ("Olena", "Kovalenko", "en", "2801", True, [("Sofiia", 9)]),
    ("Aylin", "Demir", "nl", "2800", False, [("Yusuf", 7)]),
    ("Samira", "Ouali", "fr", "2800", True, [("Ilyas", 8), ("Hiba", 12)]),
    ("Ionela", "Popescu", "en", "2811", True, [("Andrei", 10)]),
    ("Grace", "Okafor", "en", "2800", True, [("David", 6)]),
    ("Joseph", "Mbala", "fr", "2800", False, [("Merveille", 9)]),
    ("Ilse", "Mertens", "nl", "2812", True, [("Jules", 7)]),
    ("Anouk", "Van den Broeck", "nl", "2800", True, [("Roos", 10)]),
    ("Petya", "Georgieva", "en", "2800", True, []),
    ("Desislava", "Ivanova", "nl", "2801", False, []),
    ("Monika", "Baloghová", "nl", "2800", True, []),
    ("Hanan", "Aziz", "fr", "2800", True, []),
]

# The address is optional (only the playground's tax certificate prints it):
# most families gave one, every fifth did not. Streets per postcode; the city
# is the part of Mechelen that postcode belongs to.
STREETS = {
    "2800": [
        "Adegemstraat",
        "Nekkerspoelstraat",
        "Battelsesteenweg",
        "Tervuursesteenweg",
        "IJzerenleen",
        "Brusselpoortstraat",
        "Koningin Astridlaan",
        "Liersesteenweg",
        "Sint-Katelijnestraat",
        "Hanswijkstraat",
    ],
    "2801": ["Kerkstraat", "Molenstraat"],
    "2811": ["Molenstraat", "Kerkstraat"],
    "2812": ["Leuvensesteenweg", "Kerkstraat"],
}
CITIES = {"2800": "Mechelen", "2801": "Heffen", "2811": "Hombeek", "2812": "Muizen"}


def address(postcode, index):
    """(street and number, city) of the `index`th family, or blanks."""
    if index % 5 == 4:
        return "", ""
    streets = STREETS[postcode]
    return f"{streets[index % len(streets)]} {3 + (index * 7) % 60}", CITIES[postcode]


def seed(log=print):
    if Household.objects.exists():
        log("Households: already there, left as they are.")
        return
    programmes = {p.slug: p for p in ProgrammePage.objects.filter(locale__language_code="nl").specific()}
    if not programmes:
        log("Households: no programmes to register for; skipped.")
        return
    today = timezone.localdate()
    rng = random.Random(2800)  # noqa: S311 - the same demo every time, not a secret
    with transaction.atomic():
        households = [_household(family, index, today) for index, family in enumerate(FAMILIES)]
        registrations = _register(households, programmes, rng)
        members = _groups(households, programmes)
        _duplicate(households[3])
    waiting = Registration.objects.waiting().count()
    log(
        f"Households: {len(households) + 1} households (one flagged as a possible duplicate), "
        f"{registrations} registrations ({waiting} on a waiting list), {members} group members."
    )


def _household(family, index, today):
    first, last, language, postcode, has_email, children = family
    street, city = address(postcode, index)
    return create_household(
        contact_name=f"{first} {last}",
        phone=f"04{70 + index % 9} {12 + index:02d} {34 + index:02d} {56 - index:02d}",
        email=f"{first.lower()}.{last.lower().replace(' ', '')}@example.be" if has_email else "",
        language=language,
        street=street,
        postcode=postcode,
        city=city,
        referred=index % 4 == 0,
        source=Household.Source.ONLINE if has_email else Household.Source.DESK,
        members=[NewPerson(first_name=first, last_name=last, is_contact=True)]
        + [
            NewPerson(
                first_name=child,
                last_name=last,
                birth_date=today.replace(year=today.year - age) - datetime.timedelta(days=40 + 17 * index),
            )
            for child, age in children
        ],
    )


def _next_sessions(programme, count):
    return list(
        Session.objects.filter(programme=programme, starts_at__gt=timezone.now())
        .scheduled()
        .order_by("starts_at")[:count]
    )


def _register(households, programmes, rng):
    count = 0
    sewing = programmes.get("naailes-voor-ouders")
    for programme in programmes.values():
        if programme.registration_mode != "per_session":
            continue
        sessions = _next_sessions(programme, 3)
        for number, session in enumerate(sessions):
            # The sewing workshop's next session is full with a waiting list;
            # the others fill up less as they are further away.
            wanted = len(households) if programme == sewing and number == 0 else rng.randint(2, 6)
            for household in rng.sample(households, min(wanted, len(households))):
                people = [
                    m
                    for m in household.members.all()
                    if (m.is_child and programme.for_children) or (m.is_contact and programme.for_parents)
                ]
                try:
                    enrolment.register(
                        session,
                        household,
                        people,
                        source=household.source,
                    )
                except enrolment.EnrolmentError:
                    continue  # too young, too old, already there: the rules said no
                count += 1
                if programme == sewing and Registration.objects.filter(session=session).waiting().count() >= 3:
                    break
    return count


def _groups(households, programmes):
    members = 0
    groups = [p for p in programmes.values() if p.registration_mode == "membership"]
    for group_number, group in enumerate(groups):
        for number, household in enumerate(households[group_number::3][:7]):
            people = [m for m in household.members.all() if m.is_contact or (m.is_child and group.for_children)]
            try:
                membership = enrolment.apply_for_membership(group, household, people, source=household.source)
            except enrolment.EnrolmentError:
                continue
            if number < 5:  # the last ones are still waiting for an answer
                enrolment.accept_membership(membership, by=None)
                members += 1
    return members


def _duplicate(household):
    """The same mother, registered again at the desk by phone: flagged for a merge."""
    create_household(
        contact_name=household.contact_name,
        phone=household.phone.replace(" ", ""),
        language=household.language,
        postcode=household.postcode,
        source=Household.Source.DESK,
        members=[NewPerson(first_name=household.contact_name.split()[0], is_contact=True)],
    )
