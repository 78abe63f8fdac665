"""A child's booked play day: the place in an age group on one day, or a
place on its waiting list. Places are counted per age group per day, under
the play day's row lock (services/bookings.py); the partial unique constraint
keeps one booking in use per child and day."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BookingQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Booking.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Booking.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=Booking.Status.WAITING).order_by("waiting_since", "pk")


class Booking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Booked")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Tariff(models.TextChoices):
        NORMAL = "normal", _("Normal price")
        SOCIAL = "social", _("Social tariff")

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        DESK = "desk", _("At the desk")
        WALK_IN = "walk_in", _("Walked in on the day")

    play_day = models.ForeignKey(
        "programmes.Session", verbose_name=_("play day"), on_delete=models.PROTECT, related_name="bookings"
    )
    # PROTECT: erasure anonymises a child, the counts and certificates stay.
    child = models.ForeignKey(
        "programmes.Person", verbose_name=_("child"), on_delete=models.PROTECT, related_name="play_bookings"
    )
    age_group = models.ForeignKey(
        "holiday_play.AgeGroup",
        verbose_name=_("age group"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )
    age_group_reason = models.CharField(
        _("why another age group"), max_length=200, blank=True, help_text=_("Only when a coordinator chose the group.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    tariff = models.CharField(_("tariff"), max_length=10, choices=Tariff.choices, default=Tariff.NORMAL)
    price = models.DecimalField(_("price"), max_digits=7, decimal_places=2)
    meal = models.BooleanField(_("meal"), default=True)
    source = models.CharField(_("booked via"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("moved up"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    paid = models.BooleanField(_("paid"), default=False)
    # Check-in and check-out times are the day's Attendance (programmes); who
    # took the child home is the playground's own business.
    picked_up_by = models.CharField(_("picked up by"), max_length=200, blank=True)
    pickup_override = models.CharField(_("why someone else picked the child up"), max_length=300, blank=True)
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked out by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["play_day", "child"], condition=~Q(status="cancelled"), name="one_booking_per_child_per_day"
            )
        ]
        indexes = [models.Index(fields=["play_day", "age_group", "status"])]

    def __str__(self):
        return f"{self.child} · {self.play_day}"

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED


class AnimatorCount(models.Model):
    """How many animators work with an age group on a play day, as the
    coordinator counts them: it stands over the roster, which says who
    should come, not who came."""

    play_day = models.ForeignKey(
        "programmes.Session", verbose_name=_("play day"), on_delete=models.CASCADE, related_name="animator_counts"
    )
    age_group = models.ForeignKey(
        "holiday_play.AgeGroup", verbose_name=_("age group"), on_delete=models.CASCADE, related_name="animator_counts"
    )
    animators = models.PositiveSmallIntegerField(_("animators present"), validators=[MaxValueValidator(99)])
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("animators present")
        verbose_name_plural = _("animators present")
        constraints = [models.UniqueConstraint(fields=["play_day", "age_group"], name="one_animator_count_per_group")]

    def __str__(self):
        return f"{self.age_group} · {self.play_day}: {self.animators}"
