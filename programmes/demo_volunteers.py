"""Demo volunteers: the roles, the standard shifts of the grocery, the parent
breakfast, the parent groups and the playground, 24 volunteers from town
(Flemish and newcomers) next to the demo's door volunteer and animator, their
certificates in every state, and a year of shifts.

Run last (website.demo): the shifts hang on every app's sessions, the
grocery's openings and the playground's days included. The past is written as
rows (the sign-up rules rightly refuse shifts that are over), but every row
keeps the rules: nobody is on two shifts at once, nobody before they joined
or after they stopped, and nobody on a shift their certificates do not allow
that day (`rosters.qualifies`). The demo's door volunteer is on the door at
every opening, so the door, which follows the roster, opens for him at each.
Dates are relative to today, so the demo looks right whichever day it is
seeded. Idempotent: once there are volunteers, it leaves everything as it is.
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from programmes.demo import PROGRAMMES
from programmes.models import (
    Certificate,
    Kind,
    Language,
    ProgrammePage,
    Role,
    Session,
    Shift,
    ShiftAssignment,
    ShiftTemplate,
    Volunteer,
    VolunteerSettings,
)
from programmes.services import rosters
from programmes.tasks import SHIFT_REMINDER_AHEAD

# Roles are data (a snippet): their names are what the volunteers read, in Dutch.
ROLES = {
    "door": "Onthaal/deur",
    "cashier": "Kassa",
    "stock": "Stock",
    "cook": "Kok",
    # The playground's animators work per age group: the day list shows each group's.
    "animator_toddlers": "Animator kleuters",
    "animator_middle": "Animator middengroep",
    "animator_teens": "Animator tieners",
    "interpreter": "Tolk",
    "driver": "Chauffeur",
}
CHILD_FACING = {"animator_toddlers", "animator_middle", "animator_teens"}
# A volunteer who is an animator takes shifts in any age group's role.
WORKS_AS = dict.fromkeys(CHILD_FACING, "animator")

# Per programme (a key of programmes.demo.PROGRAMMES, or "playground"): role,
# volunteers needed, minutes from the session's start and from its end.
TEMPLATES = {
    "grocery": [("door", 2, -30, None), ("cashier", 1, None, None), ("stock", 1, -60, None)],
    "living": [("cook", 2, -45, None)],
    "bulgarian": [("interpreter", 1, None, None)],
    "slovak": [("interpreter", 1, None, None)],
    "playground": [
        ("animator_toddlers", 2, None, None),
        ("animator_middle", 2, None, None),
        ("animator_teens", 1, None, None),
    ],
}

# Which programme's team (passed in by the site layer) a role works in: the
# grocery's door team lets its members check badges during their shifts, the
# playground's animator team shows the day lists.
TEAM_OF_ROLE = {"door": "grocery", "cashier": "grocery", "animator": "playground"}

# Certificates, as "kind:state": model_2 (renewed every year, the current one
# valid), model_2:expiring (runs out in three weeks), model_2:expired (ran out
# two months ago, not renewed), model_2:unconfirmed (declared, not yet seen by
# a coordinator), model_2:new (issued when they joined); first_aid; animator.
# username: (full name, languages, roles, joined months ago, certificates)
VOLUNTEERS = {
    "veerle": ("Veerle Claes", "nl fr", "door cashier", 38, ""),
    "jan": ("Jan De Smet", "nl en", "door stock driver", 52, "first_aid"),
    "fatima": ("Fatima El Amrani", "nl ar fr", "cook cashier", 30, ""),
    "ivan": ("Ivan Petrov", "bg nl en", "interpreter driver", 27, ""),
    "desislava": ("Desislava Todorova", "bg en nl", "interpreter animator", 6, "model_2:new"),
    "marek": ("Marek Sloboda", "sk nl", "interpreter", 33, ""),
    "zuzana": ("Zuzana Lacková", "sk en nl", "interpreter cook", 20, ""),
    "lotte": ("Lotte Verbeke", "nl en", "animator", 44, "model_2 animator"),
    "wout": ("Wout Vandenberghe", "nl", "animator", 26, "model_2:expiring first_aid"),
    "amira": ("Amira Benali", "nl ar fr", "animator", 25, "model_2:expired"),
    "emre": ("Emre Yılmaz", "tr nl", "animator", 0, "model_2:unconfirmed"),
    "nore": ("Nore Jacobs", "nl fr", "animator", 36, "model_2 first_aid"),
    "kaloyan": ("Kaloyan Georgiev", "bg nl", "animator", 7, "model_2:new"),
    "salma": ("Salma Bouzid", "nl ar", "animator cook", 29, "model_2"),
    "tuur": ("Tuur Wouters", "nl en", "animator", 48, "model_2 animator"),
    "greet": ("Greet Van Hove", "nl", "cook", 60, ""),
    "murat": ("Murat Koç", "tr nl en", "stock driver", 22, ""),
    "ioana": ("Ioana Dumitru", "ro en nl", "cashier stock", 18, ""),
    "iryna": ("Iryna Bondarenko", "uk en nl", "cook cashier", 15, ""),
    "paul": ("Paul Verbruggen", "nl", "door driver", 56, ""),
    "martine": ("Martine Mertens", "nl fr", "door cashier", 46, ""),
    "hamza": ("Hamza Zerouali", "nl ar", "stock animator", 31, "model_2 first_aid"),
    "celine": ("Céline Lambert", "fr nl en", "cook cashier", 12, ""),
    "bart": ("Bart Hermans", "nl", "door stock", 40, "first_aid"),
}
# Who stopped, months ago: their history stays, they no longer sign up.
STOPPED = {"martine": 3}

# The demo users who already have a volunteer's role group get a profile too.
# role group key: (languages, roles, joined months ago, certificates)
EXISTING = {
    "grocery_volunteers": ("nl en", "door", 34, "first_aid"),
    "animators": ("nl ar fr", "animator", 40, "model_2 first_aid animator"),
}
# The door volunteer of the existing demo users takes the door at every opening.
REGULAR_ROLE = "door"

# What the coordinator noted (by username, or role group key for EXISTING): skills, and when they can come.
NOTES = {
    "grocery_volunteers": ("Onthaal aan de deur; kent de badges.", "Elke openingsnamiddag."),
    "animators": ("Animator; spreekt Arabisch en Frans.", "Woensdagnamiddag en de schoolvakanties."),
    "veerle": ("Onthaal en kassa; spreekt Frans.", "Donderdagnamiddag."),
    "jan": ("Rijbewijs B; rijdt met de bestelwagen naar de voedselbank.", "Donderdag, ook 's ochtends."),
    "fatima": ("Koken voor grote groepen; tolkt Arabisch.", "Eerste woensdag van de maand en donderdagnamiddag."),
    "ivan": ("Tolk Bulgaars–Nederlands; rijbewijs B.", "Dinsdagnamiddag."),
    "desislava": ("Tolk Bulgaars; speelt graag met kleuters.", "Dinsdagnamiddag en de schoolvakanties."),
    "marek": ("Tolk Slovaaks–Nederlands.", "Donderdagochtend."),
    "zuzana": ("Tolk Slovaaks; bakt pannenkoeken.", "Donderdagochtend, eerste woensdag van de maand."),
    "lotte": ("Attest animator; sport en spel.", "Alle schoolvakanties."),
    "wout": ("Knutselen en toneel; EHBO.", "Kerst-, paas- en zomervakantie."),
    "amira": ("Speelde zelf op het speelplein; spreekt Arabisch.", "Paas- en zomervakantie."),
    "emre": ("Voetbal; spreekt Turks.", "Kerstvakantie en zomervakantie."),
    "nore": ("Kleuterleidster in opleiding; EHBO.", "Alle schoolvakanties."),
    "kaloyan": ("Muziek en gitaar; spreekt Bulgaars.", "Krokus- en zomervakantie."),
    "salma": ("Koken met kinderen; spreekt Arabisch.", "Schoolvakanties, eerste woensdag van de maand."),
    "tuur": ("Hoofdanimator; attest animator.", "Alle schoolvakanties."),
    "greet": ("Kookt al jaren het ontbijt van De Living.", "Eerste woensdag van de maand."),
    "murat": ("Magazijnwerk; rijbewijs C.", "Donderdag, de hele dag."),
    "ioana": ("Kassa; spreekt Roemeens.", "Donderdagnamiddag, niet in augustus."),
    "iryna": ("Koken; spreekt Oekraïens en Russisch.", "Woensdag- en donderdagvoormiddag."),
    "paul": ("Gepensioneerd buschauffeur.", "Elke donderdag."),
    "martine": ("Onthaal en kassa.", "Donderdagnamiddag."),
    "hamza": ("Sport en stockbeheer; EHBO.", "Donderdag en de schoolvakanties."),
    "celine": ("Koken en kassa; spreekt Frans.", "Eerste woensdag van de maand, donderdagnamiddag."),
    "bart": ("Onthaal en stock; EHBO.", "Donderdagnamiddag."),
}

INSURANCE = "Polis vrijwilligerswerk van het Sociaal Huis (burgerlijke aansprakelijkheid en ongevallen)."

NO_SHOW_SHARE = 0.05
# Places filled: in the past, the next two weeks, the next eight, and beyond.
FILLED = {"past": 0.93, "soon": 0.95, "coming": 0.7, "later": 0.12}
CANCEL_SHARE = 0.03


@dataclass
class Profile:
    """A volunteer while the demo plans their shifts."""

    volunteer: Volunteer
    roles: set
    languages: set
    joined: datetime.date
    left: datetime.date | None = None
    regular: bool = False
    certificates: list = field(default_factory=list)
    busy: list = field(default_factory=list)  # (start, end) of their active shifts


def seed(log=print, *, password="", teams=None):
    """`password` for the new demo users; `teams` the groups a role works in,
    by programme ("grocery": the door team, "playground": the animator team)."""
    if Volunteer.objects.exists():
        log("Volunteers: already there, left as they are.")
        return
    programmes = _programmes()
    if not programmes:
        log("Volunteers: no programmes to work for; skipped.")
        return
    today, now = timezone.localdate(), timezone.now()
    rng = random.Random(2813)  # noqa: S311 - the same demo every time, not a secret
    with transaction.atomic():
        roles = _roles()
        shifts = _standard_shifts(programmes, roles)
        profiles = _volunteers(teams or {}, password, today, rng)
        assignments = _staff(shifts, programmes, roles, profiles, today, now, rng)
        # Stopped volunteers go inactive only now: their past shifts were planned as active ones.
        Volunteer.objects.filter(pk__in=[p.volunteer.pk for p in profiles if p.left]).update(active=False)
    states = _certificate_states(today)
    came = sum(1 for a in assignments if a.status == ShiftAssignment.Status.CAME)
    log(
        f"Volunteers: {len(profiles)} volunteers in {len(roles)} roles, {len(shifts)} shifts, "
        f"{len(assignments)} sign-ups ({came} came); certificates: "
        + ", ".join(f"{count} {state}" for state, count in states.items())
        + "."
    )


def _programmes():
    """The Dutch programme pages that have standard shifts, by TEMPLATES key."""
    dutch = ProgrammePage.objects.filter(locale__language_code="nl").order_by("path")
    found = {key: dutch.filter(slug=PROGRAMMES[key]["nl"]["slug"]).first() for key in TEMPLATES if key in PROGRAMMES}
    found["playground"] = dutch.filter(kind=Kind.PLAYGROUND).first()
    return {key: page.specific for key, page in found.items() if page is not None}


def role(key):
    """The demo's role `key` (of ROLES), made the first time it is asked for."""
    child_facing = key in CHILD_FACING
    return Role.objects.get_or_create(
        name=ROLES[key], defaults={"child_facing": child_facing, "requires_model_2": child_facing}
    )[0]


