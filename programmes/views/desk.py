"""The coordinator's desk screens for registrations and groups.

Every view needs a signed-in user with `website.use_desk` (else 403) who may
coordinate the programme (else 404: a session, registration or group of
someone else's programme does not exist for them). Registrations and
memberships are looked up within the session or group in the address, so
another session's registration id is a 404 too.

Households are the exception, on purpose: a coordinator searches all of them,
because a family that came to the grocery must be found at the parent
breakfast; the search shows only hints of phone and e-mail.

Every change is a POST that redirects; the services apply the rules, and each
refusal (EnrolmentError, ProgrammeError) becomes a message that changes nothing.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from programmes import figures
from programmes.errors import ProgrammeError
from programmes.forms.desk import HouseholdSearchForm, MembersForm, NewHouseholdForm, ReasonForm, describe_person
from programmes.forms.fields import posted_id
from programmes.models import Attendance, Household, Membership, Registration, RegistrationMode, Session
from programmes.models.people import digits
from programmes.permissions import coordinated_programmes, may_coordinate
from programmes.services import enrolment

SEARCH_RESULTS = 20
YEAR = datetime.timedelta(days=365)
# Absent or excused this many times in a row: the coordinator calls the family.
FOLLOW_UP_AFTER = 3
HISTORY_SESSIONS = 20

# Where a service speaks to a family ("you are already registered"), the desk
# says it to the coordinator.
DESK_MESSAGES = {
    "duplicate": gettext_lazy("This household is already registered for this session."),
    "closed": gettext_lazy("This activity does not take registrations per session."),
}


def error_text(error):
    return str(DESK_MESSAGES.get(error.code, error.message))


def desk_view(view):
    """Signed in (else the desk login) and allowed on the desk (else 403)."""
    return login_required(permission_required("website.use_desk", raise_exception=True)(view))


# What a save reads of a session's programme: its place in the tree and its
# owner (the page permissions) and its title (the audit entry).
SAVING_FIELDS = ("title", "path", "depth", "owner")


def coordinated_session(request, session_id, *, saving=False):
    """The session, where `request.user` coordinates its programme; with
    `saving` only what a save needs of the programme is loaded."""
    if saving:
        sessions = Session.objects.with_programme_fields(*SAVING_FIELDS)
    else:
        sessions = Session.objects.select_related("programme", "venue")
    # The one programme is checked against the user's page permissions: much
    # cheaper than filtering on every page the user may edit.
    session = get_object_or_404(sessions, pk=session_id)
    if not may_coordinate(request.user, session.programme):
        raise Http404
    return session


def coordinated_programme(request, programme_id):
    return get_object_or_404(coordinated_programmes(request.user), pk=programme_id)


def registrations_url(session):
    return reverse("desk:session_registrations", args=[session.pk])


def closed_reason(session):
    """Why the desk cannot register anyone for `session`, or None."""
    if session.programme.registration_mode != RegistrationMode.PER_SESSION:
        return _("This activity does not take registrations per session.")
    if session.is_cancelled:
        return _("This session is cancelled.")
    if session.starts_at <= timezone.now():
        return _("This session has already started: registering is closed.")
    return None


def outcome_message(registration):
    name = registration.household.contact_name
    if registration.status == Registration.Status.WAITING:
        return _("The session is full: %(name)s is on the waiting list (number %(position)s).") % {
            "name": name,
            "position": registration.waiting_position(),
        }
    return ngettext(
        "%(name)s is registered: %(count)s place.", "%(name)s is registered: %(count)s places.", registration.places
    ) % {"name": name, "count": registration.places}


def moved_up_message(household):
    # The promotion mail needs an e-mail address; without one, the desk phones.
    if household.email:
        return _("%(name)s moved up from the waiting list and gets an e-mail.") % {"name": household.contact_name}
    return _("%(name)s moved up from the waiting list. There is no e-mail address: phone them on %(phone)s.") % {
        "name": household.contact_name,
        "phone": household.phone,
    }


# The session's registrations


@desk_view
def session_registrations(request, session_id):
    session = coordinated_session(request, session_id)
    now = timezone.now()
    registrations = list(session.registrations.active().select_related("household").prefetch_related("members"))
    confirmed = sorted(
        (r for r in registrations if r.status == Registration.Status.CONFIRMED), key=lambda r: (r.created_at, r.pk)
    )
    # The order of RegistrationQuerySet.waiting(): the position is what a family is told.
    waiting = sorted(
        (r for r in registrations if r.status == Registration.Status.WAITING), key=lambda r: (r.waiting_since, r.pk)
    )
    general_taken, reserved_taken = enrolment.places_taken(session)
    counts = {
        "taken": general_taken + reserved_taken,
        "capacity": session.capacity,
        "reserved": session.reserved_places,
        "reserved_taken": reserved_taken,
        "waiting": len(waiting),
        "households": len(confirmed),
    }
    if session.capacity is not None:
        general = session.capacity - session.reserved_places
        counts["free"] = max(general - general_taken, 0)
        counts["reserved_free"] = max(session.reserved_places - reserved_taken, 0)
    return render(
        request,
        "programmes/desk/session_registrations.html",
        {
            "session": session,
            "confirmed": confirmed,
            "waiting": waiting,
            "counts": counts,
            "closed_reason": closed_reason(session),
            # Moving up needs a session still to come; cancelling, one not yet over.
            "can_change": not session.is_cancelled and session.starts_at > now,
            "can_cancel": session.ends_at > now,
            "is_group": session.programme.registration_mode == RegistrationMode.MEMBERSHIP,
        },
    )


@desk_view
def cancel_registration(request, session_id, registration_id):
    """GET asks "are you sure?"; POST cancels. Cancelling twice is harmless."""
    session = coordinated_session(request, session_id)
    registration = get_object_or_404(
        Registration.objects.select_related("household").prefetch_related("members"),
        pk=registration_id,
        session=session,
    )
    name = registration.household.contact_name
    if not registration.is_active:
        messages.info(request, _("The registration of %(name)s was already cancelled.") % {"name": name})
        return redirect(registrations_url(session))
    if request.method != "POST":
        return render(
            request, "programmes/desk/cancel_registration.html", {"session": session, "registration": registration}
        )
    waiting_before = set(session.registrations.waiting().values_list("pk", flat=True))
    try:
        enrolment.cancel(registration, by=request.user)
    except ProgrammeError as error:
        messages.error(request, error_text(error))
        return redirect(registrations_url(session))
    messages.success(request, _("The registration of %(name)s is cancelled.") % {"name": name})
    promoted = session.registrations.confirmed().filter(pk__in=waiting_before).select_related("household")
    for moved_up in promoted:
        messages.success(request, moved_up_message(moved_up.household))
    return redirect(registrations_url(session))


@desk_view
@require_POST
def promote_registration(request, session_id, registration_id):
    """Move this waiting registration up now (the coordinator's choice, not the order)."""
    session = coordinated_session(request, session_id)
    registration = get_object_or_404(
        Registration.objects.select_related("household"), pk=registration_id, session=session
    )
    name = registration.household.contact_name
    if registration.status == Registration.Status.CONFIRMED:
        messages.info(request, _("%(name)s already has a place.") % {"name": name})
        return redirect(registrations_url(session))
    try:
        enrolment.promote_waiting(session, by=request.user, registration=registration)
    except ProgrammeError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, moved_up_message(registration.household))
    return redirect(registrations_url(session))


