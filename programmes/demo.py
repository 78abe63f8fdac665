"""Demo programmes: what the Sociaal Huis of a Flemish town really runs for
families, in Dutch, French and English, with venues, schedules and sessions.

`seed(log)` fills the ProgrammeIndexPage (the finder "Aanbod") that the site
layer made, and its French and English translations. The schedule rules and
the sessions hang on the Dutch pages only: a translation is the same programme
in another language, not a second programme with sessions of its own.
Idempotent: once there are programmes, it leaves everything as it is.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from programmes.models import (
    Kind,
    Language,
    Preset,
    ProgrammeIndexPage,
    ProgrammePage,
    RegistrationMode,
    ScheduleRule,
    Session,
    Venue,
)
from programmes.services import scheduling

LANGUAGES = ("nl", "fr", "en")

CANCEL_REASON = "Zieke begeleider — we zien je volgende week!"


def p(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def info(title, text):
    return {"type": "info_box", "value": {"title": title, "text": f"<p>{text}</p>"}}


def question(q, a):
    return {"type": "question", "value": {"question": q, "answer": f"<p>{a}</p>"}}


# Venues are plain records in Dutch: the names and addresses families see on the street.
VENUES = {
    "kring": {
        "name": "Buurthuis De Kring",
        "street": "Nekkerspoelstraat",
        "number": "120",
        "postcode": "2800",
        "city": "Mechelen",
        "neighbourhood": "Nekkerspoel",
        "latitude": Decimal("51.032400"),
        "longitude": Decimal("4.493100"),
        "accessibility_notes": "Alles gelijkvloers, brede deuren en een aangepast toilet. "
        "Plaats voor kinderwagens in de gang. Bus 1 en 4 stoppen aan station Nekkerspoel, op 5 minuten.",
    },
    "sociaal_huis": {
        "name": "Sociaal Huis, zaal 2",
        "street": "Kerkstraat",
        "number": "12",
        "postcode": "2800",
        "city": "Mechelen",
        "neighbourhood": "Centrum",
        "latitude": Decimal("51.028600"),
        "longitude": Decimal("4.480900"),
        "accessibility_notes": "Zaal 2 is op de eerste verdieping. Er is een lift naast het onthaal "
        "en een aangepast toilet op het gelijkvloers.",
    },
    "zonnebloem": {
        "name": "Basisschool De Zonnebloem, refter",
        "street": "Battelsesteenweg",
        "number": "305",
        "postcode": "2800",
        "city": "Mechelen",
        "neighbourhood": "Battel",
        "latitude": Decimal("51.020800"),
        "longitude": Decimal("4.466500"),
        "accessibility_notes": "Ingang via de poort van de speelplaats. Eén trede aan de refter: "
        "vraag gerust de oprijplaat. Fietsenstalling op de speelplaats.",
    },
    "kruidenier": {
        "name": "Sociale kruidenier",
        "street": "Lindenplein",
        "number": "4",
        "postcode": "2800",
        "city": "Mechelen",
        "neighbourhood": "Nekkerspoel",
        "latitude": Decimal("51.030900"),
        "longitude": Decimal("4.490200"),
        "accessibility_notes": "Gelijkvloers en rolstoeltoegankelijk. "
        "Je kan je fiets of boodschappenkar kwijt in de binnenkoer.",
    },
    "predikheren": {
        "name": "Bibliotheek Het Predikheren",
        "street": "Goswin de Stassartstraat",
        "number": "35",
        "postcode": "2800",
        "city": "Mechelen",
        "neighbourhood": "Centrum",
        "latitude": Decimal("51.030600"),
        "longitude": Decimal("4.476300"),
        "accessibility_notes": "Lift naar alle verdiepingen en aangepaste toiletten. "
        "De kinderafdeling is op het gelijkvloers; kinderwagens mogen mee naar binnen.",
    },
}

# key: the same fields in every language, then the text per language.
PROGRAMMES = {
    "living": {
        "shared": {
            "kind": Kind.MEETUP,
            "for_parents": True,
            "venue": "kring",
            "languages": ["nl", "fr", "en", "ar"],
            "registration_mode": RegistrationMode.WALK_IN,
            "contact_name": "Els Peeters",
            "contact_phone": "015 12 34 60",
            "contact_email": "els.peeters@kansen.example",
        },
        "nl": {
            "title": "Ouderontbijt De Living",
            "slug": "ouderontbijt-de-living",
            "intro": "Elke eerste woensdag van de maand ontbijten ouders van jonge kinderen samen en praten ze "
            "over opvoeden, slapen, eten en school. Gratis, en je hoeft niet in te schrijven.",
            "body": [
                p(
                    "Kom binnen wanneer het je past tussen 9 en 11 uur. Je kinderen mogen mee: "
                    "er is een speelhoek met speelgoed voor baby's en kleuters."
                ),
                p(
                    "Een medewerker van Kind en Gezin is er elke keer bij. Je kan haar alles vragen, "
                    "ook over het groeiboekje of vaccinaties."
                ),
                question("Is er ook een ontbijt in juli en augustus?", "Nee, in de zomer is er geen ontbijt."),
            ],
            "what_to_bring": "Niets. Het ontbijt is gratis.",
            "accessibility_notes": "Alles gelijkvloers. Er is plaats voor kinderwagens.",
        },
        "fr": {
            "title": "Petit-déjeuner des parents De Living",
            "slug": "petit-dejeuner-des-parents-de-living",
            "intro": "Chaque premier mercredi du mois, les parents de jeunes enfants prennent le petit-déjeuner "
            "ensemble et parlent d'éducation, de sommeil, de repas et d'école. Gratuit et sans inscription.",
            "body": [
                p(
                    "Venez quand cela vous convient entre 9 h et 11 h. Vos enfants sont les bienvenus : "
                    "il y a un coin de jeux pour les bébés et les petits."
                ),
                p(
                    "Une travailleuse de Kind en Gezin (l'équivalent flamand de l'ONE) est toujours présente. "
                    "Vous pouvez tout lui demander, aussi sur le carnet de santé ou les vaccins."
                ),
                question(
                    "Y a-t-il aussi un petit-déjeuner en juillet et en août ?",
                    "Non, il n'y a pas de petit-déjeuner en été.",
                ),
            ],
            "what_to_bring": "Rien. Le petit-déjeuner est gratuit.",
            "accessibility_notes": "Tout est de plain-pied. Il y a de la place pour les poussettes.",
        },
        "en": {
            "title": "Parent breakfast De Living",
            "slug": "parent-breakfast-de-living",
            "intro": "Every first Wednesday of the month, parents of young children have breakfast together and talk "
            "about parenting, sleep, food and school. Free, and no need to register.",
            "body": [
                p(
                    "Come in whenever it suits you between 9 and 11. Your children are welcome: "
                    "there is a play corner with toys for babies and toddlers."
                ),
                p(
                    "A child-health worker from Kind en Gezin is there every time. You can ask her anything, "
                    "also about your child's health booklet or vaccinations."
                ),
                question("Is there a breakfast in July and August too?", "No, there is no breakfast in summer."),
            ],
            "what_to_bring": "Nothing. Breakfast is free.",
            "accessibility_notes": "Everything is on the ground floor. There is room for prams.",
        },
    },
    "grocery": {
        "shared": {
            "kind": Kind.GROCERY,
            "for_parents": True,
            "venue": "kruidenier",
            "languages": ["nl", "fr", "en"],
            "registration_mode": RegistrationMode.WALK_IN,
            "contact_name": "Sofie Janssens",
            "contact_phone": "015 12 34 56",
            "contact_email": "kruidenier@kansen.example",
        },
        "nl": {
            "title": "Sociale kruidenier: openingsmomenten",
            "slug": "sociale-kruidenier-open",
            "intro": "De sociale kruidenier is open op de eerste en derde donderdag van de maand, van 13.30 tot "
            "16.30 uur. Je hoeft niet in te schrijven, maar je hebt wel een badge nodig.",
            "body": [
                p(
                    "Toon je badge aan de deur. Daarna kies je zelf je voedingspakket: verse groenten, "
                    "brood, zuivel en producten voor baby's, aan een lage prijs."
                ),
                p(
                    "Nog geen badge? Vraag hem aan bij je maatschappelijk werker van het Sociaal Huis, "
                    "of bij je begeleider van het CAW of het CLB."
                ),
            ],
            "what_to_bring": "Je badge en stevige boodschappentassen. Je betaalt met bancontact of cash.",
            "accessibility_notes": "Gelijkvloers en rolstoeltoegankelijk.",
        },
        "fr": {
            "title": "Épicerie sociale : ouvertures",
            "slug": "epicerie-sociale-ouvertures",
            "intro": "L'épicerie sociale est ouverte le premier et le troisième jeudi du mois, de 13 h 30 à "
            "16 h 30. Pas besoin de vous inscrire, mais il vous faut un badge.",
            "body": [
                p(
                    "Montrez votre badge à l'entrée. Ensuite, vous choisissez vous-même votre colis : "
                    "légumes frais, pain, produits laitiers et produits pour bébés, à petit prix."
                ),
                p(
                    "Pas encore de badge ? Demandez-le à votre assistant social de la Maison sociale, "
                    "ou à votre accompagnateur au CAW ou au centre PMS."
                ),
            ],
            "what_to_bring": "Votre badge et des sacs solides. Vous payez par Bancontact ou en espèces.",
            "accessibility_notes": "De plain-pied et accessible en chaise roulante.",
        },
        "en": {
            "title": "Social grocery: opening times",
            "slug": "social-grocery-opening-times",
            "intro": "The social grocery is open on the first and third Thursday of the month, from 1.30 to 4.30 pm. "
            "No need to register, but you do need a badge.",
            "body": [
                p(
                    "Show your badge at the door. Then you choose your own food package: fresh vegetables, "
                    "bread, dairy and baby products, at a low price."
                ),
                p(
                    "No badge yet? Ask your social worker at the Social House, "
                    "or your counsellor at the CAW or the CLB."
                ),
            ],
            "what_to_bring": "Your badge and strong shopping bags. You pay by Bancontact card or in cash.",
            "accessibility_notes": "On the ground floor and wheelchair accessible.",
        },
    },
    "bulgarian": {
        "shared": {
            "kind": Kind.GROUP,
            "for_parents": True,
            "venue": "sociaal_huis",
            "languages": ["bg", "nl"],
            "registration_mode": RegistrationMode.MEMBERSHIP,
            "default_capacity": 12,
            "contact_name": "Daniela Petrova",
            "contact_phone": "0470 12 34 61",
            "contact_email": "oudergroepen@kansen.example",
        },
        "nl": {
            "title": "Oudergroep Bulgaars",
            "slug": "oudergroep-bulgaars",
            "intro": "Elke dinsdagnamiddag praten Bulgaarstalige ouders samen over school, huiswerk, "
            "de brieven van de school en het oudercontact. Een tolk vertaalt.",
            "body": [
                p(
                    "We werken rond wat jullie zelf vragen: hoe werkt de school in België, wat doet het CLB, "
                    "hoe lees je de agenda van je kind? Soms komt een leerkracht of een medewerker van het CLB."
                ),
                p("Je schrijft je één keer in voor de groep en komt dan elke week."),
            ],
            "what_to_bring": "Brieven van de school waar je vragen over hebt.",
        },
        "fr": {
            "title": "Groupe de parents bulgare",
            "slug": "groupe-de-parents-bulgare",
            "intro": "Chaque mardi après-midi, des parents bulgarophones parlent ensemble de l'école, des devoirs, "
            "des lettres de l'école et des réunions de parents. Un interprète traduit.",
            "body": [
                p(
                    "Nous partons de vos questions : comment fonctionne l'école en Belgique, que fait le centre PMS, "
                    "comment lire le journal de classe de votre enfant ? Parfois, un enseignant ou un "
                    "collaborateur du centre PMS vient aussi."
                ),
                p("Vous vous inscrivez une fois au groupe, puis vous venez chaque semaine."),
            ],
            "what_to_bring": "Les lettres de l'école sur lesquelles vous avez des questions.",
        },
        "en": {
            "title": "Bulgarian parent group",
            "slug": "bulgarian-parent-group",
            "intro": "Every Tuesday afternoon, Bulgarian-speaking parents talk together about school, homework, "
            "letters from school and parent-teacher meetings. An interpreter translates.",
            "body": [
                p(
                    "We start from your own questions: how does school work in Belgium, what does the CLB do, "
                    "how do you read your child's school diary? Sometimes a teacher or someone from the CLB joins."
                ),
                p("You join the group once and then come every week."),
            ],
            "what_to_bring": "Letters from school you have questions about.",
        },
    },
    "slovak": {
        "shared": {
            "kind": Kind.GROUP,
            "for_parents": True,
            "venue": "zonnebloem",
            "languages": ["sk", "nl"],
            "registration_mode": RegistrationMode.MEMBERSHIP,
            "default_capacity": 12,
            "contact_name": "Jana Horváthová",
            "contact_phone": "0470 12 34 62",
            "contact_email": "oudergroepen@kansen.example",
        },
        "nl": {
            "title": "Oudergroep Slovaaks",
            "slug": "oudergroep-slovaaks",
            "intro": "Elke donderdagochtend, na het brengen naar school, komen Slovaakstalige ouders samen "
            "in de refter van De Zonnebloem. Met koffie, een tolk en tijd voor je vragen.",
            "body": [
                p(
                    "Naar school gaan is niet altijd makkelijk. Samen zoeken we wat helpt: "
                    "op tijd komen, een brooddoos, de turnzak, afspraken met de juf of meester."
                ),
                p("Je schrijft je één keer in voor de groep en komt dan elke week."),
            ],
            "accessibility_notes": "Eén trede aan de refter; er is een oprijplaat.",
        },
        "fr": {
            "title": "Groupe de parents slovaque",
            "slug": "groupe-de-parents-slovaque",
            "intro": "Chaque jeudi matin, après avoir conduit les enfants à l'école, des parents slovaquophones "
            "se retrouvent au réfectoire de De Zonnebloem. Avec du café, un interprète et du temps pour vos questions.",
            "body": [
                p(
                    "Aller à l'école n'est pas toujours facile. Ensemble, nous cherchons ce qui aide : "
                    "arriver à l'heure, une boîte à tartines, le sac de gym, les accords avec l'institutrice "
                    "ou l'instituteur."
                ),
                p("Vous vous inscrivez une fois au groupe, puis vous venez chaque semaine."),
            ],
            "accessibility_notes": "Une marche à l'entrée du réfectoire ; une rampe est disponible.",
        },
        "en": {
            "title": "Slovak parent group",
            "slug": "slovak-parent-group",
            "intro": "Every Thursday morning, after the school run, Slovak-speaking parents meet in the dining hall "
            "of De Zonnebloem school. With coffee, an interpreter and time for your questions.",
            "body": [
                p(
                    "Going to school is not always easy. Together we look for what helps: "
                    "being on time, a lunch box, the PE bag, agreements with the teacher."
                ),
                p("You join the group once and then come every week."),
            ],
            "accessibility_notes": "One step into the dining hall; a ramp is available.",
        },
    },
    "speelvogels": {
        "shared": {
            "kind": Kind.GROUP,
            "for_children": True,
            "min_age_months": 72,
            "max_age_months": 155,
            "venue": "kring",
            "languages": ["nl"],
            "registration_mode": RegistrationMode.PER_SESSION,
            "default_capacity": 15,
            "price": Decimal("2.00"),
            "social_tariff": Decimal("0.50"),
            "contact_name": "Yasmina El Amrani",
            "contact_phone": "0470 12 34 63",
            "contact_email": "speelvogels@kansen.example",
        },
        "nl": {
            "title": "Kindergroep De Speelvogels",
            "slug": "kindergroep-de-speelvogels",
            "intro": "Op woensdagnamiddag spelen kinderen van 6 tot 12 jaar samen in de tuin en de zaal "
            "van De Kring: knutselen, sport, koken en uitstappen. Met een vieruurtje.",
            "body": [
                p(
                    "De animatoren zijn jongeren uit de buurt. Kinderen die nog weinig Nederlands spreken, "
                    "zijn heel welkom: we oefenen al spelend."
                ),
                p("Schrijf je kind in per woensdag. Met UiTPAS betaal je het kansentarief van 0,50 euro."),
            ],
            "what_to_bring": "Kleren die vuil mogen worden en een drinkbus. Bij regen: een regenjas.",
        },
        "fr": {
            "title": "Groupe d'enfants De Speelvogels",
            "slug": "groupe-denfants-de-speelvogels",
            "intro": "Le mercredi après-midi, les enfants de 6 à 12 ans jouent ensemble dans le jardin et la salle "
            "de De Kring : bricolage, sport, cuisine et excursions. Avec un goûter.",
            "body": [
                p(
                    "Les animateurs sont des jeunes du quartier. Les enfants qui parlent encore peu le néerlandais "
                    "sont les bienvenus : nous le pratiquons en jouant."
                ),
                p("Inscrivez votre enfant par mercredi. Avec l'UiTPAS, vous payez le tarif social de 0,50 euro."),
            ],
            "what_to_bring": "Des vêtements qui peuvent se salir et une gourde. S'il pleut : un imperméable.",
        },
        "en": {
            "title": "Children's group De Speelvogels",
            "slug": "childrens-group-de-speelvogels",
            "intro": "On Wednesday afternoons, children aged 6 to 12 play together in the garden and hall "
            "of De Kring: crafts, sport, cooking and outings. With an afternoon snack.",
            "body": [
                p(
                    "The animators are young people from the neighbourhood. Children who speak little Dutch yet "
                    "are very welcome: we practise through play."
                ),
                p("Book your child per Wednesday. With UiTPAS you pay the social tariff of 0.50 euro."),
            ],
            "what_to_bring": "Clothes that may get dirty and a water bottle. When it rains: a raincoat.",
        },
    },
    "homework": {
        "shared": {
            "kind": Kind.GROUP,
            "for_children": True,
            "min_age_months": 96,
            "max_age_months": 155,
            "venue": "zonnebloem",
            "languages": ["nl"],
            "registration_mode": RegistrationMode.PER_SESSION,
            "default_capacity": 12,
            "contact_name": "Tom Claes",
            "contact_phone": "0470 12 34 64",
            "contact_email": "huiswerkklas@kansen.example",
        },
        "nl": {
            "title": "Huiswerkklas",
            "slug": "huiswerkklas",
            "intro": "Op maandag en donderdag na school maken kinderen van 8 tot 12 jaar hun huiswerk "
            "met hulp van vrijwilligers. Gratis. Niet in de schoolvakanties.",
            "body": [
                p(
                    "Eerst een stuk fruit, dan aan de slag: lezen, rekenen, leren voor een toets. "
                    "De vrijwilligers zijn gepensioneerde leerkrachten en studenten."
                ),
                p("Schrijf je kind in voor de dagen dat het komt. Zo weten we hoeveel helpers er nodig zijn."),
            ],
            "what_to_bring": "De schooltas met de agenda.",
        },
        "fr": {
            "title": "École des devoirs",
            "slug": "ecole-des-devoirs",
            "intro": "Le lundi et le jeudi après l'école, les enfants de 8 à 12 ans font leurs devoirs "
            "avec l'aide de bénévoles. Gratuit. Pas pendant les congés scolaires.",
            "body": [
                p(
                    "D'abord un fruit, puis au travail : lecture, calcul, étude pour un contrôle. "
                    "Les bénévoles sont des enseignants retraités et des étudiants."
                ),
                p("Inscrivez votre enfant pour les jours où il vient. Ainsi, nous savons combien d'aides il faut."),
            ],
            "what_to_bring": "Le cartable avec le journal de classe.",
        },
        "en": {
            "title": "Homework club",
            "slug": "homework-club",
            "intro": "On Monday and Thursday after school, children aged 8 to 12 do their homework "
            "with help from volunteers. Free. Not during the school holidays.",
            "body": [
                p(
                    "First a piece of fruit, then to work: reading, maths, studying for a test. "
                    "The volunteers are retired teachers and students."
                ),
                p("Book your child for the days they come. That way we know how many helpers we need."),
            ],
            "what_to_bring": "The school bag with the school diary.",
        },
    },
    "babymassage": {
        "shared": {
            "kind": Kind.MEETUP,
            "for_parents": True,
            "for_children": True,
            "min_age_months": 1,
            "max_age_months": 9,
            "venue": "sociaal_huis",
            "languages": ["nl", "en"],
            "registration_mode": RegistrationMode.MEMBERSHIP,
            "default_capacity": 6,
            "contact_name": "Lotte Maes (Kind en Gezin)",
            "contact_phone": "015 12 34 65",
            "contact_email": "babymassage@kansen.example",
        },
        "nl": {
            "title": "Babymassage",
            "slug": "babymassage",
            "intro": "Vier vrijdagochtenden leer je je baby masseren, samen met andere ouders. "
            "Voor baby's van 6 weken tot 9 maanden. Gratis, wel inschrijven voor de hele reeks.",
            "body": [
                p(
                    "Een verpleegkundige van Kind en Gezin toont hoe je je baby rustig maakt en helpt bij "
                    "krampjes. Er is tijd voor een tas thee en je vragen."
                ),
            ],
            "what_to_bring": "Een handdoek, een reservepamper en een flesje of borstvoeding zoals thuis.",
            "accessibility_notes": "Lift naast het onthaal. De zaal is warm en er zijn matten.",
        },
        "fr": {
            "title": "Massage bébé",
            "slug": "massage-bebe",
            "intro": "Pendant quatre vendredis matin, vous apprenez à masser votre bébé, avec d'autres parents. "
            "Pour les bébés de 6 semaines à 9 mois. Gratuit, mais inscription pour toute la série.",
            "body": [
                p(
                    "Une infirmière de Kind en Gezin montre comment apaiser votre bébé et soulager les crampes. "
                    "Il y a du temps pour une tasse de thé et vos questions."
                ),
            ],
            "what_to_bring": "Une serviette, une couche de rechange et un biberon ou l'allaitement comme à la maison.",
            "accessibility_notes": "Ascenseur à côté de l'accueil. La salle est chauffée et il y a des tapis.",
        },
        "en": {
            "title": "Baby massage",
            "slug": "baby-massage",
            "intro": "On four Friday mornings you learn to massage your baby, together with other parents. "
            "For babies from 6 weeks to 9 months. Free, but register for the whole series.",
            "body": [
                p(
                    "A nurse from Kind en Gezin shows how to calm your baby and ease cramps. "
                    "There is time for a cup of tea and your questions."
                ),
            ],
            "what_to_bring": "A towel, a spare nappy and a bottle or breastfeeding as at home.",
            "accessibility_notes": "Lift next to the reception. The room is warm and there are mats.",
        },
    },
    "sewing": {
        "shared": {
            "kind": Kind.GROUP,
            "for_parents": True,
            "venue": "kring",
            "languages": ["nl", "ar", "fr"],
            "registration_mode": RegistrationMode.PER_SESSION,
            "default_capacity": 6,  # one place per sewing machine
            "price": Decimal("2.00"),
            "social_tariff": Decimal("0.50"),
            "contact_name": "Fatima Bouzid",
            "contact_phone": "0470 12 34 66",
            "contact_email": "naaiatelier@kansen.example",
        },
        "nl": {
            "title": "Naailes voor ouders",
            "slug": "naailes-voor-ouders",
            "intro": "Op maandagochtend leer je naaien op een naaimachine: een broek korter maken, "
            "een rits vervangen, een tas of een kussen maken. Voor beginners en wie al wat kan.",
            "body": [
                p(
                    "Er zijn zes naaimachines, stof en garen. Je kan ook kleren van je kinderen meebrengen "
                    "om te herstellen. We spreken Nederlands, en Fatima helpt in het Arabisch en het Frans."
                ),
                p("Schrijf je in per les. Met UiTPAS betaal je het kansentarief van 0,50 euro."),
            ],
            "what_to_bring": "Kleren om te herstellen, als je dat wil.",
        },
        "fr": {
            "title": "Cours de couture pour parents",
            "slug": "cours-de-couture-pour-parents",
            "intro": "Le lundi matin, vous apprenez à coudre à la machine : raccourcir un pantalon, "
            "remplacer une tirette, faire un sac ou un coussin. Pour débutants et pour celles et ceux qui savent déjà un peu.",
            "body": [
                p(
                    "Il y a six machines à coudre, du tissu et du fil. Vous pouvez aussi apporter des vêtements "
                    "de vos enfants à réparer. Nous parlons néerlandais, et Fatima aide en arabe et en français."
                ),
                p("Inscrivez-vous par cours. Avec l'UiTPAS, vous payez le tarif social de 0,50 euro."),
            ],
            "what_to_bring": "Des vêtements à réparer, si vous le souhaitez.",
        },
        "en": {
            "title": "Sewing class for parents",
            "slug": "sewing-class-for-parents",
            "intro": "On Monday mornings you learn to sew on a sewing machine: shorten trousers, "
            "replace a zip, make a bag or a cushion. For beginners and those who can already sew a little.",
            "body": [
                p(
                    "There are six sewing machines, fabric and thread. You can also bring your children's clothes "
                    "to mend. We speak Dutch, and Fatima helps in Arabic and French."
                ),
                p("Book per class. With UiTPAS you pay the social tariff of 0.50 euro."),
            ],
            "what_to_bring": "Clothes to mend, if you like.",
        },
    },
    "story_time": {
        "shared": {
            "kind": Kind.MEETUP,
            "for_children": True,
            "min_age_months": 36,
            "max_age_months": 83,
            "venue": "predikheren",
            "languages": ["nl", "ar", "tr"],
            "registration_mode": RegistrationMode.WALK_IN,
            "contact_name": "Hilde Verstraeten",
            "contact_phone": "015 12 34 67",
            "contact_email": "voorlezen@kansen.example",
        },
        "nl": {
            "title": "Voorleesuurtje",
            "slug": "voorleesuurtje",
            "intro": "Elke zaterdag om half elf lezen we voor aan kleuters van 3 tot 6 jaar in de bibliotheek. "
            "Gratis en zonder inschrijven; mama, papa, oma of opa blijven erbij.",
            "body": [
                p(
                    "We lezen in het Nederlands, met veel prenten. Eén keer per maand lezen vrijwilligers "
                    "hetzelfde boek ook in het Arabisch en het Turks."
                ),
                p("Na het voorlezen kan je samen boeken uitkiezen. Een bibliotheekkaart voor kinderen is gratis."),
            ],
            "what_to_bring": "Je bibliotheekkaart, als je boeken wil lenen.",
            "accessibility_notes": "De kinderafdeling is op het gelijkvloers; kinderwagens mogen mee naar binnen.",
        },
        "fr": {
            "title": "L'heure du conte",
            "slug": "lheure-du-conte",
            "intro": "Chaque samedi à 10 h 30, nous lisons des histoires aux enfants de 3 à 6 ans à la bibliothèque. "
            "Gratuit et sans inscription ; maman, papa, mamy ou papy restent avec l'enfant.",
            "body": [
                p(
                    "Nous lisons en néerlandais, avec beaucoup d'images. Une fois par mois, des bénévoles lisent "
                    "le même livre en arabe et en turc."
                ),
                p(
                    "Après l'histoire, vous pouvez choisir des livres ensemble. La carte de bibliothèque est gratuite pour les enfants."
                ),
            ],
            "what_to_bring": "Votre carte de bibliothèque, si vous voulez emprunter des livres.",
            "accessibility_notes": "La section jeunesse est au rez-de-chaussée ; les poussettes peuvent entrer.",
        },
        "en": {
            "title": "Story time",
            "slug": "story-time",
            "intro": "Every Saturday at 10.30 we read stories to children aged 3 to 6 in the library. "
            "Free and no need to register; mum, dad, grandma or grandad stay with the child.",
            "body": [
                p(
                    "We read in Dutch, with lots of pictures. Once a month volunteers read "
                    "the same book in Arabic and Turkish too."
                ),
                p("After the story you can choose books together. A library card is free for children."),
            ],
            "what_to_bring": "Your library card, if you want to borrow books.",
            "accessibility_notes": "The children's section is on the ground floor; prams may come inside.",
        },
    },
}


def history_start(today):
    return (today - datetime.timedelta(days=365)).replace(day=1)


def schedules(today):
    """The schedule rules per programme, from the first of the month a year
    ago: a year of history for the attendance figures, and a year ahead."""
    first = history_start(today)
    t = datetime.time
    # Babymassage is a series of four on the Fridays after today.
    next_friday = today + datetime.timedelta(days=(4 - today.weekday()) % 7 or 7)
    fridays = [next_friday + datetime.timedelta(weeks=n) for n in range(4)]
    return {
        "living": [
            {
                "preset": Preset.MONTHLY,
                "nths": "1",
                "weekdays": "WE",
                "start_time": t(9),
                "end_time": t(11),
                "first_date": first,
                "excluded_months": "7,8",
            }
        ],
        "grocery": [
            {
                "preset": Preset.MONTHLY,
                "nths": "1,3",
                "weekdays": "TH",
                "start_time": t(13, 30),
                "end_time": t(16, 30),
                "first_date": first,
            }
        ],
        "bulgarian": [
            {"preset": Preset.WEEKLY, "weekdays": "TU", "start_time": t(13, 30), "end_time": t(15), "first_date": first}
        ],
        "slovak": [
            {"preset": Preset.WEEKLY, "weekdays": "TH", "start_time": t(9), "end_time": t(10, 30), "first_date": first}
        ],
        "speelvogels": [
            {"preset": Preset.WEEKLY, "weekdays": "WE", "start_time": t(14), "end_time": t(16), "first_date": first}
        ],
        "homework": [
            {
                "preset": Preset.WEEKLY,
                "weekdays": "MO,TH",
                "start_time": t(16),
                "end_time": t(17, 30),
                "first_date": first,
                "skip_school_holidays": True,
            }
        ],
        "babymassage": [
            {
                "preset": Preset.ONE_OFF,
                "dates": "\n".join(day.isoformat() for day in fridays),
                "start_time": t(9, 30),
                "end_time": t(10, 30),
            }
        ],
        "sewing": [
            {
                "preset": Preset.WEEKLY,
                "weekdays": "MO",
                "start_time": t(9),
                "end_time": t(11, 30),
                "first_date": first,
                "skip_school_holidays": True,
            }
        ],
        "story_time": [
            {
                "preset": Preset.WEEKLY,
                "weekdays": "SA",
                "start_time": t(10, 30),
                "end_time": t(11, 15),
                "first_date": first,
            }
        ],
    }


@transaction.atomic
def seed(log=print, page_types=None):
    """Venues, programmes in three languages under the finder, and their sessions.

    `page_types` lets the apps above programmes make some of them their own
    page class: `{"grocery": (GroceryPage, {"shared": {...}, "nl": {...}})}`
    with the fields that class adds, shared and per language."""
    page_types = page_types or {}
    if ProgrammePage.objects.exists():
        log("Programmes: already there, left as they are.")
        return
    finder = ProgrammeIndexPage.objects.filter(locale__language_code="nl").order_by("path").first()
    if finder is None:
        log("Programmes: no Dutch activities page to put them under; skipped.")
        return
    locales = {code: Locale.objects.get(language_code=code) for code in LANGUAGES}
    finders = {code: finder.get_translation_or_none(locales[code]) for code in LANGUAGES}
    venues = {
        key: Venue.objects.get_or_create(name=fields["name"], defaults=fields)[0] for key, fields in VENUES.items()
    }
    languages = Language.objects.in_bulk(field_name="code")
    today = timezone.localdate()

    rules_by_programme = schedules(today)

    dutch = {}
    for key, programme in PROGRAMMES.items():
        rules = [ScheduleRule(**fields) for fields in rules_by_programme[key]]
        for rule in rules:
            rule.full_clean(exclude=["programme"])
        shared = {
            **programme["shared"],
            "venue": venues[programme["shared"]["venue"]],
            "languages": [languages[code] for code in programme["shared"]["languages"]],
        }
        page_class, extra = page_types.get(key, (ProgrammePage, {}))
        shared.update(extra.get("shared", {}))
        page = _publish(
            finder,
            page_class(locale=locales["nl"], schedule_rules=rules, **shared, **programme["nl"], **extra.get("nl", {})),
        )
        for code in ("fr", "en"):
            if finders[code] is not None:
                translation = page_class(
                    locale=locales[code],
                    translation_key=page.translation_key,
                    **shared,
                    **programme[code],
                    **extra.get(code, {}),
                )
                _publish(finders[code], translation)
        dutch[key] = page

    # Publishing already plans the sessions from today on (a task); this also
    # fills the past year, and does it all when the tasks wait for a worker.
    for page in dutch.values():
        start = history_start(today)
        scheduling.regenerate_sessions(
            ProgrammePage.objects.get(pk=page.pk), today=start, horizon_days=(today - start).days + 365
        )
    sessions = Session.objects.filter(programme__in=list(dutch.values())).count()

    admin = _admin()
    cancelled = _next_session(dutch["speelvogels"])
    scheduling.cancel_session(cancelled, reason=CANCEL_REASON, by=admin)
    moved = _next_session(dutch["bulgarian"])
    day = timezone.localtime(moved.starts_at).date()
    moved = scheduling.move_session(
        moved,
        starts_at=_local(day, datetime.time(14)),
        ends_at=_local(day, datetime.time(15, 30)),
        venue=venues["kring"],
        by=admin,
    )
    log(
        f"Programmes: {len(dutch)} programmes in Dutch, French and English at {len(venues)} venues, "
        f"{sessions} sessions; one cancelled ({cancelled}), one moved ({moved}, {moved.venue})."
    )


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _next_session(programme):
    return Session.objects.filter(programme=programme, starts_at__gt=timezone.now()).scheduled().earliest("starts_at")


def _local(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time), ZoneInfo(settings.TIME_ZONE))


def _admin():
    users = get_user_model().objects.filter(is_superuser=True)
    return users.filter(username="admin").first() or users.order_by("pk").first()