def _roles():
    return {key: role(key) for key in ROLES}


def _standard_shifts(programmes, roles):
    """The programmes' standard shifts, then a shift of each on every session."""
    for key, page in programmes.items():
        # ignore_conflicts: a role the programme already has a standard shift for stays as it is.
        ShiftTemplate.objects.bulk_create(
            [
                ShiftTemplate(
                    programme=page,
                    role=roles[role],
                    needed=needed,
                    start_offset_minutes=start,
                    end_offset_minutes=end,
                    sort_order=order,
                )
                for order, (role, needed, start, end) in enumerate(TEMPLATES[key])
            ],
            ignore_conflicts=True,
        )
        # The editor opens the page's latest revision: it holds the standard
        # shifts as if the programme had been published with them, or the
        # next publication would drop them. (Publishing again here would
        # replan every session for nothing and slow the seeding down.)
        revision = page.latest_revision
        if revision is not None:
            revision.content = type(page).objects.get(pk=page.pk).serializable_data()
            revision.save(update_fields=["content"])
        rosters.apply_shift_templates(page, list(Session.objects.filter(programme=page)))
    return list(
        Shift.objects.filter(session__programme__in=[page.pk for page in programmes.values()])
        .select_related("session", "role")
        .order_by("session__starts_at", "role__name", "pk")
    )


