"""Households taking part: per session (Registration) or in a group (Membership).

Capacity and the waiting list are guarded in services/enrolment.py by a row
lock on the session; the constraints below are the database's last word.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Confirmed or waiting: what holds or wants a place."""
        return self.filter(status__in=Registration.ACTIVE)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        """The waiting list, in order."""
        return self.filter(status=Registration.Status.WAITING).order_by("waiting_since", "pk")

    def reminder_due(self, day):
        """Confirmed places on `day`'s sessions that still go ahead, for
        households with an e-mail address that have not had the reminder."""
        return (
            self.confirmed()
            .filter(session__local_date=day, session__status="scheduled", reminder_mailed_at__isnull=True)
            .exclude(household__email="")
        )


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        DESK = "desk", _("At the desk")

    ACTIVE = (Status.CONFIRMED, Status.WAITING)

    household = models.ForeignKey(
        "programmes.Household", verbose_name=_("household"), on_delete=models.CASCADE, related_name="registrations"
    )
    session = models.ForeignKey(
        "programmes.Session", verbose_name=_("session"), on_delete=models.PROTECT, related_name="registrations"
    )
    members = models.ManyToManyField("programmes.Person", verbose_name=_("who comes"), related_name="registrations")
    places = models.PositiveSmallIntegerField(
        _("places"), help_text=_("What this registration counts against the session's places.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    source = models.CharField(_("registered via"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    uses_reserved_place = models.BooleanField(_("in a reserved place"), default=False)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered on"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    # Set when a mail is handed to the mail server, in the same UPDATE that
    # claims it: a task that runs twice sends once.
    confirmation_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    promotion_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancellation_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["session__starts_at", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "session"],
                condition=Q(status__in=["confirmed", "waiting"]),
                name="registration_one_active_per_household",
            ),
            models.UniqueConstraint(
                fields=["household", "session", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="registration_idempotency_key",
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="registration_takes_a_place"),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(waiting_since__isnull=False), name="registration_waiting_since"
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self):
        return f"{self.household} – {self.session}"

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    def waiting_position(self):
        if self.status != self.Status.WAITING:
            return None
        return (
            Registration.objects.filter(session_id=self.session_id)
            .waiting()
            .filter(Q(waiting_since__lt=self.waiting_since) | Q(waiting_since=self.waiting_since, pk__lt=self.pk))
            .count()
            + 1
        )


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def applied(self):
        return self.filter(status=Membership.Status.APPLIED).order_by("created_at", "pk")


class Membership(models.Model):
    """A household in a group (parent groups): expected at every session once accepted."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACTIVE = "active", _("Member")
        DECLINED = "declined", _("Declined")
        ENDED = "ended", _("Ended")

    OPEN = (Status.APPLIED, Status.ACTIVE)

    household = models.ForeignKey(
        "programmes.Household", verbose_name=_("household"), on_delete=models.CASCADE, related_name="memberships"
    )
    programme = models.ForeignKey(
        "programmes.ProgrammePage", verbose_name=_("group"), on_delete=models.PROTECT, related_name="memberships"
    )
    members = models.ManyToManyField("programmes.Person", verbose_name=_("who takes part"), related_name="memberships")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    source = models.CharField(
        _("registered via"), max_length=10, choices=Registration.Source.choices, default=Registration.Source.ONLINE
    )
    created_at = models.DateTimeField(_("applied on"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["programme", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "programme"],
                condition=Q(status__in=["applied", "active"]),
                name="membership_one_open_per_household",
            ),
        ]

    def __str__(self):
        return f"{self.household} – {self.programme}"
