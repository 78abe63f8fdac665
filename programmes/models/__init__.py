from .feeds import FeedToken
from .pages import Kind, ProgrammeIndexPage, ProgrammePage, RegistrationMode
from .places import Language, Venue
from .schedule import Nth, Preset, ScheduleRule
from .sessions import Session

__all__ = [
    "FeedToken",
    "Kind",
    "Language",
    "Nth",
    "Preset",
    "ProgrammeIndexPage",
    "ProgrammePage",
    "RegistrationMode",
    "ScheduleRule",
    "Session",
    "Venue",
]
