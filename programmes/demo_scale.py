"""Benchmark-sized demo data for programmes: the building blocks of one
"municipality copy" (`seed_demo --scale N`, website/demo/scale.py).

A copy is a neighbouring town the social service also works for: its own
venues, about fifty programmes with a year of history and a year ahead,
about a thousand households, their registrations, group memberships and
attendance. Everything is written with bulk_create in large batches; the
programme pages are real live Wagtail pages (added to the tree and the search
index, without a revision each: publishing a thousand revisions is what makes
seeding slow). Sessions are exactly those the schedule rules plan
(`ProgrammePage.planned_sessions`, the same keys regeneration uses), so a
later regeneration finds them all and adds none.

The pages are in Dutch only: a translation is the same programme in another
language, and the finder shows the Dutch page where there is none.
"""

import datetime
import random
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from programmes.demo import history_start
from programmes.models import (
    CONSENT_TEXTS,
    Attendance,
    Consent,
    Household,
    Kind,
    Membership,
    Person,
    Preset,
    ProgrammePage,
    Registration,
    RegistrationMode,
    RollCall,
    ScheduleRule,
    Session,
    Venue,
)
from programmes.models.people import age_in_months, digits

BATCH = 2000
HORIZON_DAYS = 365

# Towns around Mechelen: (name, postcode, latitude, longitude). A copy's
# marker is its place's slug, the suffix of all its pages' slugs.
PLACES = [
    ("Willebroek", "2830", "51.0604", "4.3601"),
    ("Bonheiden", "2820", "51.0222", "4.5430"),
    ("Duffel", "2570", "51.0950", "4.4920"),
    ("Sint-Katelijne-Waver", "2860", "51.0670", "4.5330"),
    ("Putte", "2580", "51.0540", "4.6310"),
    ("Lier", "2500", "51.1310", "4.5700"),
    ("Boom", "2850", "51.0890", "4.3660"),
    ("Puurs", "2870", "51.0750", "4.2880"),
    ("Bornem", "2880", "51.0970", "4.2430"),
    ("Heist-op-den-Berg", "2220", "51.0760", "4.7270"),
    ("Berlaar", "2590", "51.1170", "4.6570"),
    ("Rumst", "2840", "51.0800", "4.4230"),
    ("Zemst", "1980", "50.9830", "4.4620"),
    ("Kampenhout", "1910", "50.9420", "4.5510"),
    ("Haacht", "3150", "50.9770", "4.6380"),
    ("Keerbergen", "3140", "51.0020", "4.6320"),
    ("Boortmeerbeek", "3190", "50.9800", "4.5750"),
    ("Herent", "3020", "50.9080", "4.6720"),
    ("Kortenberg", "3070", "50.8820", "4.5410"),
    ("Vilvoorde", "1800", "50.9280", "4.4250"),
    ("Machelen", "1830", "50.9100", "4.4450"),
    ("Grimbergen", "1850", "50.9350", "4.3720"),
    ("Kapelle-op-den-Bos", "1880", "51.0110", "4.3630"),
    ("Londerzeel", "1840", "51.0040", "4.3000"),
    ("Mortsel", "2640", "51.1700", "4.4570"),
    ("Kontich", "2550", "51.1340", "4.4460"),
    ("Edegem", "2650", "51.1550", "4.4460"),
    ("Hove", "2540", "51.1540", "4.4710"),
    ("Boechout", "2530", "51.1600", "4.4970"),
    ("Ranst", "2520", "51.1900", "4.5610"),
    ("Nijlen", "2560", "51.1610", "4.6700"),
    ("Tremelo", "3120", "51.0000", "4.7060"),
    ("Rotselaar", "3110", "50.9530", "4.7160"),
    ("Niel", "2845", "51.1100", "4.3330"),
    ("Hemiksem", "2620", "51.1450", "4.3420"),
    ("Schelle", "2627", "51.1260", "4.3400"),
    ("Aartselaar", "2630", "51.1330", "4.3840"),
    ("Lint", "2547", "51.1260", "4.4940"),
    ("Steenokkerzeel", "1820", "50.9180", "4.5080"),
    ("Zaventem", "1930", "50.8840", "4.4730"),
]
# Past the list, the towns come back as parts of town.
QUARTERS = ["Noord", "Zuid", "Oost", "West", "Centrum"]


@dataclass(frozen=True)
class Copy:
    number: int  # 1 for the first extra copy (the normal demo is copy 0)
    place: str  # the town, or a part of it
    town: str
    postcode: str
    latitude: Decimal
    longitude: Decimal

    @property
    def key(self):
        """The copy's stable marker: the slug suffix of all its pages."""
        return slugify(self.place)

    def rng(self, salt):
        # The same copy looks the same every time it is built.
        return random.Random(f"{self.key}:{salt}")  # noqa: S311 - demo data, not a secret


def copy(number):
    """The `number`th extra copy (1, 2, …): a town from the list, then its parts."""
    name, postcode, latitude, longitude = PLACES[(number - 1) % len(PLACES)]
    place, round_ = name, (number - 1) // len(PLACES)
    if round_:
        quarter = QUARTERS[(round_ - 1) % len(QUARTERS)]
        extra = (round_ - 1) // len(QUARTERS)
        place = f"{name}-{quarter}" + (f" {extra + 1}" if extra else "")
    return Copy(number, place, name, postcode, Decimal(latitude), Decimal(longitude))


def exists(place_copy, finder):
    """Whether this copy was built: its pages carry its marker as slug suffix."""
    return ProgrammePage.objects.child_of(finder).filter(slug__endswith=f"-{place_copy.key}").exists()


def page_slug(title, place_copy):
    """The page's slug, ending in the copy's marker (most titles end in the place already)."""
    slug = slugify(title)
    return slug if slug.endswith(f"-{place_copy.key}") else f"{slug}-{place_copy.key}"


# ---------------------------------------------------------------- venues

