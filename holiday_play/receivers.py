"""What holiday_play does when the school holidays change (connected in apps.py)."""

from django.db import transaction

from holiday_play.models import PlaygroundPage
from programmes.models import ProgrammePage
from programmes.tasks import regenerate_programme_sessions


def holidays_changed(sender, instance, **kwargs):
    """Programmes that skip school holidays, and the playgrounds (which play
    in them), plan their sessions again: a new or longer holiday drops or adds
    sessions (never those with people), a removed one brings them back."""
    skipping = ProgrammePage.objects.live().filter(schedule_rules__skip_school_holidays=True)
    ids = set(skipping.values_list("pk", flat=True)) | set(PlaygroundPage.objects.live().values_list("pk", flat=True))

    def enqueue():
        for programme_id in ids:
            regenerate_programme_sessions.enqueue(programme_id)

    transaction.on_commit(enqueue)
