"""The grocery's part of a household's export (programmes/subject_access.py):
its badges, each with its renewals, visits and the checks at the door.

A badge's notes are the social worker's notes about the household: they are
in the export (they are the household's data), so only someone who may see
badges exports. The check attempts are those the door matched to a badge; a
code typed wrongly matched no badge and is nobody's data."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from programmes import subject_access
from programmes.subject_access import plain, values


def _badges(household):
    from groceries.models import Badge, CheckAttempt, Renewal, Visit

    badges = (
        Badge.objects.filter(household=household)
        .select_related("grocery")
        .prefetch_related(
            Prefetch("renewals", queryset=Renewal.objects.order_by("renewed_at", "pk")),
            Prefetch("visits", queryset=Visit.objects.select_related("opening").order_by("opening__starts_at", "pk")),
        )
        .order_by("issued_at", "pk")
    )
    badges = list(badges)
    checks = {}
    attempts = CheckAttempt.objects.filter(badge__in=[badge.pk for badge in badges]).order_by("at", "pk")
    for attempt in attempts:
        checks.setdefault(attempt.badge_id, []).append(values(attempt, "at", "code", "verdict"))
    return [
        {
            "code": badge.printed_code,
            "grocery": badge.grocery.title,
            **values(
                badge,
                "valid_from",
                "valid_until",
                "status",
                "status_reason",
                "referrer",
                "adults",
                "children",
                "notes",
                "issued_at",
                "replaces_id",
            ),
            "renewals": [values(renewal, "renewed_at", "valid_until") for renewal in badge.renewals.all()],
            "visits": [
                {"opening": plain(visit.opening.starts_at), **values(visit, "persons", "badge_expiring", "recorded_at")}
                for visit in badge.visits.all()
            ],
            "checks": checks.get(badge.pk, []),
        }
        for badge in badges
    ]


def _logged(household):
    from groceries.models import Badge

    return [(Badge, Badge.objects.filter(household=household))]


def register_sections():
    from groceries.models import Badge, CheckAttempt, Renewal, Visit

    subject_access.register(
        subject_access.Section(
            "badges",
            _("Grocery badges"),
            (Badge, Renewal, Visit, CheckAttempt),
            _badges,
            group="groceries",
            logged=_logged,
            permissions=("groceries.view_badge",),
            parts={"renewals": Renewal, "visits": Visit, "checks": CheckAttempt},
        )
    )
