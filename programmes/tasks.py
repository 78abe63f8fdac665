"""Background work: ids in, never instances (the worker loads fresh rows)."""

from django_tasks import task


@task()
def regenerate_programme_sessions(programme_id):
    from programmes.models import ProgrammePage
    from programmes.services.scheduling import regenerate_sessions

    programme = ProgrammePage.objects.live().filter(pk=programme_id).specific().first()
    if programme is not None:
        regenerate_sessions(programme)
