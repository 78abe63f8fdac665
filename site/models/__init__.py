from .desk import Desk
from .pages import HomePage, StandardPage
from .settings import OrganisationSettings

__all__ = ["Desk", "HomePage", "OrganisationSettings", "StandardPage"]
