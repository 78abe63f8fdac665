"""Background work: ids in, never instances (the worker loads fresh rows)."""

from django_tasks import task


@task()
def regenerate_programme_sessions(programme_id):
    from programmes.models import ProgrammePage
    from programmes.services.scheduling import regenerate_sessions

    programme = ProgrammePage.objects.filter(pk=programme_id, live=True).first()
    if programme is not None:
        regenerate_sessions(programme.specific)


@task()
def extend_session_horizon():
    """Daily: keep a year of sessions ahead for every live programme."""
    from programmes.models import ProgrammePage
    from programmes.services.scheduling import regenerate_sessions

    for programme in ProgrammePage.objects.live().specific().iterator():
        regenerate_sessions(programme)
