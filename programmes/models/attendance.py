"""Who came: one mark per person per session, and per session the walk-in
head counts and a note (the roll call). Figures for the annual report are
computed from these rows."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_HEAD_COUNT = 999
MAX_NOTE_LENGTH = 1000


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    # No index of its own: the two below start with the session.
    session = models.ForeignKey(
        "programmes.Session",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="attendances",
        db_index=False,
    )
    # PROTECT: erasure anonymises a person, it never deletes the figures.
    person = models.ForeignKey(
        "programmes.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_one_mark_per_person"),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True) | Q(checked_out_at__gte=models.F("checked_in_at")),
                name="attendance_out_after_in",
            ),
        ]
        indexes = [
            # The figures count a session's marks by status and person: with
            # the status in the index they never read the rows themselves.
            models.Index(fields=["session", "person", "status"], name="attendance_session_marks"),
        ]

    def __str__(self):
        return f"{self.person} – {self.session}: {self.get_status_display()}"


class RollCall(models.Model):
    """What the coordinator notes about one session besides the marks."""

    session = models.OneToOneField(
        "programmes.Session", verbose_name=_("session"), on_delete=models.PROTECT, related_name="roll_call"
    )
    walk_in_adults = models.PositiveSmallIntegerField(_("adults without registration"), default=0)
    walk_in_children = models.PositiveSmallIntegerField(_("children without registration"), default=0)
    note = models.TextField(
        _("note"),
        max_length=MAX_NOTE_LENGTH,
        blank=True,
        help_text=_("E.g. a partner organisation was there, the topic."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("roll call")
        verbose_name_plural = _("roll calls")
        constraints = [
            models.CheckConstraint(
                condition=Q(walk_in_adults__lte=MAX_HEAD_COUNT) & Q(walk_in_children__lte=MAX_HEAD_COUNT),
                name="roll_call_head_counts_in_range",
            )
        ]

    def __str__(self):
        return str(self.session)


class AttendanceSubmission(models.Model):
    """An idempotency key that has been applied: a phone that sends the same
    save twice (a double tap, a replay after a lost connection) changes nothing."""

    key = models.CharField(max_length=64, unique=True)
    session = models.ForeignKey("programmes.Session", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key