STREETS = [
    "Kerkstraat",
    "Stationsstraat",
    "Dorpsstraat",
    "Molenstraat",
    "Schoolstraat",
    "Nieuwstraat",
    "Kapelstraat",
    "Lindenlaan",
    "Mechelsesteenweg",
    "Kloosterstraat",
    "Marktplein",
    "Beekstraat",
]
COMMUNITY_CENTRES = ["De Schakel", "'t Pleintje", "De Brug", "Het Anker", "De Linde", "De Sleutel", "Den Hoek"]
SCHOOLS = ["De Regenboog", "Sint-Jozef", "'t Klavertje", "De Knipoog", "Het Kompas", "De Vlinder", "De Wegwijzer"]
SPORTS_HALLS = ["De Dijk", "Den Uyt", "De Meersen", "Het Sportoase", "De Vijvers"]

VENUE_KINDS = {
    # key: (name, accessibility)
    "buurthuis": (
        lambda n, place: f"Buurthuis {COMMUNITY_CENTRES[n % len(COMMUNITY_CENTRES)]}",
        "Alles gelijkvloers, brede deuren en een aangepast toilet. Plaats voor kinderwagens in de gang.",
    ),
    "sociaal_huis": (
        lambda n, place: f"Sociaal Huis {place}",
        "Lift naast het onthaal en een aangepast toilet op het gelijkvloers.",
    ),
    "school": (
        lambda n, place: f"Basisschool {SCHOOLS[n % len(SCHOOLS)]}, refter",
        "Ingang via de poort van de speelplaats. Eén trede aan de refter: vraag gerust de oprijplaat.",
    ),
    "bibliotheek": (
        lambda n, place: f"Bibliotheek {place}",
        "De kinderafdeling is op het gelijkvloers; kinderwagens mogen mee naar binnen.",
    ),
    "sporthal": (
        lambda n, place: f"Sporthal {SPORTS_HALLS[n % len(SPORTS_HALLS)]}",
        "Rolstoeltoegankelijk, kleedkamers met douche. Parking voor fietsen aan de ingang.",
    ),
    "kruidenier": (
        lambda n, place: f"Sociale kruidenier {place}",
        "Gelijkvloers en rolstoeltoegankelijk. Je kan je fiets of boodschappenkar kwijt in de binnenkoer.",
    ),
}


def build_venues(place_copy):
    """The copy's venues, by key. Their neighbourhood is the town: the finder's
    place filter shows one line per town."""
    venues = {}
    for index, (key, (name, accessibility)) in enumerate(VENUE_KINDS.items()):
        venues[key] = Venue(
            name=name(place_copy.number, place_copy.place),
            street=STREETS[(place_copy.number * 3 + index) % len(STREETS)],
            number=str(4 + (place_copy.number * 7 + index * 13) % 180),
            postcode=place_copy.postcode,
            city=place_copy.town,
            neighbourhood=place_copy.place,
            latitude=place_copy.latitude + Decimal(index) / 1000,
            longitude=place_copy.longitude + Decimal(index) / 1000,
            accessibility_notes=accessibility,
        )
    Venue.objects.bulk_create(venues.values())
    return venues


# ---------------------------------------------------------------- pages


def add_live_page(parent, page, *, now=None):
    """A page added live without a revision: what publishing leaves on the
    page row (live, dates, no unpublished changes), without its log entry,
    its revision and its `page_published` signal (whose receiver would plan
    the sessions that the caller writes in bulk)."""
    now = now or timezone.now()
    page.live = True
    page.has_unpublished_changes = False
    page.first_published_at = page.last_published_at = now
    return parent.add_child(instance=page)


def plan_sessions(programmes, today):
    """Unsaved sessions of `programmes` from the start of the demo's history
    (a year ago) to a year ahead, as regeneration would plan them."""
    start = history_start(today)
    end = today + datetime.timedelta(days=HORIZON_DAYS)
    sessions = []
    for programme in programmes:
        for key, fields in programme.planned_sessions(start, end).items():
            sessions.append(Session(programme=programme, original_start=key, **fields))
    return sessions


def t(hour, minute=0):
    return datetime.time(hour, minute)


# The programmes of a town. Per programme: title (a name from the list is
# picked per town), fields, schedule (weekdays rotate per town), intro.
# Schedule: (preset, weekdays options, nths, start, end, extra rule fields).
W, M, ONE, BETWEEN = Preset.WEEKLY, Preset.MONTHLY, Preset.ONE_OFF, Preset.WEEKDAYS_BETWEEN
PARENTS = {"for_parents": True}
WALK_IN = {"registration_mode": RegistrationMode.WALK_IN}
GROUP = {"registration_mode": RegistrationMode.MEMBERSHIP}
PER_SESSION = {"registration_mode": RegistrationMode.PER_SESSION}


def children(low, high, **extra):
    return {"for_children": True, "min_age_months": low, "max_age_months": high, **extra}


def paid(price, social):
    return {"price": Decimal(price), "social_tariff": Decimal(social)}


NO_SUMMER = {"excluded_months": "7,8"}
TERM_TIME = {"skip_school_holidays": True}
OUTDOOR = {"excluded_months": "11,12,1,2"}

PROGRAMMES = [
    (
        ["Ouderontbijt Het Nest", "Ouderontbijt 't Koffiekot", "Ouderontbijt De Tafel"],
        {"kind": Kind.MEETUP, **PARENTS, **WALK_IN, "languages": ["nl", "fr", "ar"], "venue": "buurthuis"},
        (M, ["WE", "TU", "FR"], "1", t(9), t(11), NO_SUMMER),
        "Elke maand ontbijten ouders van jonge kinderen samen en praten ze over opvoeden, slapen en school. "
        "Gratis, zonder inschrijven. Een medewerker van Kind en Gezin is erbij.",
    ),
    (
        ["Koffieochtend voor ouders"],
        {"kind": Kind.MEETUP, **PARENTS, **WALK_IN, "languages": ["nl"], "venue": "school"},
        (M, ["FR", "MO"], "1", t(8, 45), t(10), TERM_TIME),
        "Elke maand, na het brengen naar school: een tas koffie met andere ouders en de brugfiguur van de school.",
    ),
    (
        ["Taalcafé Nederlands"],
        {"kind": Kind.MEETUP, **PARENTS, **WALK_IN, "languages": ["nl"], "venue": "bibliotheek"},
        (M, ["TU", "WE"], "2,4", t(19), t(20, 30), NO_SUMMER),
        "Twee keer per maand Nederlands oefenen in een gewoon gesprek, met vrijwilligers en andere ouders. Elk niveau is welkom.",
    ),
    *[
        (
            [f"Oudergroep {language}"],
            {
                "kind": Kind.GROUP,
                **PARENTS,
                **GROUP,
                "default_capacity": 24 if nths == "" else 22,
                "languages": [code, "nl"],
                "venue": venue,
            },
            (W if nths == "" else M, weekdays, nths, start, end, TERM_TIME),
            f"{'Elke week' if nths == '' else 'Twee keer per maand'} praten {speakers} ouders samen over school, huiswerk en de brieven van de school. "
            "Een tolk vertaalt.",
        )
        # The older groups meet every week, the newer ones twice a month.
        for language, code, speakers, nths, weekdays, start, end, venue in [
            ("Bulgaars", "bg", "Bulgaarstalige", "", ["TU", "WE"], t(13, 30), t(15), "sociaal_huis"),
            ("Slovaaks", "sk", "Slovaakstalige", "", ["TH", "FR"], t(9), t(10, 30), "school"),
            ("Arabisch", "ar", "Arabischtalige", "", ["MO", "TU"], t(13, 30), t(15), "buurthuis"),
            ("Roemeens", "ro", "Roemeenstalige", "1,3", ["WE", "TH"], t(9), t(10, 30), "sociaal_huis"),
            ("Oekraïens", "uk", "Oekraïenstalige", "1,3", ["FR", "MO"], t(13), t(14, 30), "bibliotheek"),
            ("Turks", "tr", "Turkstalige", "", ["TH", "TU"], t(13, 30), t(15), "buurthuis"),
            ("Dari en Pasjtoe", "prs", "Afghaanse", "1,3", ["MO", "WE"], t(9, 30), t(11), "sociaal_huis"),
            ("Tigrinya", "ti", "Eritrese", "1,3", ["TU", "FR"], t(14), t(15, 30), "buurthuis"),
        ]
    ],
    (
        ["Wandelgroep Mama's in beweging"],
        {"kind": Kind.GROUP, **PARENTS, **GROUP, "languages": ["nl", "ar", "tr"], "venue": "buurthuis"},
        (W, ["MO", "TH"], "", t(9, 15), t(10, 30), TERM_TIME),
        "Elke week een uur stevig wandelen met andere mama's, daarna een tas thee. Kinderwagens mogen mee.",
    ),
    (
        ["Huiswerkklas lager onderwijs"],
        {"kind": Kind.GROUP, **children(72, 155), **GROUP, "default_capacity": 32, "languages": ["nl"]}
        | {"venue": "school"},
        (W, ["MO,TH", "TU,TH"], "", t(15, 45), t(17), TERM_TIME),
        "Twee keer per week maken kinderen van het lager hier samen hun huiswerk, met vrijwilligers die helpen.",
    ),
    (
        ["Huiswerkbegeleiding secundair"],
        {"kind": Kind.GROUP, **children(144, 215), **GROUP, "default_capacity": 16, "languages": ["nl"]}
        | {"venue": "bibliotheek"},
        (W, ["WE", "TU"], "", t(16, 30), t(18), TERM_TIME),
        "Elke week plannen jongeren uit het secundair hun week, studeren voor toetsen en krijgen uitleg bij wiskunde.",
    ),
    (
        ["Kindergroep De Rakkers", "Kindergroep De Bengels", "Kindergroep De Kriebels"],
        {"kind": Kind.GROUP, **children(60, 131), **PER_SESSION, "default_capacity": 24, "languages": ["nl"]}
        | {"venue": "buurthuis"},
        (W, ["WE"], "", t(14), t(16), TERM_TIME),
        "Elke woensdagnamiddag spelen, knutselen en bewegen met andere kinderen, met ervaren begeleiders.",
    ),
    (
        ["Tienerwerking De Plek", "Tienerwerking De Bunker", "Tienerwerking Jeugdhuis"],
        {"kind": Kind.MEETUP, **children(144, 191), **WALK_IN, "languages": ["nl"], "venue": "buurthuis"},
        (M, ["FR", "SA"], "2", t(18, 30), t(21), {}),
        "Elke maand een avond voor tieners om af te spreken: kicker, muziek, koken en af en toe een uitstap.",
    ),
    (
        ["Voorleesuurtje"],
        {"kind": Kind.MEETUP, **children(36, 83), **WALK_IN, "languages": ["nl", "ar", "tr"]}
        | {"venue": "bibliotheek"},
        (M, ["SA", "WE"], "1", t(10, 30), t(11, 15), {}),
        "Elke maand lezen we voor aan kleuters in de bibliotheek. Gratis en zonder inschrijven.",
    ),
    (
        ["Peuterspeelpunt"],
        {"kind": Kind.GROUP, **children(18, 41, for_parents=True), **GROUP, "default_capacity": 24}
        | {"languages": ["nl", "fr"]}
        | {"venue": "buurthuis"},
        (W, ["TU", "TH"], "", t(9), t(11, 30), TERM_TIME),
        "Peuters spelen samen terwijl mama of papa erbij blijft. Een fijne voorbereiding op de kleuterschool; "
        "je schrijft je één keer in en komt elke week.",
    ),
    (
        ["Babymassage"],
        {"kind": Kind.GROUP, **PARENTS, **PER_SESSION, "default_capacity": 8, "languages": ["nl", "en"]}
        | {"venue": "sociaal_huis"},
        (ONE, [], "", t(9, 30), t(10, 30), {"series_from_days": [-120, 14, 200]}),
        "Op vier ochtenden leer je je baby masseren, samen met andere ouders. Inschrijven voor de hele reeks.",
    ),
    (
        ["Mama-babyzwemmen"],
        {"kind": Kind.GROUP, **PARENTS, **PER_SESSION, "default_capacity": 10, **paid("3.00", "1.00")}
        | {"languages": ["nl"], "venue": "sporthal"},
        (W, ["SA"], "", t(9), t(10), TERM_TIME),
        "Samen met je baby in het warme water, met een lesgever. Met UiTPAS betaal je het kansentarief.",
    ),
    (
        ["Naailes voor ouders"],
        {"kind": Kind.GROUP, **PARENTS, **PER_SESSION, "default_capacity": 6, **paid("2.00", "0.50")}
        | {"languages": ["nl", "ar", "fr"], "venue": "buurthuis"},
        (W, ["MO", "TU"], "", t(9), t(11, 30), TERM_TIME),
        "Leer naaien op een naaimachine: een broek korter maken, een rits vervangen, een tas maken.",
    ),
    (
        ["Kookatelier Gezond en goedkoop"],
        {"kind": Kind.GROUP, **PARENTS, **PER_SESSION, "default_capacity": 10, **paid("3.00", "1.00")}
        | {"languages": ["nl", "fr"], "venue": "buurthuis"},
        (M, ["TH", "TU"], "2,4", t(9, 30), t(12, 30), NO_SUMMER),
        "Samen koken met wat de sociale kruidenier in de rekken heeft, en daarna samen eten.",
    ),
    (
        ["Budgetcafé"],
        {"kind": Kind.MEETUP, **PARENTS, **WALK_IN, "languages": ["nl", "fr"], "venue": "sociaal_huis"},
        (M, ["TU", "TH"], "3", t(13, 30), t(15, 30), NO_SUMMER),
        "Vragen over je energiefactuur, je huur of een afbetaling? Een budgetbegeleider zoekt mee.",
    ),
    (
        ["Digitaal spreekuur"],
        {"kind": Kind.MEETUP, **PARENTS, **WALK_IN, "languages": ["nl", "fr", "en"], "venue": "bibliotheek"},
        (M, ["WE", "FR"], "1", t(13, 30), t(15, 30), {}),
        "Elke maand hulp bij itsme, je mails, het platform van de school of het Groeipakket. Breng je gsm of laptop mee.",
    ),
    (
        ["Computerles voor beginners"],
        {"kind": Kind.GROUP, **PARENTS, **PER_SESSION, "default_capacity": 8, "languages": ["nl"]}
        | {"venue": "bibliotheek"},
        (W, ["TH", "MO"], "", t(13, 30), t(15, 30), {"series_weeks": 10}),
        "Een reeks van tien lessen: een computer gebruiken, mailen, zoeken op internet en veilig online betalen.",
    ),
    (
        ["Fietsles voor vrouwen"],
        {"kind": Kind.GROUP, **PARENTS, **PER_SESSION, "default_capacity": 8, "languages": ["nl", "ar", "prs"]}
        | {"venue": "sporthal"},
        (W, ["SA", "TU"], "", t(10), t(11, 30), {"series_weeks": 8, "series_month": 4}),
        "In acht lessen leer je fietsen, veilig en in je eigen tempo. Fietsen en helmen zijn er.",
    ),
    (
        ["Zwemles voor kinderen"],
        {"kind": Kind.GROUP, **children(72, 143), **PER_SESSION, "default_capacity": 10, **paid("4.00", "1.00")}
        | {"languages": ["nl"], "venue": "sporthal"},
        (W, ["SA", "WE"], "", t(11), t(12), TERM_TIME),
        "Zwemles in kleine groepjes, tot je kind zijn eerste brevet haalt.",
    ),
    (
        ["Sport op het plein"],
        {"kind": Kind.MEETUP, **children(72, 155), **WALK_IN, "languages": ["nl"], "venue": "sporthal"},
        (M, ["WE"], "2,4", t(14), t(16), OUTDOOR),
        "Twee keer per maand voetbal, basket en spelletjes op het pleintje, met sportmonitoren. Gewoon komen en meedoen.",
    ),
    (
        ["Knutselnamiddag"],
        {"kind": Kind.GROUP, **children(48, 119), **PER_SESSION, "default_capacity": 12, **paid("1.00", "0.50")}
        | {"languages": ["nl"], "venue": "bibliotheek"},
        (M, ["WE"], "2", t(14), t(16), {}),
        "Elke maand knutselen we rond een thema. Materiaal is er; je kind neemt zijn werk mee naar huis.",
    ),
    (
        ["Spreekuur Opvoedingswinkel"],
        {"kind": Kind.MEETUP, **PARENTS, **WALK_IN, "languages": ["nl", "fr"], "venue": "sociaal_huis"},
        (M, ["MO", "WE"], "1", t(17), t(19), {}),
        "Vragen over opvoeden, slapen, driftbuien of pesten? Een medewerker luistert en denkt mee.",
    ),
    (
        ["Consultatiebureau Kind en Gezin"],
        {"kind": Kind.MEETUP, **PARENTS, **WALK_IN, "languages": ["nl", "fr", "en"], "venue": "sociaal_huis"},
        (M, ["TH", "FR"], "2", t(13), t(16), {}),
        "Je baby wegen en meten, vaccins en al je vragen aan de arts en de verpleegkundige. Gratis.",
    ),
    (
        ["Moestuinploeg"],
        {"kind": Kind.GROUP, **PARENTS, **GROUP, "languages": ["nl", "ar", "tr"], "venue": "buurthuis"},
        (W, ["SA"], "", t(10), t(12), OUTDOOR),
        "Samen groenten kweken in de buurtmoestuin. Wat we oogsten, verdelen we.",
    ),
    (
        ["Repair café"],
        {"kind": Kind.MEETUP, **PARENTS, **WALK_IN, "languages": ["nl"], "venue": "buurthuis"},
        (M, ["SA"], "-1", t(13), t(16), NO_SUMMER),
        "Kapotte broodrooster, fiets of broek? Vrijwilligers herstellen het samen met jou, gratis.",
    ),
    (
        ["Weggeefwinkel kinderkleding"],
        {"kind": Kind.MEETUP, **PARENTS, **WALK_IN, "languages": ["nl", "fr"], "venue": "sociaal_huis"},
        (M, ["SA"], "1", t(10), t(12), {}),
        "Kinderkleding en speelgoed om mee te nemen, en wat te klein is breng je binnen.",
    ),
    (
        ["Yoga voor mama's"],
        {"kind": Kind.GROUP, **PARENTS, **PER_SESSION, "default_capacity": 12, **paid("2.00", "0.50")}
        | {"languages": ["nl", "en"], "venue": "sporthal"},
        (W, ["TH", "TU"], "", t(19, 30), t(20, 30), TERM_TIME),
        "Een uur voor jezelf: rustige yoga, ademhaling en ontspanning. Matten zijn er.",
    ),
    (
        ["Kleuterturnen"],
        {"kind": Kind.GROUP, **children(30, 71), **PER_SESSION, "default_capacity": 14, **paid("1.50", "0.50")}
        | {"languages": ["nl"], "venue": "sporthal"},
        (W, ["WE", "SA"], "", t(10), t(11), TERM_TIME),
        "Klimmen, rollen en springen: kleuters bewegen op muziek, met een sportmonitor.",
    ),
    (
        ["Kinderkoor"],
        {"kind": Kind.GROUP, **children(72, 143), **GROUP, "default_capacity": 36, "languages": ["nl"]}
        | {"venue": "school"},
        (W, ["WE"], "", t(13, 30), t(14, 30), TERM_TIME),
        "Samen zingen in alle talen van de klas. Aan het einde van het schooljaar geven we een optreden.",
    ),
    (
        ["Dansatelier voor tieners"],
        {"kind": Kind.GROUP, **children(120, 191), **GROUP, "default_capacity": 20, "languages": ["nl"]}
        | {"venue": "sporthal"},
        (W, ["FR"], "", t(17), t(18, 30), TERM_TIME),
        "Hiphop en moderne dans, met een choreograaf. Elk jaar een voorstelling voor de ouders.",
    ),
    (
        ["Schaakclub"],
        {"kind": Kind.MEETUP, **children(84, 191), **WALK_IN, "languages": ["nl"], "venue": "bibliotheek"},
        (M, ["WE"], "2", t(15), t(17), TERM_TIME),
        "Elke maand schaken leren en spelen, van de eerste zetten tot een echt toernooi.",
    ),
    (
        ["Leesclub Makkelijk lezen"],
        {"kind": Kind.GROUP, **PARENTS, **GROUP, "default_capacity": 10, "languages": ["nl"]}
        | {"venue": "bibliotheek"},
        (M, ["MO", "TH"], "2", t(14), t(15, 30), NO_SUMMER),
        "Elke maand lezen we samen een boek in eenvoudig Nederlands en praten we erover.",
    ),
    (
        ["Papa's aan zet"],
        {"kind": Kind.GROUP, **PARENTS, **GROUP, "default_capacity": 12, "languages": ["nl", "fr", "ar"]}
        | {"venue": "buurthuis"},
        (M, ["SA"], "2", t(10), t(12), {}),
        "Papa's doen samen iets met hun kinderen en praten over vader zijn. Elke maand iets anders.",
    ),
    (
        ["Gezinsuitstap"],
        {"kind": Kind.OTHER, **PARENTS, "for_children": True, **PER_SESSION, "default_capacity": 40}
        | {**paid("5.00", "1.00"), "languages": ["nl", "fr"], "venue": "sociaal_huis"},
        (ONE, [], "", t(9), t(17), {"one_off_every_weeks": 9}),
        "Een dag samen op uitstap met het hele gezin: naar zee, naar de Zoo of naar een speelbos.",
    ),
    (
        ["Zomerkamp"],
        {"kind": Kind.OTHER, **children(72, 143), **PER_SESSION, "default_capacity": 24, **paid("10.00", "2.00")}
        | {"languages": ["nl"], "venue": "school"},
        (BETWEEN, [], "", t(9), t(16), {"summer_week": 2}),
        "Een week zomerkamp met spel, sport en een uitstap. Met een warme maaltijd.",
    ),
    (
        ["Paaskamp"],
        {"kind": Kind.OTHER, **children(60, 131), **PER_SESSION, "default_capacity": 20, **paid("8.00", "2.00")}
        | {"languages": ["nl"], "venue": "buurthuis"},
        (BETWEEN, [], "", t(9), t(16), {"spring_week": True}),
        "Vier dagen paaskamp met knutselen, een eierenraap en een uitstap naar de boerderij.",
    ),
    (
        ["Jobcafé"],
        {"kind": Kind.MEETUP, **PARENTS, **WALK_IN, "languages": ["nl", "fr", "en"], "venue": "sociaal_huis"},
        (M, ["TU", "TH"], "1", t(9, 30), t(11, 30), NO_SUMMER),
        "Elke maand: een cv maken, een sollicitatiebrief schrijven of vacatures zoeken, met een jobcoach.",
    ),
    (
        ["Infosessie Groeipakket en premies"],
        {"kind": Kind.MEETUP, **PARENTS, **WALK_IN, "languages": ["nl", "fr"], "venue": "sociaal_huis"},
        (M, ["WE", "MO"], "2", t(19), t(20, 30), NO_SUMMER),
        "Op welke premies en toelagen heeft je gezin recht? We leggen het uit en helpen met de aanvraag.",
    ),
    (
        ["Spreekuur brugfiguur"],
        {"kind": Kind.MEETUP, **PARENTS, **WALK_IN, "languages": ["nl", "bg", "sk", "ro"], "venue": "school"},
        (M, ["TU", "FR"], "1,3", t(8, 30), t(9, 30), TERM_TIME),
        "De brugfiguur helpt ouders met vragen over school: inschrijven, de agenda, het oudercontact.",
    ),
    (
        ["Mama-kindturnen"],
        {"kind": Kind.GROUP, **children(24, 47, for_parents=True), **PER_SESSION, "default_capacity": 12}
        | {"languages": ["nl"], "venue": "sporthal"},
        (M, ["SA", "WE"], "2,4", t(9), t(10), TERM_TIME),
        "Twee keer per maand: mama of papa en je peuter samen in de turnzaal: klimmen, klauteren en spelen.",
    ),
    (
        ["Filmnamiddag voor gezinnen"],
        {"kind": Kind.MEETUP, **PARENTS, "for_children": True, **WALK_IN, "languages": ["nl"]}
        | {"venue": "bibliotheek"},
        (M, ["SU", "WE"], "1", t(14), t(16), {}),
        "Een familiefilm op groot scherm, met popcorn. Gratis en zonder inschrijven.",
    ),
]


