from .feeds import FeedToken
from .pages import CapacityCounts, Kind, ProgrammeIndexPage, ProgrammePage, RegistrationMode
from .people import CONSENT_TEXTS, Consent, Household, Person
from .places import Language, Venue
from .registrations import Membership, Registration
from .schedule import Nth, Preset, ScheduleRule
from .sessions import Session

__all__ = [
    "CONSENT_TEXTS",
    "CapacityCounts",
    "Consent",
    "FeedToken",
    "Household",
    "Kind",
    "Language",
    "Membership",
    "Nth",
    "Person",
    "Preset",
    "ProgrammeIndexPage",
    "ProgrammePage",
    "Registration",
    "RegistrationMode",
    "ScheduleRule",
    "Session",
    "Venue",
]
