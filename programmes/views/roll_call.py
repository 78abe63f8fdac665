"""The roll call on the desk: one tap per person, then one save.

A plain form POST that works without JavaScript; the walk-in + and − buttons
are submit buttons that save the form with the count changed by one.
"""

import uuid

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programmes.errors import ProgrammeError
from programmes.forms.desk import HouseholdSearchForm, NewHouseholdForm
from programmes.forms.fields import posted_id
from programmes.models import Attendance, AttendanceSubmission, RollCall
from programmes.models.attendance import MAX_HEAD_COUNT, MAX_NOTE_LENGTH
from programmes.services import attendance
from programmes.views.desk import SEARCH_RESULTS, chosen_household, coordinated_session, desk_view, search_households

STATUSES = Attendance.Status
MAX_KEY_LENGTH = AttendanceSubmission._meta.get_field("key").max_length


@desk_view
def roll_call(request, session_id):
    if request.method == "POST":
        # Saving reads nothing for the page: the redirect shows what was saved.
        session = coordinated_session(request, session_id, saving=True)
        errors = _save(request, session)
        if not errors:
            messages.success(request, _("Attendance saved."))
            return redirect(reverse("desk:roll_call", args=[session.pk]))
        for error in errors:
            messages.error(request, error)
    session = coordinated_session(request, session_id)
    people = list(
        attendance.expected_people(session)
        .select_related("household")
        .prefetch_related(Prefetch("attendances", queryset=Attendance.objects.filter(session=session), to_attr="marks"))
        .order_by("household__contact_name", "-is_contact", "first_name")
    )
    record = RollCall.objects.filter(session=session).first() or RollCall(session=session)
    for person in people:
        person.mark = person.marks[0].status if person.marks else ""
    counts = {status: sum(1 for p in people if p.mark == status) for status in STATUSES.values}
    counts["unmarked"] = sum(1 for p in people if not p.mark)
    return render(
        request,
        "programmes/desk/roll_call.html",
        {
            "session": session,
            "people": people,
            "record": record,
            "counts": counts,
            "statuses": STATUSES.choices,
            "idempotency_key": uuid.uuid4().hex,
            "max_head_count": MAX_HEAD_COUNT,
        },
        status=400 if request.method == "POST" else 200,
    )


def _save(request, session):
    """Apply the posted form; returns the messages of what could not be saved."""
    post = request.POST
    marks = {}
    for name, status in post.items():
        person = posted_id(name.removeprefix("person-")) if name.startswith("person-") else None
        if person is not None and status:
            marks[person] = status
    errors = []
    try:
        adults, children = _head_counts(post, session)
    except ValueError:
        errors.append(_("A head count is a number from 0 to %(max)s.") % {"max": MAX_HEAD_COUNT})
    note = post.get("note", "")
    if len(note) > MAX_NOTE_LENGTH:
        errors.append(_("Keep the note under 1000 characters."))
    if errors:
        return errors
    try:
        attendance.take_roll_call(
            session,
            marks,
            adults=adults,
            children=children,
            note=note,
            by=request.user,
            idempotency_key=_idempotency_key(post.get("idempotency_key", "")),
        )
    except attendance.AttendanceError as error:
        return [error.message]
    return []


def _head_counts(post, session):
    """The walk-in counts the form asks for, as absolute numbers: the number
    in the field, one more or less for + and −. An empty field keeps the saved
    count, which is only read then."""
    saved = None
    counts = []
    for which in ("adults", "children"):
        posted = post.get(f"walk_in_{which}")
        if posted in (None, ""):
            saved = saved or RollCall.objects.filter(session=session).first() or RollCall()
            value = getattr(saved, f"walk_in_{which}")
        else:
            value = int(posted)
        adjust = post.get("adjust")
        if adjust == f"{which}:+1":
            value += 1
        elif adjust == f"{which}:-1":
            value = max(0, value - 1)
        if not 0 <= value <= MAX_HEAD_COUNT:
            raise ValueError(value)
        counts.append(value)
    return counts


def _idempotency_key(text):
    return text if text.isalnum() and len(text) <= MAX_KEY_LENGTH else ""


@desk_view
@require_POST
def mark(request, session_id):
    """One tap, sent by the page's script: {person, status, idempotency_key}."""
    session = coordinated_session(request, session_id, saving=True)
    person, status, key = (request.POST.get(name, "") for name in ("person", "status", "idempotency_key"))
    person, key = posted_id(person), _idempotency_key(key)
    if person is None or not key:
        return JsonResponse({"error": _("This tap could not be read. Reload the page.")}, status=400)
    try:
        changed = attendance.record_attendance(session, {person: status}, by=request.user, idempotency_key=key)
    except attendance.AttendanceError as error:
        return JsonResponse({"error": error.message, "code": error.code}, status=400)
    return JsonResponse({"changed": changed})


@desk_view
def walk_in(request, session_id):
    """Someone came without registering: find the household, tick who came."""
    session = coordinated_session(request, session_id)
    if request.method == "POST":
        _household, people = chosen_household(request)
        return _mark_walk_ins(request, session, people)
    form = HouseholdSearchForm(request.GET or None)
    results, more = search_households(form, day=session.local_date)
    return render(
        request,
        "programmes/desk/walk_in.html",
        {"session": session, "form": form, "results": results, "more": more, "limit": SEARCH_RESULTS},
    )


@desk_view
def walk_in_new(request, session_id):
    """A household we do not know yet: a few fields, then everyone in it is marked present."""
    session = coordinated_session(request, session_id)
    form = NewHouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                household = form.save(by=request.user)
                attendance.add_walk_ins(session, household.members.all(), by=request.user)
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(name)s and family are marked present.") % {"name": household.contact_name})
            return redirect(reverse("desk:roll_call", args=[session.pk]))
    return render(request, "programmes/desk/walk_in_new.html", {"session": session, "form": form})


def _mark_walk_ins(request, session, people):
    try:
        attendance.add_walk_ins(session, people, by=request.user)
    except attendance.AttendanceError as error:
        messages.error(request, error.message)
        return redirect(reverse("desk:walk_in", args=[session.pk]))
    names = ", ".join(person.first_name for person in people)
    messages.success(request, _("Marked present: %(names)s.") % {"names": names})
    return redirect(reverse("desk:roll_call", args=[session.pk]))