def _volunteers(teams, password, today, rng):
    User = get_user_model()
    languages = Language.objects.in_bulk(field_name="code")
    role_groups = {key: Group.objects.get(name=name) for key, name in settings.KANSEN_ROLE_GROUPS.items()}
    desk = _desk_group()
    certificate_settings = VolunteerSettings.load()
    confirmer = _confirmer()
    # One hash for every demo volunteer: hashing is slow on purpose, and they share the demo password.
    hashed = make_password(password or None)

    # (user, key of their NOTES, EXISTING group key or None, languages, roles, joined months ago, certificates)
    people = [
        (User.objects.filter(groups=role_groups[group_key]).order_by("pk").first(), group_key, group_key, *rest)
        for group_key, rest in EXISTING.items()
    ]
    for username, (full_name, *rest) in VOLUNTEERS.items():
        first_name, last_name = full_name.split(" ", 1)
        user = User.objects.create(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@kansen.example",
            password=hashed,
        )
        people.append((user, username, None, *rest))

    profiles = []
    for index, (user, notes, group_key, language_codes, role_keys, joined_ago, plan) in enumerate(people):
        if user is None:
            continue
        skills, availability = NOTES[notes]
        joined = today - relativedelta(months=joined_ago, days=index)
        volunteer = Volunteer.objects.create(
            user=user,
            phone=f"04{70 + index % 30:02d} {12 + index * 7 % 80:02d} {30 + index * 3 % 60:02d} {10 + index:02d}",
            skills=skills,
            availability=availability,
            agreement_signed_on=joined,
            insurance_note=INSURANCE,
        )
        codes = language_codes.split()
        volunteer.languages.set([languages[code] for code in codes if code in languages])
        role_set = set(role_keys.split())
        left = STOPPED.get(user.username)
        profile = Profile(
            volunteer=volunteer,
            roles=role_set,
            languages=set(codes),
            joined=joined,
            left=today - relativedelta(months=left) if left else None,
            regular=group_key == "grocery_volunteers" and REGULAR_ROLE in role_set,
        )
        profile.certificates = _certificates(volunteer, plan, joined, today, certificate_settings, confirmer, rng)
        user.groups.add(*_groups_of(role_set, role_groups, desk, teams))
        profiles.append(profile)
    return profiles


