"""The desk shell: sign in, see what is on today, sign out. Each app adds its
own desk screens; all of them require the `website.use_desk` permission."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils import timezone

from programmes import audit
from programmes.models import Session
from programmes.permissions import coordinated_programmes


class DeskLoginView(auth_views.LoginView):
    template_name = "website/desk/login.html"
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


@login_required
@permission_required("website.use_desk", raise_exception=True)
def home(request):
    today = timezone.localdate()
    sessions = (
        Session.objects.for_day(today)
        .filter(programme__in=coordinated_programmes(request.user))
        .select_related("programme", "venue")
        .order_by("starts_at")
    )
    return render(request, "website/desk/home.html", {"today": today, "sessions": sessions})
