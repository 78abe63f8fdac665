"""The play day on the desk: per age group, who is booked, their allergies
and diet, one tap when a child arrives, and who took the child home.

Who: the playground's animators and coordinators (holiday_play/permissions.py);
for anyone else the play day does not exist (404). Only coordinators let a
child go with someone who is not on the family's list, add a walk-in, or
mark a day paid. Every action is a plain form POST that comes back to the list.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from holiday_play.forms import AnimatorsForm, CheckOutForm, ChildSearchForm
from holiday_play.models import Booking, PlaygroundPage
from holiday_play.permissions import may_work_day_list
from holiday_play.services import day_list as days
from holiday_play.services.bookings import set_paid
from programmes.errors import ProgrammeError
from programmes.forms.desk import NewHouseholdForm
from programmes.forms.fields import posted_id
from programmes.models import Person, Session
from programmes.permissions import may_coordinate
from programmes.views.desk import desk_view

SEARCH_RESULTS = 10


def _play_day(request, day_id):
    """(play day, playground) when `request.user` works this playground, else 404."""
    day = get_object_or_404(Session.objects.select_related("programme", "venue"), pk=day_id)
    playground = day.programme.specific
    if not isinstance(playground, PlaygroundPage) or not may_work_day_list(request.user, playground):
        raise Http404
    return day, playground


def _booking(day, booking_id):
    return get_object_or_404(
        Booking.objects.select_related("child__child_profile", "play_day__programme"), pk=booking_id, play_day=day
    )


def _back(day, anchor=""):
    return redirect(reverse("desk:day_list", args=[day.pk]) + (f"#{anchor}" if anchor else ""))


@desk_view
def day_list(request, day_id):
    day, playground = _play_day(request, day_id)
    groups = days.day_list(playground, day)
    today = timezone.localdate()
    now = timezone.localtime()
    closed = day.local_date < today or (day.local_date == today and now.time() >= playground.closes_at)
    for group in groups:
        group.form = AnimatorsForm(initial={"animators": group.counted}, prefix=f"group-{group.age_group.pk}")
    return render(
        request,
        "holiday_play/desk/day_list.html",
        {
            "day": day,
            "playground": playground,
            "groups": groups,
            "is_today": day.local_date == today,
            "is_past": day.local_date < today,
            "after_closing": closed,
            "is_coordinator": may_coordinate(request.user, playground),
            "alone": days.ALONE,
            "booked": sum(len(group.children) for group in groups),
            "arrived": sum(group.arrived for group in groups),
            "present": sum(group.present for group in groups),
            "gone_home": sum(group.arrived - group.present for group in groups),
        },
    )


def _done(request, day, booking, action):
    try:
        action()
    except ProgrammeError as error:
        messages.error(request, error.message)
    return _back(day, f"child-{booking.pk}")


@desk_view
@require_POST
def check_in(request, day_id, booking_id):
    day, _playground = _play_day(request, day_id)
    booking = _booking(day, booking_id)

    def action():
        days.check_in(booking, by=request.user)
        messages.success(request, _("%(name)s is checked in.") % {"name": booking.child.first_name})

    return _done(request, day, booking, action)


@desk_view
@require_POST
def check_out(request, day_id, booking_id):
    day, playground = _play_day(request, day_id)
    booking = _booking(day, booking_id)
    form = CheckOutForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, error[0])
        return _back(day, f"child-{booking.pk}")

    def action():
        days.check_out(
            booking,
            form.cleaned_data["pickup"],
            other_name=form.cleaned_data["other_name"],
            override=form.cleaned_data["override"],
            as_coordinator=may_coordinate(request.user, playground),
            by=request.user,
        )
        messages.success(
            request,
            _("%(name)s went home with %(pickup)s.")
            % {"name": booking.child.first_name, "pickup": booking.picked_up_by},
        )

    return _done(request, day, booking, action)


@desk_view
@require_POST
def set_animators(request, day_id, group_id):
    day, playground = _play_day(request, day_id)
    age_group = get_object_or_404(playground.age_groups, pk=group_id)
    form = AnimatorsForm(request.POST, prefix=f"group-{age_group.pk}")
    if form.is_valid():
        days.set_animators(day, age_group, form.cleaned_data["animators"], by=request.user)
        messages.success(request, _("Animators for %(group)s saved.") % {"group": age_group.name})
    else:
        messages.error(request, _("Give the number of animators, from 0 to 99."))
    return _back(day, f"group-{age_group.pk}")


@desk_view
@require_POST
def mark_paid(request, day_id, booking_id):
    """The family paid for this day (cash or card at the gate)."""
    day, playground = _play_day(request, day_id)
    if not may_coordinate(request.user, playground):
        raise Http404
    booking = _booking(day, booking_id)
    set_paid(booking, request.POST.get("paid") == "1", by=request.user)
    return _back(day, f"child-{booking.pk}")


def _known_children(playground, query):
    """Children booked before at this playground whose first or last name starts with `query`."""
    children = Person.objects.filter(play_bookings__play_day__programme=playground, birth_date__isnull=False)
    for word in query.split()[:3]:
        children = children.filter(Q(first_name__istartswith=word) | Q(last_name__istartswith=word))
    return children.distinct().select_related("household").order_by("first_name", "last_name")[:SEARCH_RESULTS]


def _walk_in_day(request, day_id):
    """Coordinators add walk-ins, on the day itself."""
    day, playground = _play_day(request, day_id)
    if not may_coordinate(request.user, playground):
        raise Http404
    return day, playground


def _walk_in(request, day, playground, children):
    """Book and check in `children`; all of them or none."""
    if day.local_date != timezone.localdate():
        raise ProgrammeError(_("Walk-ins are added on the day itself."), code="not_today")
    with transaction.atomic():
        for child in children:
            days.walk_in(playground, day, child, by=request.user)
    names = ", ".join(child.first_name for child in children)
    messages.success(request, _("%(names)s booked and checked in.") % {"names": names})


@desk_view
def walk_in(request, day_id):
    """Find a child the playground knows, or go on to a new family."""
    day, playground = _walk_in_day(request, day_id)
    if request.method == "POST":
        # Only a child booked here before: another household's id is a 404.
        child = get_object_or_404(
            Person.objects.filter(play_bookings__play_day__programme=playground).distinct(),
            pk=posted_id(request.POST.get("child")),
        )
        try:
            _walk_in(request, day, playground, [child])
        except ProgrammeError as error:
            messages.error(request, error.message)
        return _back(day)
    form = ChildSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "holiday_play/desk/walk_in.html",
        {
            "day": day,
            "playground": playground,
            "form": form,
            "query": query,
            "children": _known_children(playground, query) if query else [],
        },
    )


@desk_view
def walk_in_new(request, day_id):
    """A family the playground does not know yet: the parent to call and the children who came."""
    day, playground = _walk_in_day(request, day_id)
    form = NewHouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                household = form.save(by=request.user)
                children = [member for member in household.members.all() if member.birth_date]
                if not children:
                    raise ProgrammeError(_("Add at least one child."), code="no_child")
                _walk_in(request, day, playground, children)
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            return _back(day)
    return render(
        request,
        "holiday_play/desk/walk_in_new.html",
        {"session": day, "day": day, "playground": playground, "form": form},
        status=400 if form.is_bound else 200,
    )