def _groups_of(role_keys, role_groups, desk, teams):
    """The role group that opens the desk to them, and the teams of where they work."""
    groups = []
    if role_keys & {"door", "cashier", "stock"}:
        groups.append(role_groups["grocery_volunteers"])
    if "animator" in role_keys:
        groups.append(role_groups["animators"])
    if not groups:
        groups.append(desk)
    groups += [teams[TEAM_OF_ROLE[key]] for key in role_keys if teams.get(TEAM_OF_ROLE.get(key))]
    return groups


def _desk_group():
    """Cooks, interpreters and drivers use the desk for their shifts only."""
    return Group.objects.get(name=settings.KANSEN_ROLE_GROUPS["volunteers"])


def _confirmer():
    """The coordinator who checks the certificates on paper."""
    users = get_user_model().objects.order_by("pk")
    coordinators = users.filter(groups__name=settings.KANSEN_ROLE_GROUPS["coordinators"])
    return coordinators.first() or users.filter(is_superuser=True).first()


def _certificates(volunteer, plan, joined, today, certificate_settings, confirmer, rng):
    """The volunteer's certificates as planned: dates only, never a document."""
    made = []
    validity = relativedelta(months=certificate_settings.model_2_valid_months)
    reminder = datetime.timedelta(weeks=certificate_settings.renewal_reminder_weeks)

    def add(kind, issued_on, *, valid_until=None, confirmed=True, reminded=False):
        certificate = Certificate(
            volunteer=volunteer,
            kind=kind,
            issued_on=issued_on,
            valid_until=valid_until,
            declared_by_volunteer=True,
        )
        if confirmed:
            certificate.confirmed_by = confirmer
            certificate.confirmed_at = _at(min(issued_on + datetime.timedelta(days=4), today))
        window_opened = issued_on + validity - reminder
        if reminded and window_opened <= today:  # the daily task mailed them then
            certificate.renewal_reminded_at = _at(window_opened)
        certificate.save()  # a model 2's end follows from the organisation's validity
        made.append(certificate)

    for token in plan.split():
        kind, _sep, state = token.partition(":")
        if kind == Certificate.Kind.FIRST_AID:
            issued = today - relativedelta(months=rng.randint(4, 30))
            add(kind, issued, valid_until=issued + relativedelta(years=3))
        elif kind == Certificate.Kind.ANIMATOR:
            add(kind, joined + relativedelta(months=rng.randint(3, 9)))
        elif state == "unconfirmed":
            add(kind, today - datetime.timedelta(days=10), confirmed=False)
        elif state == "new":
            add(kind, joined)
        else:
            if state == "expiring":
                current = today + datetime.timedelta(weeks=3) - validity
            elif state == "expired":
                current = today - relativedelta(months=2) - validity
            else:
                months = certificate_settings.model_2_valid_months
                current = today - relativedelta(months=rng.randint(2, max(months - 3, 2)))
            # Renewed every year: last year's certificate covers the shifts before this one.
            add(kind, current - validity)
            add(kind, current, reminded=state in ("expiring", "expired"))
    return made