# Registering a household


def registrable_session(request, session_id):
    """The session, or a redirect to its page with the reason it is closed."""
    session = coordinated_session(request, session_id)
    reason = closed_reason(session)
    if reason:
        messages.error(request, reason)
        return session, redirect(registrations_url(session))
    return session, None


def masked_phone(phone):
    """The last four digits: enough to ask "is this your number?"."""
    number = digits(phone)
    return f"•••• {number[-4:-2]} {number[-2:]}" if len(number) >= 4 else ""


def masked_email(email):
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if local and domain else ""


def search_households(form, *, day, taken=None):
    """(households found, whether there are more), with hints instead of full
    phone and e-mail. `taken` (registrations or memberships) marks the
    households that are already in (`household.registered`)."""
    if not form.is_valid():
        return None, False
    found = Household.objects.search(form.cleaned_data["q"])
    if taken is not None:
        found = found.annotate(registered=Exists(taken.filter(household=OuterRef("pk"))))
    found = list(
        found.select_related("possible_duplicate_of")
        .prefetch_related("members")
        .order_by("contact_name", "pk")[: SEARCH_RESULTS + 1]
    )
    results = found[:SEARCH_RESULTS]
    for household in results:
        household.phone_hint = masked_phone(household.phone)
        household.email_hint = masked_email(household.email)
        household.member_lines = [describe_person(person, day) for person in household.members.all()]
    return results, len(found) > SEARCH_RESULTS


