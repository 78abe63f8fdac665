"""`manage.py export_volunteer <user name> [--output FILE]`: everything we hold
about one volunteer (profile, certificates, shifts and hours, and who looked
at or changed them), as JSON (programmes/subject_access.py), for a
volunteer's access request. Audit-logged like export_household."""

from django.core.management.base import BaseCommand, CommandError

from programmes import subject_access
from programmes.management.json_export import write_export
from programmes.models import Volunteer


class Command(BaseCommand):
    help = "Export everything we hold about a volunteer as JSON (an access request)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The volunteer's user name (as they sign in).")
        parser.add_argument("--output", metavar="FILE", help="Write the JSON to FILE instead of standard output.")

    def handle(self, *args, username, output=None, **options):
        found = Volunteer.objects.filter(user__username=username).first()
        if found is None:
            raise CommandError(f"No volunteer with the user name {username!r}.")
        write_export(self, found, subject_access.export_volunteer(found), output=output)