def _pools(programmes, profiles):
    """Who may be asked for each (programme, role): an interpreter must speak
    the group's language."""
    pools = defaultdict(list)
    for key, page in programmes.items():
        spoken = set(page.languages.values_list("code", flat=True)) - {"nl"}
        for role, *_rest in TEMPLATES[key]:
            for profile in profiles:
                if WORKS_AS.get(role, role) not in profile.roles:
                    continue
                if role == "interpreter" and not profile.languages & spoken:
                    continue
                pools[(page.pk, role)].append(profile)
    return pools


def _staff(shifts, programmes, roles, profiles, today, now, rng):
    """Sign-ups for every shift, written in one go: a year of history, the
    coming weeks mostly staffed (some shifts short), later ones barely."""
    pools = _pools(programmes, profiles)
    keys = {role.pk: key for key, role in roles.items()}
    grace = VolunteerSettings.load().grace
    rows = []
    for shift in shifts:
        if shift.session.status == Session.Status.CANCELLED:
            continue
        start, end = shift.effective_starts_at, shift.effective_ends_at
        day = shift.local_date
        ahead = (day - today).days
        period = "past" if end <= now else "soon" if ahead <= 14 else "coming" if ahead <= 56 else "later"
        pool = pools.get((shift.session.programme_id, keys[shift.role_id]), [])
        regulars = [p for p in pool if p.regular]
        others = [p for p in pool if not p.regular]
        rng.shuffle(others)
        places = max(len(regulars), sum(rng.random() < FILLED[period] for _ in range(shift.needed)))
        taken = 0
        for profile in regulars + others:
            if taken >= min(places, shift.needed):
                break
            if not _may_take(profile, shift, start, end, day, grace):
                continue
            if period != "past" and start > now and not profile.regular and rng.random() < CANCEL_SHARE:
                rows.append(_assignment(shift, profile, ShiftAssignment.Status.CANCELLED, now, rng, cancelled=True))
                continue
            rows.append(_assignment(shift, profile, _status(period, start, now, profile, rng), now, rng))
            profile.busy.append((start, end))
            taken += 1
    ShiftAssignment.objects.bulk_create(rows, batch_size=500)
    # created_at is set to now on insert: the history gets the days people signed up on.
    for assignment in rows:
        assignment.created_at = assignment.signed_up_at
    ShiftAssignment.objects.bulk_update(rows, ["created_at"], batch_size=500)
    return rows