def chosen_household(request):
    """The household a search result sends, and the members ticked in it
    (ids of other households' people are ignored). 404 for an id that is
    not a household's."""
    household_id = posted_id(request.POST.get("household"))
    if household_id is None:
        raise Http404
    household = get_object_or_404(Household.objects.prefetch_related("members"), pk=household_id)
    chosen = set(request.POST.getlist("members"))
    return household, [person for person in household.members.all() if str(person.pk) in chosen]


@desk_view
def find_household(request, session_id):
    session, closed = registrable_session(request, session_id)
    if closed:
        return closed
    form = HouseholdSearchForm(request.GET or None)
    results, more = search_households(
        form, day=session.local_date, taken=Registration.objects.active().filter(session=session)
    )
    return render(
        request,
        "programmes/desk/find_household.html",
        {"session": session, "form": form, "results": results, "more": more, "limit": SEARCH_RESULTS},
    )


@desk_view
def choose_members(request, session_id, household_id):
    session, closed = registrable_session(request, session_id)
    if closed:
        return closed
    household = get_object_or_404(Household.objects.select_related("possible_duplicate_of"), pk=household_id)
    existing = session.registrations.active().filter(household=household).first()
    if existing is not None and request.method != "POST":
        if existing.status == Registration.Status.WAITING:
            text = _("%(name)s is already on the waiting list for this session.")
        else:
            text = _("%(name)s is already registered for this session.")
        messages.info(request, text % {"name": household.contact_name})
        return redirect(registrations_url(session))
    form = MembersForm(request.POST or None, household=household, programme=session.programme, day=session.local_date)
    if request.method == "POST" and form.is_valid():
        try:
            # Through the same path as the public form: a family with an
            # e-mail address gets the confirmation and its cancel link.
            (registration,) = enrolment.register_for_sessions(
                [session],
                household,
                form.cleaned_data["members"],
                by=request.user,
                source=Registration.Source.DESK,
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except ProgrammeError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, outcome_message(registration))
            return redirect(registrations_url(session))
    return render(
        request,
        "programmes/desk/choose_members.html",
        {"session": session, "household": household, "form": form},
    )


@desk_view
def new_household(request, session_id):
    session, closed = registrable_session(request, session_id)
    if closed:
        return closed
    form = NewHouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            household = form.save(by=request.user)
        except ProgrammeError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("The household of %(name)s is added.") % {"name": household.contact_name})
            if household.possible_duplicate_of_id:
                messages.warning(
                    request,
                    _("Possibly the same household as %(name)s (same phone or e-mail): flagged for merging.")
                    % {"name": household.possible_duplicate_of.contact_name},
                )
            return redirect("desk:choose_members", session_id=session.pk, household_id=household.pk)
    return render(request, "programmes/desk/new_household.html", {"session": session, "form": form})


# Groups (membership mode)


def group_url(programme):
    return reverse("desk:group_members", args=[programme.pk])


def with_members(memberships):
    return memberships.select_related("household").prefetch_related("members")


@desk_view
def group_members(request, programme_id):
    programme = coordinated_programme(request, programme_id)
    memberships = Membership.objects.filter(programme=programme)
    members = list(with_members(memberships.current()).order_by("household__contact_name", "pk"))
    # How each member came over the past year, so that a coordinator sees
    # whom to call: absences in a row since the last visit.
    today = timezone.localdate()
    attendance = {row.person_id: row for row in figures.person_figures(programme, today - YEAR, today, today=today)}
    for membership in members:
        membership.people = [(person, attendance.get(person.pk)) for person in membership.members.all()]
        membership.follow_up = any(
            row is not None and row.consecutive_absences >= FOLLOW_UP_AFTER for _person, row in membership.people
        )
    return render(
        request,
        "programmes/desk/group_members.html",
        {
            "programme": programme,
            "applications": list(with_members(memberships.applied())),
            "members": members,
            "follow_up_after": FOLLOW_UP_AFTER,
        },
    )


