"""What holiday_play does when the school holidays change (connected in apps.py)."""

from django.db import transaction

from programmes.models import ProgrammePage
from programmes.tasks import regenerate_programme_sessions


def holidays_changed(sender, instance, **kwargs):
    """Programmes that skip school holidays plan their sessions again: a new
    holiday drops the sessions in it (those without people), a removed one
    brings them back."""
    programmes = ProgrammePage.objects.live().filter(schedule_rules__skip_school_holidays=True).distinct()
    ids = list(programmes.values_list("pk", flat=True))

    def enqueue():
        for programme_id in ids:
            regenerate_programme_sessions.enqueue(programme_id)

    transaction.on_commit(enqueue)
