"""The door on the desk: type or scan a badge number, see the verdict, record
the visit with one tap, and the next check is ready.

Who: the grocery's coordinators, and volunteers at the openings they have a
shift for (groceries/permissions.py). For anyone else the opening does not
exist (404), so nobody learns of openings they have no part in. A volunteer
outside their shift's hours sees a closed door with their own hours (403);
guessing is paused (429). The door's script gets the same answers: JSON where
the door is open, and the HTML of a closed or unknown door, which it cannot
read, so the form posts as usual and shows that page. The door shows what it
needs and nothing more: a first name, the household size and package, the
visits left.
"""

import datetime
import uuid

from django.contrib import messages
from django.db.models import Count, Max, Q, Sum
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from groceries.errors import GroceryError
from groceries.forms import CheckForm, NameSearchForm, VisitForm
from groceries.models import Badge, CheckAttempt, Verdict
from groceries.permissions import door_at, door_opening
from groceries.services import door
from groceries.verdicts import presentation
from programmes.models import Session
from programmes.permissions import may_coordinate
from programmes.throttle import client_address
from programmes.views.desk import desk_view

SEARCH_RESULTS = 10
# Coordinators see who was paused for guessing in the last hour.
PAUSES_SHOWN_FOR = datetime.timedelta(hours=1)


class DoorClosed(Exception):
    pass


def _door(request, opening_id):
    """(opening, grocery) when `request.user` may check badges there now.
    An opening without a shift of theirs is a 404; a closed door is a
    DoorClosed with their hours there."""
    try:
        opening, grocery = door_opening(opening_id)
    except Session.DoesNotExist:
        raise Http404 from None
    found = door_at(request.user, grocery, opening)
    if found is None:
        raise Http404
    if not found.open:
        raise DoorClosed(opening, found.hours)
    return opening, grocery


def _hours_shown(hours):
    """The volunteer's next hours at this opening, or their last when all
    have passed: what they need to come back at the right time."""
    now = timezone.now()
    return next(((opens, closes) for opens, closes in hours if closes >= now), hours[-1] if hours else (None, None))


