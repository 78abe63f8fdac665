from .attendance import Attendance, AttendanceSubmission, RollCall
from .erasure import ErasureRecord
from .feeds import FeedToken
from .pages import CapacityCounts, Kind, ProgrammeIndexPage, ProgrammePage, RegistrationMode
from .people import CONSENT_TEXTS, Consent, Household, Person
from .places import Language, Venue
from .registrations import Membership, Registration
from .schedule import Nth, Preset, ScheduleRule
from .sessions import Session
from .volunteers import Certificate, Role, Shift, ShiftAssignment, ShiftTemplate, Volunteer, VolunteerSettings

__all__ = [
    "CONSENT_TEXTS",
    "Attendance",
    "AttendanceSubmission",
    "CapacityCounts",
    "Certificate",
    "Consent",
    "ErasureRecord",
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
    "Role",
    "RollCall",
    "ScheduleRule",
    "Session",
    "Shift",
    "ShiftAssignment",
    "ShiftTemplate",
    "Venue",
    "Volunteer",
    "VolunteerSettings",
]
