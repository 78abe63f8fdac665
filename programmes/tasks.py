"""Background work: ids in, never instances (the worker loads fresh rows)."""

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
