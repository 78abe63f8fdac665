"""The coordinator's side of volunteer rosters on the desk: how the coming two
weeks are staffed, one shift's people, and who came.

Every view needs a signed-in user with `website.use_desk` (else 403). The
overview is for users who coordinate at least one programme (else 403: there
is nothing of theirs to show); a shift of a programme the user does not
coordinate does not exist for them (404), and assignments are looked up
within the shift in the address, so another shift's assignment id is a 404
too. The rules are in services/rosters.py; each refusal (RosterError)
becomes a message that changes nothing.

Certificates are checked with `rosters.qualifies` itself, given every shown
volunteer's certificates read in one query and the grace period read once, so
the overview costs the same few queries however many shifts it shows.
"""

import datetime
import re
from collections import defaultdict
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from programmes.models import Certificate, ProgrammePage, Session, Shift, ShiftAssignment, Volunteer, VolunteerSettings
from programmes.permissions import coordinated_programmes, may_coordinate
from programmes.services import rosters
from programmes.views.desk import desk_view

OVERVIEW_DAYS = 14
# Volunteers who had a shift this long ago still belong to the programme.
ROSTER_YEAR = datetime.timedelta(days=365)
SEARCH_RESULTS = 20
SEARCH_MIN, SEARCH_MAX = 2, 100
ENTRY_FIELD = re.compile(r"^a(\d{1,18})-status$")

STATE_LABELS = {
    rosters.STAFFING_SHORT: gettext_lazy("Short"),
    rosters.STAFFING_OK: gettext_lazy("Fully staffed"),
    rosters.STAFFING_OVER: gettext_lazy("Over-staffed"),
}
# A certificate problem of someone already on a shift, for the coordinator.
CERTIFICATE_WARNINGS = {
    "certificate_grace": gettext_lazy("Certificate has run out: only the grace period still allows this shift."),
    "certificate_expired": gettext_lazy("Certificate not valid on the day of this shift."),
    "certificate_missing": gettext_lazy("No certificate this shift needs."),
    "certificate_unconfirmed": gettext_lazy("Certificate still to be confirmed."),
    "inactive": gettext_lazy("This volunteer is no longer active."),
}
# The services speak to whoever signs up; here it is always the coordinator.
DESK_MESSAGES = {
    "duplicate": gettext_lazy("This volunteer is already on this shift."),
    "past": gettext_lazy("This shift has already started: add who came below."),
}


def error_text(error):
    return str(DESK_MESSAGES.get(error.code, error.message))


# Forms


class ProgrammeFilterForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"),
        queryset=ProgrammePage.objects.none(),
        required=False,
        empty_label=gettext_lazy("All my programmes"),
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes


class VolunteerSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Volunteer's name"),
        min_length=SEARCH_MIN,
        max_length=SEARCH_MAX,
        error_messages={
            "required": gettext_lazy("Type a name."),
            "min_length": gettext_lazy("Type at least %(limit_value)d characters."),
            "max_length": gettext_lazy("Use at most %(limit_value)d characters."),
        },
    )


def hours_field(required):
    return forms.DecimalField(
        label=gettext_lazy("Hours"),
        required=required,
        min_value=0,
        max_value=rosters.MAX_SHIFT_HOURS,
        max_digits=4,
        decimal_places=2,
        step_size=Decimal("0.25"),
        error_messages={
            "required": gettext_lazy("Give the hours worked."),
            "invalid": gettext_lazy("Hours must be a number from 0 to 24."),
            "min_value": gettext_lazy("Hours must be a number from 0 to 24."),
            "max_value": gettext_lazy("Hours must be a number from 0 to 24."),
            "max_digits": gettext_lazy("Hours must be a number from 0 to 24."),
            "max_decimal_places": gettext_lazy("Give the hours in quarter hours, e.g. 2.75."),
            "step_size": gettext_lazy("Give the hours in quarter hours, e.g. 2.75."),
        },
    )


