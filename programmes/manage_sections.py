"""What other apps add to a household's own page (the manage link).

programmes shows registrations and memberships; the playground adds the play
days a family booked. programmes may not import those apps: each registers a
function here (in its AppConfig.ready) that returns a `ManageSection` for a
household, or None when it has nothing to show.
"""

from dataclasses import dataclass, field

_providers = []


@dataclass(frozen=True)
class ManageSection:
    template_name: str
    context: dict = field(default_factory=dict)


def register(provider):
    """`provider(request, household, token)` returns a ManageSection or None."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def sections_for(request, household, token):
    sections = (provider(request, household, token) for provider in _providers)
    return [section for section in sections if section is not None]