def _may_take(profile, shift, start, end, day, grace):
    """The rules a sign-up keeps: joined and not stopped by then, the
    certificates the role needs on that day (no grace: the demo shows no
    warning), and no other shift at the same time."""
    if day < profile.joined or (profile.left and day >= profile.left):
        return False
    ok, code = rosters.qualifies(profile.volunteer, shift, certificates=profile.certificates, grace=grace)
    if not ok or code:
        return False
    return not any(busy_start < end and start < busy_end for busy_start, busy_end in profile.busy)


def _status(period, start, now, profile, rng):
    if period == "past":
        return ShiftAssignment.Status.NO_SHOW if rng.random() < NO_SHOW_SHARE else ShiftAssignment.Status.CAME
    if start <= now or profile.regular:
        return ShiftAssignment.Status.CONFIRMED
    confirmed = 0.7 if period == "soon" else 0.3
    return ShiftAssignment.Status.CONFIRMED if rng.random() < confirmed else ShiftAssignment.Status.SIGNED_UP


def _assignment(shift, profile, status, now, rng, *, cancelled=False):
    start = shift.effective_starts_at
    signed_up = min(start, now) - datetime.timedelta(days=rng.randint(2, 28), minutes=rng.randint(0, 600))
    signed_up = min(max(signed_up, _at(profile.joined)), start - datetime.timedelta(hours=1))
    # The reminder task mails two days ahead (or at once for a later sign-up).
    due = max(start - SHIFT_REMINDER_AHEAD, signed_up)
    assignment = ShiftAssignment(
        shift=shift,
        volunteer=profile.volunteer,
        status=status,
        created_by=profile.volunteer.user,
        cancelled_at=min(signed_up + datetime.timedelta(days=rng.randint(1, 5)), now) if cancelled else None,
        reminded_at=min(due + datetime.timedelta(minutes=15), now) if due <= now and not cancelled else None,
        hours=_hours(shift) if status == ShiftAssignment.Status.CAME else None,
    )
    assignment.signed_up_at = signed_up
    return assignment


def _hours(shift):
    """The shift's length, to the quarter hour."""
    seconds = (shift.effective_ends_at - shift.effective_starts_at).total_seconds()
    return Decimal(round(seconds / 900)) / 4


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _certificate_states(today):
    """How many certificates the demo has in each state, for the log."""
    certificates = Certificate.objects.all()
    model_2 = certificates.filter(kind=Certificate.Kind.MODEL_2)
    soon = today + datetime.timedelta(weeks=VolunteerSettings.load().renewal_reminder_weeks)
    return {
        "valid model 2": model_2.covering(today).filter(valid_until__gt=soon).count(),
        "model 2 ending soon": model_2.covering(today).filter(valid_until__lte=soon).count(),
        "model 2 not yet confirmed": model_2.filter(confirmed_at__isnull=True).count(),
        "first aid": certificates.filter(kind=Certificate.Kind.FIRST_AID).count(),
    }
