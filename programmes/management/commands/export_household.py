"""`manage.py export_household <id> [--output FILE]`: everything we hold about
one household and its members, as JSON (programmes/subject_access.py), for an
access request. Without --output the JSON goes to standard output. Every run
writes an audit entry (no user: it ran on the server) with the household's id
and nothing of its data."""

from django.core.management.base import BaseCommand, CommandError

from programmes import subject_access
from programmes.management.json_export import write_export
from programmes.models import Household


class Command(BaseCommand):
    help = "Export everything we hold about a household and its members as JSON (an access request)."

    def add_arguments(self, parser):
        parser.add_argument("household", type=int, help="The household's id (see its address in the admin).")
        parser.add_argument("--output", metavar="FILE", help="Write the JSON to FILE instead of standard output.")

    def handle(self, *args, household, output=None, **options):
        found = Household.objects.filter(pk=household).first()
        if found is None:
            raise CommandError(f"No household with id {household}.")
        write_export(self, found, subject_access.export(found), output=output)