@desk_view
def member_history(request, programme_id, membership_id):
    """A member household's marks at the group's last sessions."""
    programme, membership = group_membership(request, programme_id, membership_id)
    people = list(membership.members.all())
    sessions = list(
        Session.objects.filter(programme=programme, local_date__lte=timezone.localdate()).order_by("-starts_at")[
            :HISTORY_SESSIONS
        ]
    )
    marks = {
        (mark.session_id, mark.person_id): mark
        for mark in Attendance.objects.filter(session__in=sessions, person__in=people)
    }
    rows = [(session, [marks.get((session.pk, person.pk)) for person in people]) for session in sessions]
    return render(
        request,
        "programmes/desk/member_history.html",
        {"programme": programme, "membership": membership, "people": people, "rows": rows},
    )


def group_membership(request, programme_id, membership_id):
    programme = coordinated_programme(request, programme_id)
    membership = get_object_or_404(
        Membership.objects.select_related("household").prefetch_related("members"),
        pk=membership_id,
        programme=programme,
    )
    return programme, membership


@desk_view
@require_POST
def accept_membership(request, programme_id, membership_id):
    programme, membership = group_membership(request, programme_id, membership_id)
    name = membership.household.contact_name
    if membership.status == Membership.Status.ACTIVE:
        messages.info(request, _("%(name)s is already a member.") % {"name": name})
        return redirect(group_url(programme))
    try:
        enrolment.accept_membership(membership, by=request.user)
    except ProgrammeError as error:
        messages.error(request, error_text(error))
    else:
        household = membership.household
        if household.email:
            text = _("%(name)s is now a member of the group and gets an e-mail.")
        else:
            text = _("%(name)s is now a member of the group. There is no e-mail address: phone them on %(phone)s.")
        messages.success(request, text % {"name": name, "phone": household.phone})
    return redirect(group_url(programme))


def reason_view(request, programme_id, membership_id, *, action):
    """Decline an application or end a membership: both ask a reason first."""
    programme, membership = group_membership(request, programme_id, membership_id)
    name = membership.household.contact_name
    decline = action == "decline"
    open_statuses = [Membership.Status.APPLIED] if decline else Membership.OPEN
    if membership.status not in open_statuses:
        if decline:
            text = _("The application of %(name)s has already been answered.")
        else:
            text = _("The membership of %(name)s has already ended.")
        messages.info(request, text % {"name": name})
        return redirect(group_url(programme))
    form = ReasonForm(request.POST or None, for_family=decline)
    if request.method == "POST" and form.is_valid():
        service = enrolment.decline_membership if decline else enrolment.end_membership
        try:
            service(membership, by=request.user, reason=form.cleaned_data["reason"])
        except ProgrammeError as error:
            messages.error(request, error_text(error))
        else:
            if decline:
                messages.success(request, _("The application of %(name)s is declined.") % {"name": name})
            else:
                messages.success(request, _("The membership of %(name)s has ended.") % {"name": name})
        return redirect(group_url(programme))
    return render(
        request,
        "programmes/desk/membership_reason.html",
        {"programme": programme, "membership": membership, "form": form, "decline": decline},
    )


@desk_view
def decline_membership(request, programme_id, membership_id):
    return reason_view(request, programme_id, membership_id, action="decline")


@desk_view
def end_membership(request, programme_id, membership_id):
    return reason_view(request, programme_id, membership_id, action="end")


@desk_view
def add_member(request, programme_id):
    """Add a household to the group at once (the coordinator decides): find
    it, tick who takes part. New families register at a session first, or
    apply online."""
    programme = coordinated_programme(request, programme_id)
    if request.method == "POST":
        household, people = chosen_household(request)
        try:
            enrolment.add_member(programme, household, people, by=request.user)
        except ProgrammeError as error:
            already = _("This household is already in the group, or has applied.")
            messages.error(request, already if error.code == "duplicate" else error.message)
        else:
            messages.success(request, _("%(name)s is now a member of the group.") % {"name": household.contact_name})
            return redirect(group_url(programme))
    form = HouseholdSearchForm(request.GET or None)
    results, more = search_households(
        form,
        day=timezone.localdate(),
        taken=Membership.objects.filter(programme=programme, status__in=Membership.OPEN),
    )
    return render(
        request,
        "programmes/desk/add_member.html",
        {"programme": programme, "form": form, "results": results, "more": more, "limit": SEARCH_RESULTS},
    )
