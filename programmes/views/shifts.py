"""The volunteer's side of the desk: open shifts to sign up for, and their own.

Every view needs a signed-in user with `website.use_desk` (else 403); the
shift pages are for users with a Volunteer record, others get a page that says
so. Assignments are looked up within the volunteer's own, so another's id is
a 404. The rules are in services/rosters.py; each refusal (RosterError)
becomes a message that changes nothing.

"My shifts" also shows the volunteer's hours and makes the secret link of
their shifts' calendar feed (programmes/volunteer_feed.py), shown once.

Which open shifts a volunteer qualifies for is `rosters.qualifies` itself,
given the volunteer's certificates read once, so the list costs the same few
queries however many shifts it shows.
"""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django import forms
from django.contrib import messages
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from programmes.models import (
    Certificate,
    ProgrammePage,
    Role,
    Session,
    Shift,
    ShiftAssignment,
    Volunteer,
    VolunteerSettings,
)
from programmes.services import feed_tokens, rosters
from programmes.views.desk import desk_view
from programmes.views.feeds import subscription_links
from programmes.volunteer_feed import has_calendar_link

OPEN_SHIFTS_AHEAD = datetime.timedelta(weeks=8)
PAST_SHIFTS_BACK = relativedelta(months=3)
CERTIFICATE_CODES = ("certificate_missing", "certificate_expired", "certificate_unconfirmed")

# The services speak to whoever signs up; here it is always the volunteer.
SIGN_UP_MESSAGES = {
    "inactive": gettext_lazy("Your volunteer account is not active: ask a coordinator."),
    "cancelled_session": gettext_lazy("This session is cancelled: there is no shift to sign up for."),
    "past": gettext_lazy("This shift has already started."),
    "duplicate": gettext_lazy("You are already signed up for this shift."),
    "full": gettext_lazy("Sorry, this shift is full now: someone signed up just before you."),
    "overlap": gettext_lazy("You already have a shift at that time."),
}


class ShiftFilterForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"),
        queryset=ProgrammePage.objects.order_by("title"),
        required=False,
        empty_label=gettext_lazy("All programmes"),
    )
    role = forms.ModelChoiceField(
        label=gettext_lazy("Role"), queryset=Role.objects.all(), required=False, empty_label=gettext_lazy("All roles")
    )
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only programmes that have shifts: a volunteer does not pick from every page.
        self.fields["programme"].queryset = (
            ProgrammePage.objects.filter(pk__in=Session.objects.filter(shifts__isnull=False).values("programme_id"))
            .only("pk", "title")
            .order_by("title")
        )


def volunteer_of(user):
    return Volunteer.objects.filter(user=user).first()


def open_shifts_for(volunteer, now):
    """Coming shifts of scheduled sessions with places left that the volunteer
    is not on yet, each with `places_left`."""
    mine = ShiftAssignment.objects.active().filter(shift=OuterRef("pk"), volunteer=volunteer)
    return (
        Shift.objects.filter(session__status=Session.Status.SCHEDULED)
        .annotate(
            start=Coalesce(F("starts_at"), F("session__starts_at")),
            taken=Count("assignments", filter=~Q(assignments__status=ShiftAssignment.Status.CANCELLED)),
            mine=Exists(mine),
        )
        .filter(start__gt=now, start__lte=now + OPEN_SHIFTS_AHEAD, taken__lt=F("needed"), mine=False)
        .select_related("session__programme", "session__venue", "role")
        .order_by("start", "role__name")
    )


def certificate_reason(code, shift):
    """Why the volunteer cannot take `shift`, and what to do about it."""
    if code == "certificate_unconfirmed":
        return _("A coordinator still has to confirm your certificate.")
    names = ", ".join(str(Certificate.Kind(kind).label) for kind in shift.role.required_kinds)
    if code == "certificate_expired":
        return _(
            "Your certificate is not valid on %(date)s: ask for a new one (%(certificates)s) and tell a coordinator."
        ) % {"date": date_format(shift.local_date, "SHORT_DATE_FORMAT"), "certificates": names}
    return _("This role needs: %(certificates)s. Give a coordinator the dates of yours.") % {"certificates": names}


@desk_view
def open_shifts(request):
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        return render(request, "programmes/desk/open_shifts.html", {"volunteer": None})
    shifts = open_shifts_for(volunteer, timezone.now())
    form = ShiftFilterForm(request.GET or None)
    if form.is_bound:
        if form.is_valid():
            if form.cleaned_data["programme"]:
                shifts = shifts.filter(session__programme=form.cleaned_data["programme"])
            if form.cleaned_data["role"]:
                shifts = shifts.filter(role=form.cleaned_data["role"])
            if form.cleaned_data["date_from"]:
                shifts = shifts.filter(session__local_date__gte=form.cleaned_data["date_from"])
        else:
            messages.error(request, _("That filter did not work: here are all open shifts."))
            form = ShiftFilterForm()
    qualified, unqualified = [], []
    if volunteer.active:
        certificates = list(volunteer.certificates.all())
        grace = VolunteerSettings.load(request_or_site=request).grace
        for shift in shifts:
            shift.places_left = shift.needed - shift.taken
            ok, code = rosters.qualifies(volunteer, shift, certificates=certificates, grace=grace)
            if ok:
                if code == "certificate_grace":
                    shift.warning = _("Your certificate has run out: renew it, this is allowed only for a short time.")
                qualified.append(shift)
            elif code in CERTIFICATE_CODES:
                shift.reason = certificate_reason(code, shift)
                unqualified.append(shift)
    return render(
        request,
        "programmes/desk/open_shifts.html",
        {"volunteer": volunteer, "form": form, "shifts": qualified, "unqualified": unqualified},
    )


