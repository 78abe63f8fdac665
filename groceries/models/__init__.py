from .badges import Badge, Referrer
from .pages import GroceryPage, LimitPeriod, PackageSize
from .visits import CheckAttempt, Verdict, Visit

__all__ = [
    "Badge",
    "CheckAttempt",
    "GroceryPage",
    "LimitPeriod",
    "PackageSize",
    "Referrer",
    "Verdict",
    "Visit",
]