def _rule(schedule, index, place_copy, today):
    """The schedule rule of one programme of a town: weekdays rotate from town
    to town, so the finder's weekday filter has something everywhere."""
    preset, options, nths, start, end, extra = schedule
    first = history_start(today)
    fields = {"preset": preset, "start_time": start, "end_time": end}
    extra = dict(extra)
    if preset in (W, M):
        fields["weekdays"] = options[(place_copy.number + index) % len(options)]
        fields["first_date"] = first
        if nths:
            fields["nths"] = nths
        weeks = extra.pop("series_weeks", None)
        if weeks:
            # A series: a spring series in the past and an autumn one, or the other way round.
            month = extra.pop("series_month", 9 + (place_copy.number % 3))
            year = today.year if datetime.date(today.year, month, 1) <= today else today.year - 1
            fields["first_date"] = datetime.date(year, month, 1 + place_copy.number % 14)
            fields["last_date"] = fields["first_date"] + datetime.timedelta(weeks=weeks)
    elif preset == ONE:
        series = extra.pop("series_from_days", None)
        if series:
            # Series of four on the same weekday: one in the past, two to come.
            firsts = [today + datetime.timedelta(days=days + place_copy.number % 28) for days in series]
            days = [day + datetime.timedelta(weeks=n) for day in firsts for n in range(4)]
        else:
            every = extra.pop("one_off_every_weeks")
            days = [first + datetime.timedelta(weeks=every * n, days=place_copy.number % 7) for n in range(12)]
        fields["dates"] = "\n".join(day.isoformat() for day in days)
    elif preset == BETWEEN:
        if extra.pop("spring_week", False):
            year = today.year if datetime.date(today.year, 4, 20) <= today else today.year - 1
            starts = [datetime.date(year, 4, 7), datetime.date(year + 1, 4, 6)]
        else:
            week = extra.pop("summer_week")
            year = today.year if datetime.date(today.year, 8, 31) <= today else today.year - 1
            starts = [datetime.date(year, 7, 1), datetime.date(year + 1, 7, 1)]
            starts = [day + datetime.timedelta(weeks=week + place_copy.number % 4) for day in starts]
        fields["first_date"], fields["last_date"] = starts[0], starts[0] + datetime.timedelta(days=4)
        rule = ScheduleRule(**fields, **extra)
        second = ScheduleRule(
            **{**fields, "first_date": starts[1], "last_date": starts[1] + datetime.timedelta(days=4)}
        )
        return [rule, second]
    return [ScheduleRule(**fields, **extra)]


