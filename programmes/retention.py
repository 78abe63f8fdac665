"""Every app's retention rules, applied by one daily task (`manage.py
apply_retention`, with `--dry-run`). docs/data_protection.md says, per field,
how long we keep it; each rule here carries out one of those lines.

programmes may not import the other apps: each registers its rules in its
AppConfig.ready. A rule is a name, a function `apply(today, dry_run)` that
returns how many rows it erased (or would erase), and the fields of the doc it
carries out: "app.Model.field", or "app.Model.*" for a rule that deletes whole
rows (every field the doc lists for that model). The doc marks those rows
"(`apply_retention`)"; tests/test_data_protection_doc.py checks that the two
name the same fields.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

_rules = []


@dataclass(frozen=True)
class Rule:
    name: str
    apply: object
    fields: tuple = ()


def register(name, apply, *, fields):
    if name not in {rule.name for rule in _rules}:
        _rules.append(Rule(name, apply, tuple(fields)))


def rules():
    return list(_rules)


def apply_all(*, today=None, dry_run=False):
    """[(rule name, count)] for every rule, each in its own transaction."""
    today = today or timezone.localdate()
    results = []
    for rule in _rules:
        with transaction.atomic():
            results.append((rule.name, rule.apply(today, dry_run)))
    return results


def delete_older_than(queryset, field, days):
    """A rule's body for rows that simply go after `days`: delete (or count)
    the rows of `queryset` whose `field` is before the cut-off."""

    def apply(today, dry_run):
        cut_off = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time()))
        due = queryset().filter(**{f"{field}__lt": cut_off})
        if dry_run:
            return due.count()
        return delete_in_bulk(due)

    return apply


def delete_in_bulk(queryset):
    """`queryset.delete()` (with its cascades) for many rows: Wagtail's
    reference index, which otherwise drops each deleted row's entries with two
    queries of its own, is cleaned up with two queries per model. The number
    of rows deleted."""
    collector = Collector(using=queryset.db, origin=queryset)
    collector.collect(queryset)
    # Rows deleted without loading them (no signal handlers) were never indexed.
    deleted = {model: [row.pk for row in rows] for model, rows in collector.data.items()}
    with disable_reference_index_auto_update():
        count, _per_model = collector.delete()
    for model, keys in deleted.items():
        if keys and ReferenceIndex.model_is_indexable(model):
            content_type = ReferenceIndex._get_base_content_type(model)
            keys = [str(key) for key in keys]
            ReferenceIndex.objects.filter(base_content_type=content_type, object_id__in=keys).delete()
            ReferenceIndex.objects.filter(to_content_type=content_type, to_object_id__in=keys).delete()
    return count


def register_programmes_rules():
    from programmes import erasure
    from programmes.models import AttendanceSubmission, FeedToken

    # An attendance save is sent twice within minutes, not weeks.
    register(
        "programmes: attendance idempotency keys after 7 days",
        delete_older_than(AttendanceSubmission.objects.all, "created_at", 7),
        fields=("programmes.AttendanceSubmission.*",),
    )
    register(
        "programmes: revoked calendar links after 30 days",
        delete_older_than(lambda: FeedToken.objects.filter(revoked_at__isnull=False), "revoked_at", 30),
        fields=("programmes.FeedToken.*",),
    )
    # Erased as on request (every app's part, the audit log's titles), so the
    # registrations, visits and bookings keep counting in the figures.
    register(
        "programmes: households two years after the last contact",
        erasure.erase_out_of_touch,
        fields=("programmes.Household.*", "programmes.Person.*", "programmes.Consent.*"),
    )
