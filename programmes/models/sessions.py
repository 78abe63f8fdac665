import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Left, Length
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction


def unrestricted():
    """The pages no view restriction covers (one on the page itself or on a
    page above it), as Wagtail's `public()` has them, but asked inside the
    same query: `public()` first reads every restriction, a query of its own
    on every finder and home page view."""
    above = PageViewRestriction.objects.filter(page__path=Left(OuterRef("path"), Length("page__path")))
    return ~Exists(above)


class SessionQuerySet(models.QuerySet):
    """Conditions on programme pages are subqueries on the small pages table,
    not joins on every session row."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for session in objs:
            session.set_local_fields()
        return super().bulk_create(objs, *args, **kwargs)

    def upcoming(self, now=None):
        """Sessions that have not ended yet."""
        return self.filter(ends_at__gte=now or timezone.now())

    def scheduled(self):
        return self.filter(status=Session.Status.SCHEDULED)

    def with_programme_fields(self, *fields, through="programme"):
        """Whole sessions with only `fields` of their programme (`through`: the
        path to it, e.g. to a subclass's page). All of a page's sixty columns
        cost as much to load as the rest of a small query; a field left out
        costs a query of its own when read."""
        return self.select_related(through).only(
            *(field.attname for field in Session._meta.concrete_fields),
            *(f"{through}__{field}" for field in fields),
        )

    def public(self):
        """Sessions of live programmes that anyone may see: none below a page
        with a view restriction (cancelled ones included: families must see them)."""
        return self.filter(programme_id__in=Page.objects.live().filter(unrestricted()).values("pk"))

    def for_day(self, day):
        return self.filter(local_date=day)

    def for_household(self, household):
        """Where a household is expected: its confirmed registrations and every
        session of the groups it is a member of."""
        return self.filter(
            Q(registrations__household=household, registrations__status="confirmed")
            | Q(programme__memberships__household=household, programme__memberships__status="active")
        ).distinct()


class Session(models.Model):
    """One concrete occurrence of a programme. A plain model: sessions outlive
    page revisions, and registrations and attendance point at them."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    # No index of its own: every index below and the unique constraint start with it.
    programme = models.ForeignKey(
        "programmes.ProgrammePage",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="sessions",
        db_index=False,
    )
    # The iCal UID: stored, so that a calendar app recognises the session after
    # any change to its title, time or address.
    uid = models.UUIDField(_("calendar id"), default=uuid.uuid4, unique=True, editable=False)
    rule = models.ForeignKey(
        "programmes.ScheduleRule",
        verbose_name=_("schedule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        help_text=_("Empty for a session added by hand."),
    )
    original_start = models.DateTimeField(
        _("originally planned start"), help_text=_("Where the schedule put it; the key that regeneration uses.")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.ForeignKey(
        "programmes.Venue",
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Empty: no limit."))
    reserved_places = models.PositiveIntegerField(
        _("places kept for referred families"),
        default=0,
        help_text=_("Only households referred by the social service can take these places."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    changed_by_hand = models.BooleanField(
        _("changed by hand"),
        default=False,
        help_text=_("Regeneration leaves the time and venue of this session alone."),
    )
    needs_attention = models.CharField(
        _("needs attention"),
        max_length=200,
        blank=True,
        help_text=_("Why the schedule could not change this session by itself, e.g. it has registrations."),
    )
    # The local date, weekday and hour, kept with every save: the finder filters
    # and counts on them, and converting every row's time zone in SQL is slow.
    local_date = models.DateField(_("date"), editable=False)
    local_weekday = models.PositiveSmallIntegerField(_("weekday"), editable=False, help_text="1 = Monday")
    local_hour = models.PositiveSmallIntegerField(_("hour"), editable=False)
    sequence = models.PositiveIntegerField(
        _("revision"), default=0, help_text=_("Grows with every change (iCal SEQUENCE).")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "original_start"], name="session_unique_original_start"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(
                condition=Q(status="scheduled") | ~Q(cancel_reason=""), name="session_cancelled_with_reason"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(reserved_places__lte=models.F("capacity")),
                name="session_reserved_within_capacity",
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["ends_at"]),
            models.Index(fields=["local_date"]),
            models.Index(fields=["programme", "starts_at"]),
            # The finder: the upcoming sessions of the matching programmes, with
            # what its filters and counts read and what it sorts on, so that
            # counting and paging read this index alone (5× less on 1 000
            # programmes than the table through `programme_id`).
            models.Index(
                fields=["programme", "ends_at", "local_weekday", "local_hour", "starts_at"],
                name="session_finder_idx",
            ),
            # The figures: the reported programmes' sessions of a period and
            # whether they went ahead, read from this index alone (their four
            # queries over a year of a town's data take a tenth less time
            # than through `programme_id`).
            models.Index(fields=["programme", "local_date", "status"], name="session_figures_idx"),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.programme.title}, {local:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        self.set_local_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "local_date", "local_weekday", "local_hour"}
        super().save(*args, **kwargs)

    def set_local_fields(self):
        local = timezone.localtime(self.starts_at, ZoneInfo(settings.TIME_ZONE))
        self.local_date, self.local_weekday, self.local_hour = local.date(), local.isoweekday(), local.hour

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def effective_venue(self):
        return self.venue or self.programme.venue

    def has_people(self):
        """True when anything points at this session (registrations, attendance,
        visits, bookings, someone on a shift): then it may not vanish or move
        silently. Rows the session owns (deleted with it: its shifts, the
        animators counted) only count for what points at them."""
        return _has_people(self)


def _has_people(instance):
    for relation in instance._meta.related_objects:
        if not (relation.one_to_many or relation.one_to_one):
            continue
        rows = relation.related_model._default_manager.filter(**{relation.field.name: instance})
        if relation.on_delete is not models.CASCADE:
            if rows.exists():
                return True
        elif any(_has_people(row) for row in rows):
            return True
    return False