CONTACTS = [
    ("Els", "Van Looy"),
    ("Hanne", "Claes"),
    ("Sara", "Bouhali"),
    ("Wim", "Verbeeck"),
    ("Ines", "De Wit"),
    ("Karim", "Azzouz"),
    ("Lies", "Geens"),
    ("Tine", "Wuyts"),
    ("Jolien", "Segers"),
    ("Bram", "Van Hove"),
    ("Nadia", "El Ouali"),
    ("Griet", "Huybrechts"),
]


def build_programmes(place_copy, finder, venues, languages, *, today, now):
    """The town's programmes under `finder`, live, with their rules."""
    pages = []
    for index, (names, fields, schedule, intro) in enumerate(PROGRAMMES):
        title = f"{names[place_copy.number % len(names)]} {place_copy.place}"
        rules = _rule(schedule, index, place_copy, today)
        for rule in rules:
            rule.full_clean(exclude=["programme"])
        first, last = CONTACTS[(place_copy.number * 5 + index) % len(CONTACTS)]
        fields = dict(fields)
        page = ProgrammePage(
            title=title,
            slug=page_slug(title, place_copy),
            locale_id=finder.locale_id,
            intro=intro,
            body=[{"type": "paragraph", "value": f"<p>{intro}</p>"}],
            venue=venues[fields.pop("venue")],
            languages=[languages[code] for code in fields.pop("languages") if code in languages],
            contact_name=f"{first} {last}",
            contact_phone=f"0{place_copy.postcode[:2]} {40 + index:02d} {10 + place_copy.number % 90:02d} {index:02d}",
            contact_email=f"{_ascii(first)}.{_ascii(last)}@kansen.example",
            schedule_rules=rules,
            **fields,
        )
        pages.append(add_live_page(finder, page, now=now))
    return pages


