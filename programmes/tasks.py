"""Background work: ids in, never instances (the worker loads fresh rows)."""

import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import task


@task()
def regenerate_programme_sessions(programme_id):
    from programmes.models import ProgrammePage
    from programmes.services.scheduling import regenerate_sessions

    programme = ProgrammePage.objects.live().filter(pk=programme_id).specific().first()
    if programme is not None:
        regenerate_sessions(programme)


# Mails to households. Each takes ids and loads fresh rows: a registration
# cancelled between enqueueing and running gets no mail about a place.


@task()
def send_registration_mail(registration_ids):
    """The confirmation: what, when, where, the waiting-list position, how to cancel.
    Each registration is confirmed once: rows are claimed under a lock, so a
    form sent twice, or this task run twice, sends one mail."""
    from django.db import transaction

    from programmes.mail import send_to_household, session_lines
    from programmes.models import Registration

    with transaction.atomic():
        claimed = list(
            Registration.objects.select_for_update()
            .active()
            .filter(pk__in=registration_ids, confirmation_mailed_at__isnull=True)
            .values_list("pk", flat=True)
        )
        Registration.objects.filter(pk__in=claimed).update(confirmation_mailed_at=timezone.now())
    registrations = list(
        Registration.objects.filter(pk__in=claimed)
        .select_related("household", "session__programme", "session__venue", "session__programme__venue")
        .order_by("session__starts_at")
    )
    if not registrations:
        return
    household = registrations[0].household
    items = [{"session": session_lines(r.session, household.language), "registration": r} for r in registrations]
    send_to_household(household, "registered", {"items": items})


@task()
def send_promotion_mail(registration_id):
    from programmes.mail import send_to_household, session_lines
    from programmes.models import Registration

    claimed = Registration.objects.confirmed().filter(pk=registration_id, promotion_mailed_at__isnull=True)
    if not claimed.update(promotion_mailed_at=timezone.now()):
        return
    registration = Registration.objects.select_related("household", "session__programme").get(pk=registration_id)
    send_to_household(
        registration.household,
        "promoted",
        {"session": session_lines(registration.session, registration.household.language)},
    )


@task()
def send_reminder_mail(registration_id):
    from programmes.mail import send_to_household, session_lines
    from programmes.models import Registration, Session

    claimed = Registration.objects.confirmed().filter(
        pk=registration_id, reminder_mailed_at__isnull=True, session__status=Session.Status.SCHEDULED
    )
    if not claimed.update(reminder_mailed_at=timezone.now()):
        return
    registration = Registration.objects.select_related("household", "session__programme").get(pk=registration_id)
    send_to_household(
        registration.household,
        "reminder",
        {"session": session_lines(registration.session, registration.household.language)},
    )


@task()
def send_session_cancelled_mail(session_id):
    """Tell every household with a place (or waiting) that the session does not go ahead."""
    from django.db import transaction

    from programmes.mail import send_to_household, session_lines
    from programmes.models import Registration, Session

    with transaction.atomic():
        claimed = list(
            Registration.objects.select_for_update()
            .active()
            .filter(
                session_id=session_id, session__status=Session.Status.CANCELLED, cancellation_mailed_at__isnull=True
            )
            .values_list("pk", flat=True)
        )
        Registration.objects.filter(pk__in=claimed).update(cancellation_mailed_at=timezone.now())
    for registration in Registration.objects.filter(pk__in=claimed).select_related("household", "session__programme"):
        send_to_household(
            registration.household,
            "session_cancelled",
            {
                "session": session_lines(registration.session, registration.household.language),
                "reason": registration.session.cancel_reason,
            },
        )


@task()
def send_membership_mail(membership_id, status):
    """Sent when a household applies, and again when the coordinator decides.
    A mail about a status the membership has already left is not sent: an
    "application received" that a worker runs after the acceptance would confuse."""
    from programmes.mail import localized_page, send_to_household
    from programmes.models import Membership

    membership = (
        Membership.objects.select_related("household", "programme").filter(pk=membership_id, status=status).first()
    )
    if membership is None:
        return
    programme = localized_page(membership.programme, membership.household.language)
    send_to_household(
        membership.household, f"membership_{membership.status}", {"membership": membership, "programme": programme}
    )


@task()
def send_manage_link(household_id):
    from programmes.mail import send_to_household
    from programmes.models import Household

    household = Household.objects.filter(pk=household_id).first()
    if household is not None:
        send_to_household(household, "manage_link")


# Mails to volunteers. Volunteers are users; the user model has no language,
# so they get the site's language unless it grows one. Rows are claimed under
# a lock before anything is sent, like the registration mails: the command
# run twice, or two workers, send each reminder once.

SHIFT_REMINDER_AHEAD = datetime.timedelta(hours=48)