class AssignForm(forms.Form):
    volunteer = forms.ModelChoiceField(queryset=Volunteer.objects.filter(active=True))
    override_note = forms.CharField(
        label=gettext_lazy("Why is the overlap fine?"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CameForm(forms.Form):
    """Someone who came without having signed up."""

    volunteer = forms.ModelChoiceField(queryset=Volunteer.objects.filter(active=True))
    hours = hours_field(required=True)


class AttendanceEntryForm(forms.Form):
    """One person on the who-came form, posted as `a<assignment id>-status`
    and `a<assignment id>-hours`."""

    status = forms.ChoiceField(
        choices=[(ShiftAssignment.Status.CAME, ""), (ShiftAssignment.Status.NO_SHOW, "")], required=False
    )
    hours = hours_field(required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == ShiftAssignment.Status.NO_SHOW:
            # Whatever is left in the hours box of someone who did not come.
            self.errors.pop("hours", None)
            data["hours"] = None
        elif data.get("status") == ShiftAssignment.Status.CAME and data.get("hours") is None and not self.errors:
            self.add_error("hours", _("Give the hours worked."))
        return data


# Reading


def with_people(shifts):
    """Shifts with their session, programme and role, and `people`: the
    active assignments with their volunteers, in one extra query."""
    return shifts.select_related("session__programme", "session__venue", "role").prefetch_related(
        Prefetch(
            "assignments",
            queryset=ShiftAssignment.objects.active()
            .select_related("volunteer__user")
            .order_by("volunteer__user__first_name", "volunteer__user__last_name", "pk"),
            to_attr="people",
        )
    )


def certificates_of(volunteer_ids):
    """Every certificate of these volunteers, per volunteer id, in one query."""
    by_volunteer = defaultdict(list)
    for certificate in Certificate.objects.filter(volunteer_id__in=volunteer_ids):
        by_volunteer[certificate.volunteer_id].append(certificate)
    return by_volunteer


def describe_staffing(shifts, *, grace):
    """Give each shift `taken`, `state`, `state_label`, and each of its people
    a `warning` when their certificates no longer carry the shift."""
    certificates = certificates_of({a.volunteer_id for shift in shifts for a in shift.people})
    for shift in shifts:
        shift.taken = len(shift.people)
        shift.state = rosters.staffing_state(shift.needed, shift.taken)
        shift.state_label = STATE_LABELS[shift.state]
        for assignment in shift.people:
            assignment.warning = ""
            if assignment.status in (ShiftAssignment.Status.CAME, ShiftAssignment.Status.NO_SHOW):
                continue
            _ok, code = rosters.qualifies(
                assignment.volunteer, shift, certificates=certificates[assignment.volunteer_id], grace=grace
            )
            assignment.warning = CERTIFICATE_WARNINGS.get(code, "")
    return shifts


def grouped(shifts):
    """[(programme, [(session, [shift, …]), …]), …] in the order of `shifts`."""
    programmes = {}
    for shift in shifts:
        sessions = programmes.setdefault(shift.session.programme_id, (shift.session.programme, {}))[1]
        sessions.setdefault(shift.session_id, (shift.session, []))[1].append(shift)
    return [(programme, list(sessions.values())) for programme, sessions in programmes.values()]


# The overview


@desk_view
def roster_overview(request):
    programmes = coordinated_programmes(request.user).only("pk", "title").order_by("title")
    choices = list(programmes)
    if not choices:
        raise PermissionDenied
    form = ProgrammeFilterForm(request.GET or None, programmes=programmes)
    chosen = programmes
    if form.is_bound:
        if form.is_valid() and form.cleaned_data["programme"]:
            chosen = ProgrammePage.objects.filter(pk=form.cleaned_data["programme"].pk)
        elif not form.is_valid():
            messages.error(request, _("That filter did not work: here are all your programmes."))
            form = ProgrammeFilterForm(programmes=programmes)
    today = timezone.localdate()
    shifts = list(
        with_people(
            Shift.objects.filter(
                session__programme__in=chosen,
                session__status=Session.Status.SCHEDULED,
                session__local_date__gte=today,
                session__local_date__lt=today + datetime.timedelta(days=OVERVIEW_DAYS),
            )
        ).order_by("session__programme__title", "session__starts_at", "session_id", "role__name")
    )
    volunteer_settings = VolunteerSettings.load(request_or_site=request)
    describe_staffing(shifts, grace=volunteer_settings.grace)
    # Whose certificate needs renewing: volunteers who worked or will work in
    # these programmes, from a year back.
    on_roster = ShiftAssignment.objects.active().filter(
        shift__session__programme__in=chosen, shift__session__starts_at__gte=timezone.now() - ROSTER_YEAR
    )
    window = datetime.timedelta(weeks=volunteer_settings.renewal_reminder_weeks)
    renewals = list(
        rosters.certificates_running_out(
            Volunteer.objects.filter(Exists(on_roster.filter(volunteer=OuterRef("pk")))), today=today, window=window
        )
    )
    for certificate in renewals:
        certificate.expired = certificate.valid_until < today
    return render(
        request,
        "programmes/desk/roster_overview.html",
        {
            "form": form,
            "programmes": grouped(shifts),
            "days": OVERVIEW_DAYS,
            "last_day": today + datetime.timedelta(days=OVERVIEW_DAYS - 1),
            "renewals": renewals,
            "renewal_weeks": volunteer_settings.renewal_reminder_weeks,
        },
    )


# One shift


def coordinated_shift(request, shift_id):
    """The shift with its people, or 404 when the user does not coordinate it."""
    shift = get_object_or_404(with_people(Shift.objects.all()), pk=shift_id)
    if not may_coordinate(request.user, shift.session.programme):
        raise Http404
    return shift


def shift_url(shift):
    return reverse("desk:roster_shift", args=[shift.pk])


def search_volunteers(form, shift, *, grace):
    """(active volunteers whose name matches, whether there are more), each
    with `on_shift` and, when their certificates keep them off it, `reason`."""
    if not form.is_valid():
        return None, False
    found = Volunteer.objects.filter(active=True)
    for word in form.cleaned_data["q"].split()[:5]:
        found = found.filter(
            Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word) | Q(user__username__iexact=word)
        )
    on_shift = ShiftAssignment.objects.active().filter(shift=shift, volunteer=OuterRef("pk"))
    found = list(
        found.annotate(on_shift=Exists(on_shift))
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")[: SEARCH_RESULTS + 1]
    )
    results = found[:SEARCH_RESULTS]
    certificates = certificates_of([volunteer.pk for volunteer in results])
    for volunteer in results:
        ok, code = rosters.qualifies(volunteer, shift, certificates=certificates[volunteer.pk], grace=grace)
        volunteer.reason = "" if ok else CERTIFICATE_WARNINGS.get(code, "")
        volunteer.warning = CERTIFICATE_WARNINGS[code] if code == "certificate_grace" else ""
    return results, len(found) > SEARCH_RESULTS


def attendance_rows(shift, default_hours, data=None):
    """(assignment, form) for each person on a shift that has started; the
    form proposes "came" and the shift's length until something is saved."""
    rows = []
    for assignment in shift.people:
        if assignment.status in (ShiftAssignment.Status.CAME, ShiftAssignment.Status.NO_SHOW):
            initial = {"status": assignment.status, "hours": assignment.hours}
        else:
            initial = {"status": ShiftAssignment.Status.CAME, "hours": default_hours}
        rows.append((assignment, AttendanceEntryForm(data, prefix=f"a{assignment.pk}", initial=initial)))
    return rows


def render_shift(request, shift, *, assign_form=None, attendance_data=None, status=200):
    grace = VolunteerSettings.load(request_or_site=request).grace
    describe_staffing([shift], grace=grace)
    started = shift.effective_starts_at <= timezone.now()
    cancelled = shift.session.status == Session.Status.CANCELLED
    search = VolunteerSearchForm(request.GET or None)
    results, more = (None, False) if cancelled else search_volunteers(search, shift, grace=grace)
    default_hours = rosters.shift_hours(shift)
    for assignment in shift.people:
        assignment.recorded = assignment.status in (ShiftAssignment.Status.CAME, ShiftAssignment.Status.NO_SHOW)
    return render(
        request,
        "programmes/desk/roster_shift.html",
        {
            "shift": shift,
            "session": shift.session,
            "started": started,
            "cancelled": cancelled,
            "search": search,
            "q": search.cleaned_data["q"] if search.is_bound and search.is_valid() else "",
            "results": results,
            "more": more,
            "limit": SEARCH_RESULTS,
            "assign_form": assign_form,
            "default_hours": default_hours,
            "rows": attendance_rows(shift, default_hours, attendance_data) if started and not cancelled else [],
        },
        status=status,
    )


@desk_view
def roster_shift(request, shift_id):
    return render_shift(request, coordinated_shift(request, shift_id))


def back_to_shift(request, shift):
    """The shift page, with the search the coordinator came from."""
    q = request.POST.get("q", "").strip()[:SEARCH_MAX]
    return redirect(shift_url(shift) + ("?" + urlencode({"q": q}) if q else ""))


def name_of(volunteer):
    return str(volunteer)


@desk_view
@require_POST
def assign(request, shift_id):
    """Put a volunteer on a coming shift; an overlap asks for a note first."""
    shift = coordinated_shift(request, shift_id)
    form = AssignForm(request.POST)
    if not form.is_valid():
        if "volunteer" in form.cleaned_data:
            return render_shift(request, shift, assign_form=form, status=400)
        messages.error(request, _("Choose an active volunteer from the search."))
        return back_to_shift(request, shift)
    volunteer = form.cleaned_data["volunteer"]
    try:
        rosters.sign_up(shift, volunteer, by=request.user, override_note=form.cleaned_data["override_note"])
    except rosters.RosterError as error:
        if error.code == "overlap":
            form.add_error("override_note", error_text(error))
            return render_shift(request, shift, assign_form=form, status=400)
        messages.error(request, error_text(error))
        return back_to_shift(request, shift)
    messages.success(request, _("%(name)s is on the shift, confirmed.") % {"name": name_of(volunteer)})
    return redirect(shift_url(shift))


def shift_assignment(request, shift_id, assignment_id):
    shift = coordinated_shift(request, shift_id)
    assignment = get_object_or_404(
        ShiftAssignment.objects.select_related("volunteer__user"), pk=assignment_id, shift=shift
    )
    return shift, assignment


@desk_view
@require_POST
def confirm(request, shift_id, assignment_id):
    shift, assignment = shift_assignment(request, shift_id, assignment_id)
    try:
        rosters.confirm(assignment, by=request.user)
    except rosters.RosterError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("%(name)s is confirmed.") % {"name": name_of(assignment.volunteer)})
    return redirect(shift_url(shift))


@desk_view
@require_POST
def cancel(request, shift_id, assignment_id):
    shift, assignment = shift_assignment(request, shift_id, assignment_id)
    try:
        rosters.cancel(assignment, by=request.user)
    except rosters.RosterError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("%(name)s is no longer on this shift.") % {"name": name_of(assignment.volunteer)})
    return redirect(shift_url(shift))