def _ascii(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if c.isascii() and c.isalpha())


# ---------------------------------------------------------------- households

# Per origin: last names, women's and men's first names, children's first
# names, the languages the household speaks with us, and its weight.
ORIGINS = [
    (
        ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet"]
        + ["Vermeulen", "Van Dyck", "Hermans", "Aerts", "Verstraeten", "De Cock", "Smets", "Lemmens", "Michiels"]
        + ["Van Looy", "Verbruggen", "Wuyts", "Segers", "Van den Bossche", "Geens", "Van Hoof", "Dierckx"],
        ["An", "Katrien", "Sofie", "Nathalie", "Veerle", "Evelien", "Kelly", "Lien", "Joke", "Ellen", "Tine"],
        ["Tom", "Bert", "Kristof", "Steven", "Dries", "Kevin", "Jens", "Pieter", "Koen"],
        ["Lotte", "Wout", "Fien", "Mats", "Nore", "Stan", "Jules", "Lina", "Vic", "Ella", "Warre", "Roos", "Kobe"]
        + ["Marie", "Lars", "Hanne", "Seppe", "Jana", "Tuur", "Olivia", "Arthur", "Nina", "Louis", "Febe"],
        ["nl"],
        40,
    ),
    (
        ["El Amrani", "Benali", "Bouzid", "El Khattabi", "Azzouzi", "Boukhari", "Ait Taleb", "Mokhtari", "Ouahabi"]
        + ["El Idrissi", "Tahiri", "Haddou", "Mansouri", "Ouali", "Bakkali", "Chaouki"],
        ["Fatima", "Naima", "Karima", "Samira", "Latifa", "Hanane", "Souad", "Khadija", "Nadia"],
        ["Mohamed", "Rachid", "Hicham", "Youssef", "Said", "Khalid"],
        ["Adam", "Yasmine", "Ilyas", "Amira", "Rayan", "Nour", "Imran", "Salma", "Aya", "Bilal", "Sara", "Anas"]
        + ["Zakaria", "Hiba", "Souhaib", "Lina", "Ayoub", "Marwa"],
        ["nl", "nl", "fr"],
        20,
    ),
    (
        ["Yılmaz", "Demir", "Kaya", "Şahin", "Çelik", "Aydın", "Öztürk", "Arslan", "Doğan", "Koç"],
        ["Ayşe", "Elif", "Hatice", "Dilek", "Zeynep", "Emine"],
        ["Mehmet", "Emre", "Murat", "Hakan", "Mustafa"],
        ["Emir", "Defne", "Yusuf", "Ecrin", "Kerem", "Miraç", "Eymen", "Asel", "Ömer", "Zehra", "Elif"],
        ["nl"],
        10,
    ),
    (
        ["Petrov", "Dimitrova", "Georgiev", "Ivanova", "Stoyanov", "Angelova", "Petkova", "Todorov", "Nikolova"],
        ["Radka", "Petya", "Desislava", "Bozhana", "Nadia", "Svetla"],
        ["Milen", "Stoyan", "Georgi", "Ivan"],
        ["Viktor", "Daria", "Mila", "Kaloyan", "Boris", "Yoana", "Nikol", "Aleksandar", "Simona"],
        ["en", "nl"],
        8,
    ),
    (
        ["Horváth", "Lakatošová", "Baloghová", "Kováč", "Rostás", "Oláh", "Horváthová", "Kováčová", "Pompa"],
        ["Zuzana", "Katarína", "Monika", "Veronika", "Tamara"],
        ["Marek", "Jozef", "Peter"],
        ["Tomáš", "Lucia", "Nikolas", "Vanesa", "Kristián", "Sofia", "Dávid", "Natália", "Samuel"],
        ["en", "nl"],
        6,
    ),
    (
        ["Rahimi", "Haidari", "Al Hassan", "Alshami", "Noorzai", "Hamdan", "Sultani", "Karimi"],
        ["Mariam", "Rania", "Zahra", "Fatemeh", "Hanan"],
        ["Ahmad", "Hasan", "Farid", "Omid"],
        ["Sina", "Omar", "Yara", "Mustafa", "Maryam", "Ali", "Rahaf", "Hamid", "Zainab", "Elham"],
        ["en", "fr"],
        6,
    ),
    (
        ["Mbala", "Kabongo", "Mukendi", "Okafor", "Diallo", "Tesfay", "Nkurunziza", "Adeyemi", "Kamara"],
        ["Grace", "Esther", "Chantal", "Blessing", "Senait", "Josiane", "Aminata"],
        ["Joseph", "Emmanuel", "Yonas", "Mamadou"],
        ["Merveille", "David", "Gloire", "Exaucé", "Divine", "Precious", "Mamadou", "Aminata", "Abel", "Saba"],
        ["fr", "en"],
        6,
    ),
    (
        ["Kovalenko", "Melnyk", "Shevchenko", "Bondarenko", "Tkachenko", "Popescu", "Ionescu", "Stan", "Lungu"],
        ["Olena", "Oksana", "Iryna", "Ionela", "Andreea"],
        ["Andriy", "Serhiy", "Marian", "Ionut"],
        ["Sofiia", "Maksym", "Anna", "Artem", "Zlata", "Andrei", "Elena", "Matei"],
        ["en"],
        4,
    ),
]