def shift_reminders_due(now):
    """Sign-ups still on (signed up or confirmed), not reminded yet, whose
    shift starts in the next two days, in a session that goes ahead."""
    from programmes.models import Session, ShiftAssignment

    return (
        ShiftAssignment.objects.filter(
            status__in=[ShiftAssignment.Status.SIGNED_UP, ShiftAssignment.Status.CONFIRMED],
            reminded_at__isnull=True,
        )
        .exclude(shift__session__status=Session.Status.CANCELLED)
        .annotate(start=Coalesce(F("shift__starts_at"), F("shift__session__starts_at")))
        .filter(start__gt=now, start__lte=now + SHIFT_REMINDER_AHEAD)
    )


def certificates_due_for_renewal(today):
    """Confirmed certificates of active volunteers that run out within the
    renewal window (VolunteerSettings.renewal_reminder_weeks), not reminded
    yet, for which the volunteer has no confirmed certificate of the same
    kind that is valid longer (they renewed already)."""
    from programmes.models import Certificate, VolunteerSettings

    weeks = VolunteerSettings.load().renewal_reminder_weeks
    valid_longer = (
        Certificate.objects.confirmed()
        .filter(volunteer=OuterRef("volunteer"), kind=OuterRef("kind"))
        .exclude(pk=OuterRef("pk"))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=OuterRef("valid_until")))
    )
    return (
        Certificate.objects.confirmed()
        .filter(
            volunteer__active=True,
            renewal_reminded_at__isnull=True,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(weeks=weeks),
        )
        .exclude(Exists(valid_longer))
    )


def _claim(model, ids, field, **still):
    """Set `field` to now on those of `ids` that still have it empty (and
    still match `still`), under a row lock; returns the ids claimed. The lock
    is on the model's own rows only, so the check is repeated here rather
    than trusted from the query that found them."""
    from django.db import transaction

    with transaction.atomic():
        claimed = list(
            model.objects.select_for_update()
            .filter(pk__in=ids, **{f"{field}__isnull": True}, **still)
            .values_list("pk", flat=True)
        )
        model.objects.filter(pk__in=claimed).update(**{field: timezone.now()})
    return claimed


def _site_root():
    """The default Wagtail site's address, for links in mails sent outside a request."""
    from django.conf import settings
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _language_of(user):
    from django.conf import settings

    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _send_to_volunteer(volunteer, template, context, *, root):
    """Like mail.send_to_household, for a volunteer's user account. Returns
    False when the user has no e-mail address."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    user = volunteer.user
    if not user.email:
        return False
    language = _language_of(user)
    with translation.override(language):
        context = {
            "volunteer": volunteer,
            "name": user.first_name or user.get_username(),
            "my_shifts_url": root + reverse("desk:my_shifts"),
            "site_name": settings.WAGTAIL_SITE_NAME,
            "language": language,
            **context,
        }
        subject, _, body = render_to_string(f"programmes/mail/{template}.txt", context).strip().partition("\n")
        html = render_to_string("programmes/mail/as_html.html", {"body": body.strip(), "subject": subject})
    message = EmailMultiAlternatives(subject.strip(), body.strip() + "\n", to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()
    return True


@task()
def send_shift_reminders():
    """One mail per sign-up whose shift starts in the next two days: what,
    when, where, and how to cancel."""
    from programmes.mail import localized_page
    from programmes.models import ShiftAssignment
    from programmes.services.rosters import CANCEL_DEADLINE

    now = timezone.now()
    claimed = _claim(
        ShiftAssignment,
        list(shift_reminders_due(now).values_list("pk", flat=True)),
        "reminded_at",
        status__in=[ShiftAssignment.Status.SIGNED_UP, ShiftAssignment.Status.CONFIRMED],
    )
    if not claimed:
        return
    root = _site_root()
    assignments = (
        ShiftAssignment.objects.filter(pk__in=claimed)
        .select_related(
            "volunteer__user",
            "shift__role",
            "shift__session__programme",
            "shift__session__venue",
            "shift__session__programme__venue",
        )
        .order_by("shift__session__starts_at", "pk")
    )
    for assignment in assignments:
        shift = assignment.shift
        session = shift.session
        programme = localized_page(session.programme, _language_of(assignment.volunteer.user))
        _send_to_volunteer(
            assignment.volunteer,
            "shift_reminder",
            {
                "assignment": assignment,
                "role": shift.role.name,
                "title": programme.title,
                "starts_at": timezone.localtime(shift.effective_starts_at),
                "ends_at": timezone.localtime(shift.effective_ends_at),
                "venue": session.effective_venue,
                "contact": programme,
                "can_cancel": now <= shift.effective_starts_at - CANCEL_DEADLINE,
            },
            root=root,
        )


@task()
def send_certificate_renewal_reminders():
    """One mail per certificate that runs out soon: which one, when, and how to renew."""
    from programmes.models import Certificate

    claimed = _claim(
        Certificate,
        list(certificates_due_for_renewal(timezone.localdate()).values_list("pk", flat=True)),
        "renewal_reminded_at",
    )
    if not claimed:
        return
    root = _site_root()
    for certificate in Certificate.objects.filter(pk__in=claimed).select_related("volunteer__user").order_by("pk"):
        _send_to_volunteer(
            certificate.volunteer,
            "certificate_renewal",
            {"certificate": certificate, "is_model_2": certificate.kind == Certificate.Kind.MODEL_2},
            root=root,
        )