@desk_view
@require_POST
def sign_up(request, shift_id):
    shift = get_object_or_404(Shift.objects.select_related("session__programme", "role"), pk=shift_id)
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        return redirect("desk:open_shifts")
    try:
        rosters.sign_up(shift, volunteer, by=request.user)
    except rosters.RosterError as error:
        messages.error(request, str(SIGN_UP_MESSAGES.get(error.code, error.message)))
        return redirect("desk:open_shifts")
    starts_at = timezone.localtime(shift.effective_starts_at)
    messages.success(
        request,
        _("You are signed up: %(role)s at %(programme)s, %(date)s at %(time)s.")
        % {
            "role": shift.role.name,
            "programme": shift.session.programme.title,
            "date": date_format(starts_at, "l j F"),
            "time": date_format(starts_at, "H:i"),
        },
    )
    return redirect("desk:my_shifts")


@desk_view
def my_shifts(request):
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        return render(request, "programmes/desk/my_shifts.html", {"volunteer": None})
    return _my_shifts_page(request, volunteer)


def _my_shifts_page(request, volunteer, *, feed=None):
    now = timezone.now()
    assignments = (
        ShiftAssignment.objects.active()
        .filter(volunteer=volunteer)
        .annotate(
            start=Coalesce(F("shift__starts_at"), F("shift__session__starts_at")),
            end=Coalesce(F("shift__ends_at"), F("shift__session__ends_at")),
        )
        .select_related("shift__session__programme", "shift__session__venue", "shift__role")
    )
    coming = list(assignments.filter(end__gte=now).order_by("start"))
    for assignment in coming:
        assignment.can_cancel = now <= assignment.start - rosters.CANCEL_DEADLINE
    past = assignments.filter(end__lt=now, start__gte=now - PAST_SHIFTS_BACK).order_by("-start")
    return render(
        request,
        "programmes/desk/my_shifts.html",
        {
            "volunteer": volunteer,
            "coming": coming,
            "past": past,
            "hours": hours_per_year(volunteer, timezone.localdate(now).year),
            "feed": feed,
            "has_feed": feed is not None or has_calendar_link(volunteer),
        },
    )


def hours_per_year(volunteer, year):
    """{"this_year": …, "last_year": …, "year": …}: the hours of the shifts the
    volunteer came to, by the session's date, in one query."""
    came = Q(status=ShiftAssignment.Status.CAME)
    totals = ShiftAssignment.objects.filter(volunteer=volunteer).aggregate(
        this_year=Sum("hours", filter=came & Q(shift__session__local_date__year=year), default=Decimal(0)),
        last_year=Sum("hours", filter=came & Q(shift__session__local_date__year=year - 1), default=Decimal(0)),
    )
    return {**totals, "year": year}


@desk_view
@require_POST
def subscribe_shift_calendar(request):
    """A new calendar link for the volunteer's shifts, shown on this answer
    only: the raw token is stored nowhere, so it is rendered, never put in a
    redirect address. The previous link stops working."""
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        raise Http404
    raw = feed_tokens.issue_token(volunteer)
    feed = subscription_links(request, reverse("personal_calendar", kwargs={"token": raw}))
    response = _my_shifts_page(request, volunteer, feed=feed)
    response["Cache-Control"] = "private, no-store"
    return response


@desk_view
@require_POST
def revoke_shift_calendar(request):
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        raise Http404
    if feed_tokens.revoke_token(volunteer):
        messages.success(request, _("Your calendar link is stopped: calendar apps no longer get your shifts."))
    else:
        messages.info(request, _("You have no calendar link: there was nothing to stop."))
    return redirect("desk:my_shifts")


@desk_view
@require_POST
def cancel_shift(request, assignment_id):
    assignment = get_object_or_404(
        ShiftAssignment.objects.select_related("shift__session__programme", "shift__role"),
        pk=assignment_id,
        volunteer__user=request.user,
    )
    try:
        rosters.cancel(assignment, by=request.user)
    except rosters.RosterError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("You are no longer on the shift: %(role)s at %(programme)s.")
            % {"role": assignment.shift.role.name, "programme": assignment.shift.session.programme.title},
        )
    return redirect("desk:my_shifts")
