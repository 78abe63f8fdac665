from .badges import Badge, Referrer, Renewal
from .pages import GroceryPage, LimitPeriod, PackageSize
from .visits import CheckAttempt, Verdict, Visit, VisitYearCount

__all__ = [
    "Badge",
    "CheckAttempt",
    "GroceryPage",
    "LimitPeriod",
    "PackageSize",
    "Referrer",
    "Renewal",
    "Verdict",
    "Visit",
    "VisitYearCount",
]