@desk_view
@require_POST
def record_attendance(request, shift_id):
    """Save the who-came form: every posted person, or nobody."""
    shift = coordinated_shift(request, shift_id)
    entries, valid = {}, True
    for key in request.POST:
        match = ENTRY_FIELD.match(key)
        if match is None:
            continue
        pk = int(match.group(1))
        form = AttendanceEntryForm(request.POST, prefix="a" + match.group(1))
        if not form.is_valid():
            valid = False
        elif form.cleaned_data["status"]:
            came = form.cleaned_data["status"] == ShiftAssignment.Status.CAME
            entries[pk] = form.cleaned_data["hours"] if came else None
    if not valid:
        messages.error(request, _("Nothing is saved: check the hours."))
        return render_shift(request, shift, attendance_data=request.POST, status=400)
    try:
        changed = rosters.record_shift_attendance(shift, entries, by=request.user)
    except rosters.RosterError as error:
        messages.error(request, error_text(error))
        return redirect(shift_url(shift))
    if changed:
        messages.success(request, _("Saved: who came and their hours."))
    else:
        messages.info(request, _("Nothing changed: this was saved already."))
    return redirect(shift_url(shift))


@desk_view
@require_POST
def came_without_sign_up(request, shift_id):
    """Record a volunteer who came to a started shift without signing up."""
    shift = coordinated_shift(request, shift_id)
    form = CameForm(request.POST)
    if not form.is_valid():
        error = form.errors.get("hours")
        messages.error(request, error[0] if error else _("Choose an active volunteer from the search."))
        return back_to_shift(request, shift)
    volunteer = form.cleaned_data["volunteer"]
    try:
        rosters.add_after_the_fact(shift, volunteer, form.cleaned_data["hours"], by=request.user)
    except rosters.RosterError as error:
        messages.error(request, error_text(error))
        return back_to_shift(request, shift)
    messages.success(
        request,
        _("%(name)s is recorded: came, %(hours)s hours.")
        % {"name": name_of(volunteer), "hours": formats.localize(form.cleaned_data["hours"].normalize())},
    )
    return redirect(shift_url(shift))