@dataclass
class Family:
    """A household to write: the contact, the other adult, the children."""

    contact: tuple  # (first name, last name)
    language: str
    adults: list  # (first name, last name)
    children: list  # (first name, last name, birth date)
    email: bool = True
    referred: bool = False


def families(rng, count, today, *, children_ages=None):
    """`count` families of the town's origins: a contact (mostly the mother),
    sometimes a second adult, none to four children, or for the playground
    children of the ages given (`children_ages`: a list of ages in months,
    used up in order)."""
    weighted = [origin for origin in ORIGINS for _ in range(origin[-1])]
    result = []
    pending = list(children_ages or [])
    while len(result) < count if children_ages is None else pending:
        last_names, women, men, kids, languages, _weight = rng.choice(weighted)
        last = rng.choice(last_names)
        mother = rng.random() < 0.8
        contact = (rng.choice(women if mother else men), last)
        adults = [contact]
        if rng.random() < 0.45:
            adults.append((rng.choice(men if mother else women), last))
        if children_ages is None:
            number = rng.choices([0, 1, 2, 3, 4], weights=[22, 30, 28, 14, 6])[0]
            ages = [rng.randint(2, 16 * 12) for _ in range(number)]
        else:
            number = min(len(pending), rng.choice([1, 1, 1, 2, 2, 2, 3]))
            ages, pending = pending[:number], pending[number:]
        names = rng.sample(kids, min(len(kids), len(ages)))
        born = [today - datetime.timedelta(days=round(months * 30.44) + rng.randint(0, 25)) for months in ages]
        result.append(
            Family(
                contact=contact,
                language=rng.choice(languages),
                adults=adults,
                children=[(name, last, day) for name, day in zip(names, born, strict=False)],
                email=rng.random() < 0.7,
                referred=rng.random() < 0.25,
            )
        )
    return result


def bulk_households(place_copy, families_, rng, *, consent=True, first_index=0):
    """Write the families as households with their members (and the
    registration consent), in bulk. Returns the households in order, each
    with `people` (its Person rows: contact first, then the other adults and
    the children)."""
    households = []
    for index, family in enumerate(families_, start=first_index):
        first, last = family.contact
        phone = f"04{rng.randint(60, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        households.append(
            Household(
                contact_name=f"{first} {last}",
                phone=phone,
                phone_digits=digits(phone),
                email=f"{_ascii(first)}.{_ascii(last)}{index}@example.be" if family.email else "",
                language=family.language,
                postcode=place_copy.postcode,
                referred=family.referred,
                source=Household.Source.ONLINE if family.email else Household.Source.DESK,
            )
        )
    Household.objects.bulk_create(households, batch_size=BATCH)
    people = []
    for household, family in zip(households, families_, strict=True):
        household.people = [
            Person(household=household, first_name=first, last_name=last, role=Person.Role.ADULT, is_contact=n == 0)
            for n, (first, last) in enumerate(family.adults)
        ] + [
            Person(household=household, first_name=first, last_name=last, role=Person.Role.CHILD, birth_date=born)
            for first, last, born in family.children
        ]
        people += household.people
    Person.objects.bulk_create(people, batch_size=BATCH)
    if consent:
        version = CONSENT_TEXTS[Consent.Topic.REGISTRATION][0]
        Consent.objects.bulk_create(
            [Consent(household=h, topic=Consent.Topic.REGISTRATION, version=version) for h in households],
            batch_size=BATCH,
        )
    return households


