from programmes.errors import ProgrammeError


class GroceryError(ProgrammeError):
    """A grocery rule said no. Codes: has_badge, not_active, not_suspended,
    reason, persons, dates, visited, limit_reached, expired, not_yet_valid,
    suspended, replaced, nonce."""
