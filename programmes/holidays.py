"""Where programmes learn which days are school holidays.

programmes may not import holiday_play, which owns the holiday periods; it
registers a provider here instead (in its AppConfig.ready). Without any
provider there are no school holidays, and rules that skip them skip nothing.
"""

_providers = []


def register_provider(provider):
    """`provider(start, end)` returns the school-holiday dates in [start, end]."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_provider(provider):
    _providers.remove(provider)


def school_holidays(start, end):
    days = set()
    for provider in _providers:
        days |= set(provider(start, end))
    return days
