"""Volunteers, what they may do, and the shifts they sign up for.

A volunteer is a user with a profile. Roles say which certificates a shift
needs; the certificate of good conduct for work with children ("model 2") is
kept as dates and who confirmed it, never as a document, to keep
criminal-record data out of the system. The sign-up rules are in
services/rosters.py; the constraints below are the database's last word.
"""

import datetime
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable

from programmes.models.fields import MultipleChoiceCharField


@register_setting(icon="group")
class VolunteerSettings(BaseGenericSetting):
    """The organisation's choices about certificates: the law sets no period
    for a model 2 certificate, and what happens when one runs out is policy."""

    class Policy(models.TextChoices):
        BLOCK = "block", _("Block: nobody signs up for a child-facing shift with an expired certificate")
        WARN = "warn", _("Warn: allow it during the grace period, and show coordinators a warning")

    model_2_valid_months = models.PositiveSmallIntegerField(
        _("a model 2 certificate is valid for (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    renewal_reminder_weeks = models.PositiveSmallIntegerField(
        _("remind volunteers to renew (weeks before the end)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
    )
    expired_certificate_policy = models.CharField(
        _("when a certificate has run out"), max_length=5, choices=Policy.choices, default=Policy.BLOCK
    )
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=30,
        validators=[MaxValueValidator(90)],
        help_text=_("Only with the warn policy: how long after the end a certificate still lets a volunteer sign up."),
    )

    panels = [
        FieldPanel("model_2_valid_months"),
        FieldPanel("renewal_reminder_weeks"),
        FieldPanel("expired_certificate_policy"),
        FieldPanel("grace_days"),
    ]

    class Meta:
        verbose_name = _("volunteer certificates")

    @property
    def grace(self):
        """How long an expired certificate still counts (with a warning)."""
        if self.expired_certificate_policy == self.Policy.WARN:
            return datetime.timedelta(days=self.grace_days)
        return datetime.timedelta(0)


class Volunteer(ClusterableModel):
    # Clusterable so that the certificates are edited inline on the volunteer's
    # admin page (Certificate.volunteer is a ParentalKey).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user account"), on_delete=models.CASCADE, related_name="volunteer"
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    languages = models.ManyToManyField(
        "programmes.Language", verbose_name=_("languages spoken"), blank=True, related_name="volunteers"
    )
    skills = models.TextField(_("skills"), blank=True, help_text=_("E.g. cooking, driving, Arabic to Dutch."))
    availability = models.TextField(
        _("availability"), blank=True, help_text=_("E.g. Thursday afternoons, not in July.")
    )
    agreement_signed_on = models.DateField(_("volunteer agreement signed on"), null=True, blank=True)
    insurance_note = models.CharField(_("insurance"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive volunteers cannot sign up."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["user__first_name", "user__last_name"]

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


class CertificateQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def covering(self, day):
        """Confirmed and valid on `day`: the only certificates that count."""
        return self.confirmed().filter(issued_on__lte=day).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))


class Certificate(models.Model):
    class Kind(models.TextChoices):
        MODEL_2 = "model_2", _("Certificate of good conduct for work with children (model 2)")
        FIRST_AID = "first_aid", _("First aid")
        ANIMATOR = "animator", _("Animator certificate")

    volunteer = ParentalKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("For model 2 this follows from the issue date and the organisation's validity. Empty: no end."),
    )
    declared_by_volunteer = models.BooleanField(_("declared by the volunteer"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What counts is confirmed_at: the confirmation stays when the
    # confirming coordinator's account is deleted.
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    renewal_reminded_at = models.DateTimeField(_("renewal reminder sent"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["volunteer", "kind", "-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("issued_on")),
                name="certificate_valid_after_issue",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.issued_on:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.kind == self.Kind.MODEL_2 and self.issued_on:
            months = VolunteerSettings.load().model_2_valid_months
            self.valid_until = self.issued_on + relativedelta(months=months)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "valid_until"}
        super().save(*args, **kwargs)

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    def valid_on(self, day):
        """The dates cover `day`, confirmed or not."""
        return self.issued_on <= day and (self.valid_until is None or day <= self.valid_until)

    def covers(self, day):
        """Counts for a shift on `day`: confirmed and valid that day."""
        return self.is_confirmed and self.valid_on(day)


class Role(models.Model):
    """What a volunteer does on a shift: door, cashier, cook, animator…"""

    QUALIFICATIONS = [
        (Certificate.Kind.FIRST_AID.value, Certificate.Kind.FIRST_AID.label),
        (Certificate.Kind.ANIMATOR.value, Certificate.Kind.ANIMATOR.label),
    ]

    name = models.CharField(_("name"), max_length=80, unique=True)
    child_facing = models.BooleanField(
        _("works with children"), default=False, help_text=_("Always needs a valid model 2 certificate.")
    )
    requires_model_2 = models.BooleanField(_("needs a certificate of good conduct (model 2)"), default=False)
    required_qualifications = MultipleChoiceCharField(
        _("other qualifications needed"), max_length=40, blank=True, options=QUALIFICATIONS
    )

    class Meta:
        verbose_name = _("volunteer role")
        verbose_name_plural = _("volunteer roles")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.required_qualifications = MultipleChoiceCharField.split(self.required_qualifications)
        if self.child_facing and not self.requires_model_2:
            raise ValidationError(
                {"requires_model_2": _("Nobody may work with children without a certificate of good conduct.")}
            )

    @property
    def required_kinds(self):
        """Certificate kinds a volunteer needs for this role; a child-facing
        role needs model 2 even if the box was left unticked."""
        kinds = [Certificate.Kind.MODEL_2.value] if self.requires_model_2 or self.child_facing else []
        return kinds + [kind for kind in self.required_qualifications if kind not in kinds]


class Shift(models.Model):
    """A role on a session, with how many volunteers it needs. Empty shifts go
    with their session; a shift somebody signed up for protects it."""

    session = models.ForeignKey(
        "programmes.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="shifts"
    )
    role = models.ForeignKey(Role, verbose_name=_("role"), on_delete=models.PROTECT, related_name="shifts")
    needed = models.PositiveSmallIntegerField(_("volunteers needed"), default=1)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True, help_text=_("Empty: when the session starts."))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True, help_text=_("Empty: when the session ends."))

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["session__starts_at", "role__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "role"], name="shift_unique_role_per_session"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="shift_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.role} – {self.session}"

    @property
    def effective_starts_at(self):
        return self.starts_at or self.session.starts_at

    @property
    def effective_ends_at(self):
        return self.ends_at or self.session.ends_at

    @property
    def local_date(self):
        """The day a certificate must cover."""
        return timezone.localtime(self.effective_starts_at, ZoneInfo(settings.TIME_ZONE)).date()


class ShiftTemplate(Orderable):
    """The standard shifts of every session of a programme, e.g. two at the
    door for each grocery opening. Offsets move a shift's times from the
    session's: -30 before the start means half an hour early."""

    programme = ParentalKey(
        "programmes.ProgrammePage",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="shift_templates",
    )
    role = models.ForeignKey(Role, verbose_name=_("role"), on_delete=models.PROTECT, related_name="+")
    needed = models.PositiveSmallIntegerField(_("volunteers needed"), default=1)
    start_offset_minutes = models.SmallIntegerField(
        _("start, minutes from the session's start"), null=True, blank=True, help_text=_("E.g. -30. Empty: 0.")
    )
    end_offset_minutes = models.SmallIntegerField(
        _("end, minutes from the session's end"), null=True, blank=True, help_text=_("E.g. 15. Empty: 0.")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("standard shift")
        verbose_name_plural = _("standard shifts")
        constraints = [
            models.UniqueConstraint(fields=["programme", "role"], name="shift_template_unique_role"),
        ]

    def __str__(self):
        return f"{self.role} × {self.needed}"


class ShiftAssignmentQuerySet(models.QuerySet):
    def active(self):
        """Everything but cancelled: what holds a place on the shift."""
        return self.exclude(status=ShiftAssignment.Status.CANCELLED)


class ShiftAssignment(models.Model):
    class Status(models.TextChoices):
        SIGNED_UP = "signed_up", _("Signed up")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("Did not come")
        CAME = "came", _("Came")

    shift = models.ForeignKey(Shift, verbose_name=_("shift"), on_delete=models.PROTECT, related_name="assignments")
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="assignments"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SIGNED_UP)
    override_note = models.CharField(
        _("why the coordinator allowed it"),
        max_length=200,
        blank=True,
        help_text=_("E.g. why an overlapping shift is fine."),
    )
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("signed up on"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)

    objects = ShiftAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift sign-up")
        verbose_name_plural = _("shift sign-ups")
        ordering = ["shift__session__starts_at", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"], condition=~Q(status="cancelled"), name="one_active_assignment_per_shift"
            ),
            models.CheckConstraint(condition=Q(hours__isnull=True) | Q(hours__gte=0), name="assignment_hours_positive"),
        ]

    def __str__(self):
        return f"{self.volunteer} – {self.shift}"

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED
