"""The desk shell: sign in, see what is on today, sign out. Each app adds its
own desk screens; all of them require the `website.use_desk` permission."""

import datetime

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils import timezone

from groceries.permissions import door_openings
from holiday_play.permissions import worked_playgrounds
from programmes import audit
from programmes.models import RegistrationMode, Session, Volunteer
from programmes.permissions import coordinated_programmes
from website.sessions import DeskLoginForm, ThrottledLoginView


class DeskLoginView(ThrottledLoginView, auth_views.LoginView):
    template_name = "website/desk/login.html"
    form_class = DeskLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.log_change(form.get_user(), "website.desk.signed_in", by=form.get_user())
        return response


class DeskLogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            audit.log_change(request.user, "website.desk.signed_out", by=request.user)
        return super().post(request, *args, **kwargs)


# Sessions one registers for at the desk: per session, or by joining the group.
REGISTERING = (RegistrationMode.PER_SESSION, RegistrationMode.MEMBERSHIP)
UPCOMING_DAYS = 14
UPCOMING_SHOWN = 30


def with_registration_counts(sessions):
    """Places taken and households waiting, for the links to each session's registrations."""
    return sessions.select_related("programme", "venue").annotate(
        places_taken=Sum("registrations__places", filter=Q(registrations__status="confirmed"), default=0),
        waiting_count=Count("registrations", filter=Q(registrations__status="waiting")),
    )


@login_required
@permission_required("website.use_desk", raise_exception=True)
def home(request):
    today = timezone.localdate()
    day = _day_asked(request, today)
    programmes = coordinated_programmes(request.user)
    sessions = with_registration_counts(Session.objects.for_day(day).filter(programme__in=programmes)).order_by(
        "starts_at"
    )
    # A family registers at the desk for next week's session, not today's.
    upcoming = with_registration_counts(
        Session.objects.filter(
            programme__in=programmes,
            programme__registration_mode__in=REGISTERING,
            local_date__gt=today,
            local_date__lte=today + datetime.timedelta(days=UPCOMING_DAYS),
        )
    ).order_by("starts_at")[:UPCOMING_SHOWN]
    # A volunteer's door list is their roster: the openings they have a shift for.
    at_the_door = door_openings(request.user).for_day(day).select_related("programme", "venue").order_by("starts_at")
    # Animators who do not coordinate see their playground's day here.
    play_days = (
        Session.objects.for_day(day)
        .filter(programme__in=worked_playgrounds(request.user))
        .exclude(programme__in=programmes)
        .select_related("programme", "venue")
        .order_by("starts_at")
    )
    return render(
        request,
        "website/desk/home.html",
        {
            "today": today,
            "day": day,
            "previous_day": day - datetime.timedelta(days=1),
            "next_day": day + datetime.timedelta(days=1),
            "sessions": sessions,
            "coordinates": programmes.exists(),
            "door_openings": at_the_door,
            "play_days": play_days,
            "upcoming": upcoming if day == today else [],
            "upcoming_days": UPCOMING_DAYS,
            # Volunteers get links to their shifts; filter().first(): most desk users are not one.
            "volunteer": Volunteer.objects.filter(user=request.user).first(),
        },
    )


def _day_asked(request, today):
    """`?day=2026-11-21` shows that day (yesterday's roll call, tomorrow's
    list); anything else, or more than a year away, shows today."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return today
    return day if abs((day - today).days) <= 366 else today