# ---------------------------------------------------------------- taking part

MARKS = (["present", "absent", "excused"], [82, 10, 8])
NOTES = [
    "Kind en Gezin was erbij: vragen over slapen en eten.",
    "Thema: naar school gaan in het Nederlands.",
    "CAW-medewerker aanwezig voor vragen over huur en energie.",
    "",
    "",
    "",
]


class Participation:
    """Registrations, memberships, marks and walk-in counts of a town's
    programmes, in memory until the bulk writes. Marks follow what the desk
    would have taken: one per expected person per past session."""

    def __init__(self, households, rng, *, today, coordinator):
        self.households, self.rng, self.today, self.coordinator = households, rng, today, coordinator
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.now = timezone.now()
        self.registrations, self.registration_members = [], []
        self.memberships, self.membership_members = [], []
        self.marks, self.roll_calls = [], []

    def people_for(self, programme, household, day):
        return [
            person
            for person in household.people
            if (person.is_contact and programme.for_parents)
            or (person.is_child and programme.for_children and _fits(programme, person, day))
        ]

    def take_part(self, programme, sessions):
        sessions = sorted((s for s in sessions if s.status == Session.Status.SCHEDULED), key=lambda s: s.starts_at)
        past = [s for s in sessions if s.local_date < self.today]
        coming = [s for s in sessions if s.local_date >= self.today]
        mode = programme.registration_mode
        if mode == RegistrationMode.MEMBERSHIP:
            self._group(programme, past)
        elif mode == RegistrationMode.PER_SESSION:
            self._per_session(programme, past, coming)
        elif mode == RegistrationMode.WALK_IN:
            self._walk_ins(past)

    def _fitting(self, programme, count):
        """Up to `count` households with someone the programme is for, in random order."""
        fitting = []
        for household in self.rng.sample(self.households, len(self.households)):
            people = self.people_for(programme, household, self.today)
            if people:
                fitting.append((household, people))
                if len(fitting) == count:
                    break
        return fitting

    def _group(self, programme, past):
        capacity = programme.default_capacity or 18
        taken = 0
        for number, (household, people) in enumerate(self._fitting(programme, capacity + 2)):
            applied = taken + len(people) > capacity or number >= capacity
            membership = Membership(
                household=household,
                programme=programme,
                status=Membership.Status.APPLIED if applied else Membership.Status.ACTIVE,
                source=household.source,
                decided_at=None if applied else self.now,
            )
            self.memberships.append(membership)
            self.membership_members.append((membership, people))
            if applied:
                continue
            taken += len(people)
            for session in past:
                self._mark(session, people)

    def _per_session(self, programme, past, coming):
        regulars = self._fitting(programme, 20)
        for session in past:
            capacity, taken = session.capacity or 40, 0
            for household, people in regulars:
                if self.rng.random() > 0.8:
                    continue
                people = self.people_for(programme, household, session.local_date)
                if not people or taken + len(people) > capacity:
                    continue
                taken += len(people)
                self._register(session, household, people, Registration.Status.CONFIRMED)
                self._mark(session, people)
        for number, session in enumerate(coming[:3]):
            capacity, taken = session.capacity or 40, 0
            for household, people in self.rng.sample(regulars, min(len(regulars), 9 - 2 * number)):
                people = self.people_for(programme, household, session.local_date)
                if not people:
                    continue
                full = taken + len(people) > capacity
                taken += 0 if full else len(people)
                status = Registration.Status.WAITING if full else Registration.Status.CONFIRMED
                self._register(session, household, people, status)

    def _register(self, session, household, people, status):
        registration = Registration(
            household=household,
            session=session,
            places=len(people),
            status=status,
            source=household.source,
            waiting_since=self.now if status == Registration.Status.WAITING else None,
        )
        self.registrations.append(registration)
        self.registration_members.append((registration, people))

    def _mark(self, session, people):
        start = timezone.localtime(session.starts_at, self.zone)
        for person in people:
            status = self.rng.choices(*MARKS)[0]
            self.marks.append(
                Attendance(
                    session=session,
                    person=person,
                    status=status,
                    checked_in_at=start + datetime.timedelta(minutes=self.rng.randint(-5, 20))
                    if status == "present"
                    else None,
                    recorded_by=self.coordinator,
                )
            )

    def _walk_ins(self, past):
        for session in past:
            self.roll_calls.append(
                RollCall(
                    session=session,
                    walk_in_adults=self.rng.randint(4, 16),
                    walk_in_children=self.rng.randint(0, 14),
                    note=self.rng.choice(NOTES),
                    updated_by=self.coordinator,
                )
            )

    def save(self):
        Registration.objects.bulk_create(self.registrations, batch_size=BATCH)
        Through = Registration.members.through
        Through.objects.bulk_create(
            [Through(registration=r, person=p) for r, people in self.registration_members for p in people],
            batch_size=BATCH,
        )
        Membership.objects.bulk_create(self.memberships, batch_size=BATCH)
        Through = Membership.members.through
        Through.objects.bulk_create(
            [Through(membership=m, person=p) for m, people in self.membership_members for p in people],
            batch_size=BATCH,
        )
        Attendance.objects.bulk_create(self.marks, batch_size=BATCH)
        RollCall.objects.bulk_create(self.roll_calls, batch_size=BATCH)


def _fits(programme, person, day):
    months = age_in_months(person.birth_date, day)
    low = programme.min_age_months if programme.min_age_months is not None else 0
    high = programme.max_age_months if programme.max_age_months is not None else 18 * 12
    return low <= months <= high
