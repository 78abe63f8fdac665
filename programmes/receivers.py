"""What programmes does when pages and sessions change (connected in apps.py)."""

from wagtail.models import Locale

from programmes import cache_version
from programmes.models import ProgrammePage
from programmes.tasks import regenerate_programme_sessions


def programme_published(sender, instance, **kwargs):
    """Sessions are generated from the programme in the default language only;
    its translations show the same sessions."""
    if not isinstance(instance, ProgrammePage):
        return
    if instance.locale_id == Locale.get_default().pk:
        regenerate_programme_sessions.enqueue(instance.pk)
    cache_version.bump()
