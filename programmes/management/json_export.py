"""What the export commands share: the JSON, to a file or standard output,
and the audit entry (no user: the command ran on the server)."""

import json

from django.core.management.base import CommandError

from programmes import subject_access


def write_export(command, subject, data, *, output=None):
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
    else:
        command.stdout.write(text)
    subject_access.log_exported(subject, by=None, export_format="json")
    if output:
        command.stdout.write(f"{type(subject).__name__} {subject.pk} written to {output}.")
