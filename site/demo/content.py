"""Demo page content in Dutch, French and English: what a Flemish social
service really publishes, so that every screen shows something believable."""


def p(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def heading(text):
    return {"type": "heading", "value": {"text": text}}


def info(title, text):
    return {"type": "info_box", "value": {"title": title, "text": f"<p>{text}</p>"}}


def question(q, a):
    return {"type": "question", "value": {"question": q, "answer": f"<p>{a}</p>"}}


ORGANISATION = {
    "name": "Sociaal Huis Kansen",
    "street": "Kerkstraat 12",
    "postcode": "2800",
    "city": "Mechelen",
    "phone": "015 12 34 56",
    "email": "sociaalhuis@kansen.example",
    "privacy_contact": "privacy@kansen.example",
}

HOME = {
    "nl": {
        "title": "Samen sterk in de buurt",
        "slug": "home",
        "intro": "Activiteiten voor gezinnen, de sociale kruidenier en de speelpleinwerking van het Sociaal Huis. "
        "Zoek wat bij jou past en schrijf je in, zonder account.",
        "body": [
            heading("Hulp nodig bij het inschrijven?"),
            p(
                "Kom langs in het Sociaal Huis, Kerkstraat 12, of bel 015 12 34 56. "
                "We helpen je graag, ook in het Frans, Engels, Bulgaars of Slovaaks."
            ),
        ],
    },
    "fr": {
        "title": "Ensemble dans le quartier",
        "slug": "accueil",
        "intro": "Les activités pour les familles, l'épicerie sociale et les plaines de jeux de la Maison sociale. "
        "Trouvez ce qui vous convient et inscrivez-vous, sans compte.",
        "body": [
            heading("Besoin d'aide pour vous inscrire ?"),
            p(
                "Passez à la Maison sociale, Kerkstraat 12, ou appelez le 015 12 34 56. "
                "Nous vous aidons volontiers, aussi en néerlandais, en anglais, en bulgare ou en slovaque."
            ),
        ],
    },
    "en": {
        "title": "Stronger together in the neighbourhood",
        "slug": "home-en",
        "intro": "Activities for families, the social grocery and the holiday playgrounds of the Social House. "
        "Find what suits you and register, without an account.",
        "body": [
            heading("Need help registering?"),
            p(
                "Drop by the Social House, Kerkstraat 12, or call 015 12 34 56. "
                "We are happy to help, also in Dutch, French, Bulgarian or Slovak."
            ),
        ],
    },
}

# The finder ("Aanbod"): a programmes.ProgrammeIndexPage, first in the menu.
# The programmes under it come from programmes.demo.
FINDER = {
    "nl": {
        "title": "Aanbod",
        "slug": "aanbod",
        "intro": "Alles wat je als gezin kan doen: het ouderontbijt, oudergroepen, kindergroepen, de huiswerkklas "
        "en de sociale kruidenier. Zoek op leeftijd, dag, buurt of taal. De meeste activiteiten zijn gratis.",
    },
    "fr": {
        "title": "Activités",
        "slug": "activites",
        "intro": "Tout ce que vous pouvez faire en famille : le petit-déjeuner des parents, les groupes de parents, "
        "les groupes d'enfants, l'école des devoirs et l'épicerie sociale. Cherchez par âge, jour, quartier "
        "ou langue. La plupart des activités sont gratuites.",
    },
    "en": {
        "title": "Activities",
        "slug": "activities",
        "intro": "Everything you can do as a family: the parent breakfast, parent groups, children's groups, "
        "the homework club and the social grocery. Search by age, day, neighbourhood or language. "
        "Most activities are free.",
    },
}

# key, show in menus, translations
PAGES = [
    (
        "badge",
        True,
        {
            "nl": {
                "title": "Sociale kruidenier",
                "slug": "sociale-kruidenier",
                "intro": "In de sociale kruidenier kies je voedingspakketten aan een lage prijs. Je hebt er een badge voor nodig.",
                "body": [
                    heading("Hoe krijg je een badge?"),
                    p(
                        "Maak een afspraak met een maatschappelijk werker van het Sociaal Huis, of vraag het aan je "
                        "begeleider bij het CAW of het CLB. Samen bekijken jullie je inkomen en je gezin."
                    ),
                    info("Wat breng je mee?", "Je identiteitskaart, een bewijs van je inkomen en je huurcontract."),
                    heading("Wanneer is de kruidenier open?"),
                    p("Elke eerste en derde donderdag van de maand, van 13.30 tot 16.30 uur, Lindenplein 4."),
                    question(
                        "Hoe lang is mijn badge geldig?",
                        "Zes maanden. Daarna kijkt je maatschappelijk werker samen met jou of je hem kan verlengen.",
                    ),
                ],
            },
            "fr": {
                "title": "Épicerie sociale",
                "slug": "epicerie-sociale",
                "intro": "À l'épicerie sociale, vous choisissez des colis alimentaires à petit prix. Il vous faut un badge.",
                "body": [
                    heading("Comment obtenir un badge ?"),
                    p(
                        "Prenez rendez-vous avec un assistant social de la Maison sociale, ou demandez-le à votre "
                        "accompagnateur au CAW ou au centre PMS. Ensemble, vous regardez vos revenus et votre ménage."
                    ),
                    info("Qu'apporter ?", "Votre carte d'identité, une preuve de vos revenus et votre bail."),
                    heading("Quand l'épicerie est-elle ouverte ?"),
                    p("Chaque premier et troisième jeudi du mois, de 13 h 30 à 16 h 30, Lindenplein 4."),
                    question(
                        "Combien de temps mon badge est-il valable ?",
                        "Six mois. Ensuite, votre assistant social regarde avec vous s'il peut être prolongé.",
                    ),
                ],
            },
            "en": {
                "title": "Social grocery",
                "slug": "social-grocery",
                "intro": "At the social grocery you choose food packages at a low price. You need a badge.",
                "body": [
                    heading("How do I get a badge?"),
                    p(
                        "Make an appointment with a social worker at the Social House, or ask your counsellor at the "
                        "CAW or the CLB. Together you look at your income and your household."
                    ),
                    info("What to bring?", "Your identity card, proof of your income and your rental contract."),
                    heading("When is the grocery open?"),
                    p("Every first and third Thursday of the month, from 1.30 to 4.30 pm, Lindenplein 4."),
                    question(
                        "How long is my badge valid?",
                        "Six months. Then your social worker checks with you whether it can be renewed.",
                    ),
                ],
            },
        },
    ),
    (
        "playground",
        True,
        {
            "nl": {
                "title": "Speelpleinwerking",
                "slug": "speelpleinwerking",
                "intro": "In elke schoolvakantie spelen kinderen van 2,5 tot 12 jaar op het speelplein, met een warme maaltijd.",
                "body": [
                    p("Je schrijft je kind in per dag. Met UiTPAS betaal je het kansentarief."),
                    info(
                        "Wat breng je mee?", "Makkelijke kleren, een regenjas, een drinkbus en zonnecrème in de zomer."
                    ),
                    question(
                        "Mijn kind spreekt nog weinig Nederlands. Kan het meedoen?",
                        "Ja. Onze animatoren spreken samen veel talen en we oefenen spelenderwijs Nederlands.",
                    ),
                ],
            },
            "fr": {
                "title": "Plaines de jeux",
                "slug": "plaines-de-jeux",
                "intro": "Pendant chaque congé scolaire, les enfants de 2,5 à 12 ans jouent à la plaine, avec un repas chaud.",
                "body": [
                    p("Vous inscrivez votre enfant par journée. Avec l'UiTPAS, vous payez le tarif social."),
                    info(
                        "Qu'apporter ?",
                        "Des vêtements confortables, un imperméable, une gourde et de la crème solaire en été.",
                    ),
                    question(
                        "Mon enfant parle encore peu le néerlandais. Peut-il participer ?",
                        "Oui. Nos animateurs parlent beaucoup de langues et nous pratiquons le néerlandais en jouant.",
                    ),
                ],
            },
            "en": {
                "title": "Holiday playgrounds",
                "slug": "holiday-playgrounds",
                "intro": "In every school holiday, children from 2.5 to 12 play at the playground, with a hot meal.",
                "body": [
                    p("You book your child per day. With UiTPAS you pay the social tariff."),
                    info("What to bring?", "Comfortable clothes, a raincoat, a water bottle and sun cream in summer."),
                    question(
                        "My child speaks little Dutch yet. Can they join?",
                        "Yes. Our animators speak many languages and we practise Dutch through play.",
                    ),
                ],
            },
        },
    ),
    (
        "social_service",
        True,
        {
            "nl": {
                "title": "Sociale dienst",
                "slug": "sociale-dienst",
                "intro": "Het Sociaal Huis helpt je met vragen over geld, wonen, gezondheid en opvoeding.",
                "body": [
                    p(
                        "Je kan zonder afspraak langskomen op maandag, woensdag en vrijdag van 9 tot 12 uur. "
                        "Op andere momenten maak je een afspraak met een maatschappelijk werker."
                    ),
                    info("Adres", "Sociaal Huis Kansen, Kerkstraat 12, 2800 Mechelen. Telefoon 015 12 34 56."),
                ],
            },
            "fr": {
                "title": "Service social",
                "slug": "service-social",
                "intro": "La Maison sociale vous aide pour vos questions d'argent, de logement, de santé et d'éducation.",
                "body": [
                    p(
                        "Vous pouvez passer sans rendez-vous le lundi, le mercredi et le vendredi de 9 h à 12 h. "
                        "À d'autres moments, prenez rendez-vous avec un assistant social."
                    ),
                    info("Adresse", "Sociaal Huis Kansen, Kerkstraat 12, 2800 Malines. Téléphone 015 12 34 56."),
                ],
            },
            "en": {
                "title": "Social service",
                "slug": "social-service",
                "intro": "The Social House helps you with questions about money, housing, health and parenting.",
                "body": [
                    p(
                        "You can drop in without an appointment on Monday, Wednesday and Friday from 9 to 12. "
                        "At other times, make an appointment with a social worker."
                    ),
                    info("Address", "Sociaal Huis Kansen, Kerkstraat 12, 2800 Mechelen. Phone 015 12 34 56."),
                ],
            },
        },
    ),
    (
        "privacy",
        False,
        {
            "nl": {
                "title": "Privacyverklaring",
                "slug": "privacy",
                "intro": "Welke gegevens we over je gezin bijhouden, waarom, hoe lang, en wat je rechten zijn.",
                "body": [
                    p(
                        "We vragen alleen wat we nodig hebben om je in te schrijven en je te bereiken. "
                        "We delen je gegevens met niemand buiten het Sociaal Huis en zijn partners."
                    ),
                    p(
                        "Je mag altijd vragen welke gegevens we hebben, en vragen om ze te wissen. "
                        "Mail naar privacy@kansen.example of vraag het aan je maatschappelijk werker."
                    ),
                ],
            },
            "fr": {
                "title": "Déclaration de confidentialité",
                "slug": "vie-privee",
                "intro": "Quelles données nous gardons sur votre famille, pourquoi, combien de temps, et quels sont vos droits.",
                "body": [
                    p(
                        "Nous ne demandons que ce qu'il faut pour vous inscrire et vous joindre. "
                        "Nous ne partageons vos données avec personne en dehors de la Maison sociale et de ses partenaires."
                    ),
                    p(
                        "Vous pouvez toujours demander quelles données nous avons, et demander de les effacer. "
                        "Écrivez à privacy@kansen.example ou demandez-le à votre assistant social."
                    ),
                ],
            },
            "en": {
                "title": "Privacy statement",
                "slug": "privacy-statement",
                "intro": "What we keep about your family, why, for how long, and what your rights are.",
                "body": [
                    p(
                        "We only ask what we need to register you and to reach you. "
                        "We share your data with nobody outside the Social House and its partners."
                    ),
                    p(
                        "You can always ask which data we hold, and ask us to erase it. "
                        "Write to privacy@kansen.example or ask your social worker."
                    ),
                ],
            },
        },
    ),
]

# username, first name, last name, role group key (None: superuser)
USERS = [
    ("admin", "Ann", "Wouters", None),
    ("els", "Els", "Peeters", "coordinators"),
    ("sofie", "Sofie", "Janssens", "social_workers"),
    ("marc", "Marc", "Van den Broeck", "grocery_volunteers"),
    ("yasmina", "Yasmina", "El Amrani", "animators"),
    ("pieter", "Pieter", "De Smet", "editors"),
]
DEMO_PASSWORD = "kansen-demo"
