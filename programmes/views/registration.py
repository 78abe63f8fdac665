"""Families register, see and cancel their registrations without an account.

The manage pages trust only the signed link (programmes.manage_links): every
lookup is scoped to the household it names, so another household's
registration id is a 404, and a GET never changes anything.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from programmes import manage_sections, throttle
from programmes.errors import ProgrammeError
from programmes.forms.public import NewLinkForm, RegistrationForm
from programmes.manage_links import household_id_for, manage_url
from programmes.models import Household, Membership, ProgrammePage, Registration, RegistrationMode, Session
from programmes.services import enrolment, feed_tokens
from programmes.services.households import create_household
from programmes.tasks import send_manage_link
from programmes.views.feeds import subscription_links
from programmes.views.finder import localized_programmes
from programmes.views.routing import page_at

SESSIONS_OFFERED = 12


def register(request, path):
    page = page_at(request, path)
    if not isinstance(page, ProgrammePage):
        raise Http404
    return page.registration(request)


def offered_sessions(programme):
    """The next sessions one can still register for, with the places taken
    outside the reserved ones (`general_taken`: what a family sees)."""
    upcoming = Session.objects.filter(programme=programme, starts_at__gt=timezone.now()).scheduled()
    shown = list(upcoming.order_by("starts_at").values_list("pk", flat=True)[:SESSIONS_OFFERED])
    return (
        Session.objects.filter(pk__in=shown)
        .annotate(
            general_taken=Sum(
                "registrations__places",
                filter=Q(registrations__status=Registration.Status.CONFIRMED, registrations__uses_reserved_place=False),
                default=0,
            )
        )
        .order_by("starts_at")
    )


def registration_view(request, page):
    """The register (per_session) or join (membership) form of a programme page."""
    source = page.get_translation_or_none(Locale.get_default()) or page
    source = source.specific
    per_session = source.registration_mode == RegistrationMode.PER_SESSION
    if source.registration_mode not in (RegistrationMode.PER_SESSION, RegistrationMode.MEMBERSHIP):
        raise Http404
    sessions = offered_sessions(source) if per_session else None
    form = RegistrationForm(request.POST or None, programme=source, sessions=sessions)
    valid = request.method == "POST" and form.is_valid()
    address = throttle.client_address(request)
    refused = request.method == "POST" and throttle.is_blocked("registration_address", address)
    if refused:
        form.add_error(None, throttle.too_many_attempts("registration_address"))
        valid = False
    if valid:
        try:
            household = _enrol(form, source, per_session=per_session)
        except ProgrammeError as error:
            form.add_error(None, error.message)
            valid = False
        else:
            throttle.hit("registration_address", address)
            return redirect(manage_url(household) + "?registered=1")
    return render(
        request,
        "programmes/register.html",
        {
            "page": page,
            "programme": source,
            "form": form,
            "per_session": per_session,
            "has_errors": form.is_bound and not valid,
            "no_sessions": per_session and not sessions.exists(),
        },
        status=429 if refused else 400 if form.is_bound and not valid else 200,
    )


@transaction.atomic
def _enrol(form, programme, *, per_session):
    data = form.cleaned_data
    key = data["idempotency_key"]
    people = form.people()
    household = create_household(
        contact_name=f"{data['first_name']} {data['last_name']}".strip(),
        phone=data["phone"],
        email=data["email"],
        language=data["language"],
        postcode=data["postcode"],
        members=people,
        idempotency_key=key or None,
    )
    comes = {(p.first_name, p.birth_date, p.is_contact) for p in people if form.comes(p)}
    members = [m for m in household.members.all() if (m.first_name, m.birth_date, m.is_contact) in comes]
    if per_session:
        enrolment.register_for_sessions(data["sessions"], household, members, idempotency_key=key)
    else:
        enrolment.apply_for_membership(programme, household, members, idempotency_key=key)
    return household


def household_for_link(token):
    """The household a manage link belongs to, or None when the link is
    expired, tampered with or its household gone. The playground's pages
    under the same link use it too."""
    household_id = household_id_for(token)
    return Household.objects.filter(pk=household_id).first() if household_id else None


def invalid_link(request):
    """What an expired or broken link gets: a way to ask for a new one."""
    return render(request, "programmes/manage_invalid.html", {"form": NewLinkForm()}, status=403)


def manage(request, token):
    household = household_for_link(token)
    if household is None:
        return invalid_link(request)
    return _manage_page(request, household, token)


def _manage_page(request, household, token, *, feed=None):
    now = timezone.now()
    registrations = (
        household.registrations.filter(session__ends_at__gte=now)
        .select_related("session__programme", "session__venue", "session__programme__venue")
        .prefetch_related("members")
        .order_by("session__starts_at")
    )
    registrations = [r for r in registrations if r.is_active or r.cancelled_at]
    memberships = list(
        household.memberships.filter(status__in=Membership.OPEN).select_related("programme").prefetch_related("members")
    )
    pages = localized_programmes([*(r.session for r in registrations), *memberships], request)
    for registration in registrations:
        registration.position = registration.waiting_position()
        # Title and address in the language of this page, not the programme's own.
        registration.page = pages[registration.session.programme.translation_key]
    memberships = (
        household.memberships.filter(status__in=Membership.OPEN).select_related("programme").prefetch_related("members")
    )
    return render(
        request,
        "programmes/manage.html",
        {
            "household": household,
            "token": token,
            "registrations": registrations,
            "memberships": memberships,
            "registered": request.GET.get("registered") == "1",
            "feed": feed,
            "sections": manage_sections.sections_for(request, household, token),
        },
    )


@require_POST
def cancel_registration(request, token, registration_id):
    household = household_for_link(token)
    if household is None:
        return invalid_link(request)
    registration = get_object_or_404(Registration, pk=registration_id, household=household)
    try:
        enrolment.cancel(registration)
    except ProgrammeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration is cancelled. Thank you for letting us know."))
    return redirect("manage_registrations", token=token)


@require_POST
def subscribe(request, token):
    """A new personal calendar link, shown once (the old one stops working)."""
    household = household_for_link(token)
    if household is None:
        return invalid_link(request)
    raw = feed_tokens.issue_token(household)
    feed = subscription_links(request, _personal_feed_path(raw))
    return _manage_page(request, household, token, feed=feed)


def _personal_feed_path(raw):
    from django.urls import reverse

    return reverse("personal_calendar", kwargs={"token": raw})


def new_link(request):
    """Ask for a new manage link. The answer is the same whether or not we know
    the address, so the form cannot be used to find out who is registered."""
    form = NewLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Counted whether or not the address is known, so a refusal reveals nothing either.
        over_address = throttle.hit("new_link_address", throttle.client_address(request))
        over_email = throttle.hit("new_link_email", throttle.normalise(form.cleaned_data["email"]))
        if over_address or over_email:
            form.add_error("email", throttle.too_many_attempts("new_link_address"))
            return render(request, "programmes/new_link.html", {"form": form}, status=429)
        for household_id in Household.objects.filter(email__iexact=form.cleaned_data["email"]).values_list(
            "pk", flat=True
        ):
            transaction.on_commit(lambda pk=household_id: send_manage_link.enqueue(pk))
        return render(request, "programmes/new_link_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "programmes/new_link.html", {"form": form}, status=400 if form.errors else 200)


def household_feed(household, request):
    return _("My activities"), Session.objects.for_household(household)