def door_view(view):
    """The desk's sign-in and permission, then the door's own checks."""

    @desk_view
    def wrapped(request, opening_id, *args, **kwargs):
        try:
            opening, grocery = _door(request, opening_id)
        except DoorClosed as closed:
            opening, hours = closed.args
            opens_at, closes_at = (None, None) if opening.is_cancelled else _hours_shown(hours)
            context = {"opening": opening, "opens_at": opens_at, "closes_at": closes_at}
            return render(request, "groceries/door/closed.html", context, status=403)
        return view(request, opening, grocery, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _ip(request):
    # Behind our proxy REMOTE_ADDR is the proxy: one address would pause every door.
    return client_address(request) or None


def _door_url(opening):
    return reverse("desk:door", args=[opening.pk])


def _served(opening):
    return opening.grocery_visits.aggregate(households=Count("pk"), persons=Sum("persons", default=0))


def _served_text(opening):
    """The page's "12 households served (40 persons)", for the script to
    update after a visit (the same words as groceries/door/base.html)."""
    served = _served(opening)
    return (
        ngettext(
            "%(households)s household served (%(persons)s persons)",
            "%(households)s households served (%(persons)s persons)",
            served["households"],
        )
        % served
    )


def _context(request, opening, grocery, **extra):
    context = {"opening": opening, "grocery": grocery, "visits": _served(opening), "form": CheckForm(), **extra}
    if may_coordinate(request.user, grocery):
        # The coordinator sees who was paused for guessing, to talk to them.
        context["paused"] = (
            CheckAttempt.objects.filter(
                grocery=grocery, verdict=Verdict.PAUSED, at__gte=timezone.now() - PAUSES_SHOWN_FOR
            )
            .values("user__first_name", "user__last_name", "user__username")
            .annotate(times=Count("pk"), last=Max("at"))
            .order_by("-last")
        )
    return context


def _wants_json(request):
    # The door's script asks for JSON: the page stays, only the verdict changes.
    return request.headers.get("Accept") == "application/json"


def _verdict_json(check, grocery):
    shown = presentation(check, grocery)
    data = {"verdict": check.verdict, "admitted": check.admitted}
    data.update(tone=shown.tone, icon=shown.icon, title=shown.title, advice=shown.advice)
    if check.admitted:
        badge = check.badge
        facts = [
            (
                _("Household"),
                ngettext("%(persons)s person", "%(persons)s persons", badge.persons) % {"persons": badge.persons},
            ),
        ]
        if check.package:
            facts.append((_("Package"), check.package.name))
        if check.visits_left is not None:
            facts.append((_("Visits left this period"), str(check.visits_left)))
        data.update(
            first_name=check.first_name, facts=facts, badge=badge.pk, persons=badge.persons, nonce=str(uuid.uuid4())
        )
    elif check.visited_at:
        data["advice"] = f"{shown.advice} " + _("Recorded at %(time)s.") % {
            "time": formats.time_format(timezone.localtime(check.visited_at), "H:i")
        }
    return data


def _verdict_response(request, opening, grocery, check):
    if _wants_json(request):
        return JsonResponse(_verdict_json(check, grocery), status=429 if check.verdict == Verdict.PAUSED else 200)
    if check.verdict == Verdict.PAUSED:
        context = _context(request, opening, grocery, form=None, shown=presentation(check, grocery))
        return render(request, "groceries/door/paused.html", context, status=429)
    visit_form = None
    if check.admitted:
        visit_form = VisitForm(initial={"badge": check.badge.pk, "persons": check.badge.persons, "nonce": uuid.uuid4()})
    context = _context(
        request, opening, grocery, check=check, shown=presentation(check, grocery), visit_form=visit_form
    )
    return render(request, "groceries/door/verdict.html", context)


@door_view
def door_check(request, opening, grocery):
    """The door: GET shows the input, POST checks the code."""
    if request.method != "POST":
        return render(request, "groceries/door/check.html", _context(request, opening, grocery))
    form = CheckForm(request.POST)
    if not form.is_valid() and _wants_json(request):
        return JsonResponse({"error": " ".join(form.errors["code"])}, status=400)
    if not form.is_valid():
        return render(request, "groceries/door/check.html", _context(request, opening, grocery, form=form), status=400)
    check = door.check_badge(form.cleaned_data["code"], opening, by=request.user, ip=_ip(request), grocery=grocery)
    return _verdict_response(request, opening, grocery, check)


@require_POST
@door_view
def door_choose(request, opening, grocery, badge_id):
    """Someone forgot the card and was found by name."""
    badge = get_object_or_404(Badge.objects.select_related("household"), pk=badge_id, grocery=grocery)
    check = door.check_chosen_badge(badge, opening, by=request.user, ip=_ip(request), grocery=grocery)
    return _verdict_response(request, opening, grocery, check)


@require_POST
@door_view
def door_visit(request, opening, grocery):
    form = VisitForm(request.POST)
    if not form.is_valid():
        text = " ".join(error for errors in form.errors.values() for error in errors)
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": text}, status=400)
        messages.error(request, text)
        return redirect(_door_url(opening))
    try:
        visit = door.record_visit(
            form.cleaned_data["badge"],
            opening,
            by=request.user,
            persons=form.cleaned_data["persons"],
            nonce=form.cleaned_data["nonce"],
            grocery=grocery,
        )
    except Badge.DoesNotExist:
        raise Http404 from None
    except GroceryError as error:
        ok, text = False, _("Not recorded: %(reason)s") % {"reason": error.message}
    else:
        ok = True
        text = _("Visit recorded: %(name)s, %(persons)s persons.") % {
            "name": door.first_name(visit.badge.household),
            "persons": visit.persons,
        }
    if _wants_json(request):
        answer = {"ok": ok, "message": text, "served": _served_text(opening)}
        return JsonResponse(answer, status=200 if ok else 409)
    (messages.success if ok else messages.error)(request, text)
    return redirect(_door_url(opening))


@door_view
def door_search(request, opening, grocery):
    """Find a badge by name for someone without the card: the door sees a
    first name, an initial and a postcode to pick from, nothing else."""
    form = NameSearchForm(request.GET or None)
    results, more = None, False
    if form.is_valid():
        name = form.cleaned_data["name"]
        matches = (
            Badge.objects.filter(grocery=grocery, status=Badge.Status.ACTIVE)
            .filter(
                Q(household__contact_name__icontains=name)
                | Q(household__members__first_name__icontains=name)
                | Q(household__members__last_name__icontains=name)
            )
            .select_related("household")
            .distinct()
            .order_by("household__contact_name")[: SEARCH_RESULTS + 1]
        )
        results = [(badge, door.name_to_pick(badge.household)) for badge in matches]
        results, more = results[:SEARCH_RESULTS], len(results) > SEARCH_RESULTS
    context = _context(request, opening, grocery, search_form=form, results=results, more=more)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "groceries/door/search.html", context, status=status)
