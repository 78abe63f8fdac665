"""Recording an early-detection signal from the desk, and the author's own list.

Who: anyone who works the playground's day list (its animators and
coordinators, holiday_play/permissions.py `may_work_day_list`), about a
child booked on that play day. Any other play day or child does not exist
for them (404); without the desk permission it is a 403, signed out the
desk login. What happens to the signal afterwards is for the social
workers, in the admin (holiday_play/viewsets.py).
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from holiday_play.models import Booking, PlaygroundPage, Signal
from holiday_play.models.signals import MAX_CONCERN_LENGTH
from holiday_play.permissions import may_work_day_list
from holiday_play.services.signals import SignalError, record_signal
from programmes.models import Session
from programmes.views.desk import desk_view

SIGNALS_PER_PAGE = 25


class SignalForm(forms.Form):
    # No max_length here: the service says how long it may be, with the
    # length typed, and the textarea's maxlength would cut text off unseen.
    concern = forms.CharField(
        label=gettext_lazy("What worries you?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concern"].help_text = _(
            "Write what you saw or heard, as facts: when, what, who said it. At most %(max)s characters."
        ) % {"max": MAX_CONCERN_LENGTH}


def _play_day_and_booking(request, day_id, child_id):
    """The play day and the child's booking on it, when `request.user` works
    that playground's day list; else 404."""
    day = get_object_or_404(Session.objects.select_related("programme"), pk=day_id)
    playground = PlaygroundPage.objects.filter(pk=day.programme_id).first()
    if playground is None or not may_work_day_list(request.user, playground):
        raise Http404
    booking = get_object_or_404(Booking.objects.active().select_related("child"), play_day=day, child_id=child_id)
    return day, playground, booking


@desk_view
def new_signal(request, day_id, child_id):
    day, playground, booking = _play_day_and_booking(request, day_id, child_id)
    child = booking.child
    status = 200
    if request.method == "POST":
        form = SignalForm(request.POST)
        if form.is_valid():
            try:
                record_signal(child, playground, form.cleaned_data["concern"], by=request.user)
            except SignalError as error:
                form.add_error("concern", error.message)
            else:
                messages.success(
                    request,
                    _("Thank you. Your signal about %(name)s was sent to the social workers.")
                    % {"name": child.first_name},
                )
                return redirect("desk:my_signals")
        status = 400
    else:
        form = SignalForm()
    context = {
        "form": form,
        "day": day,
        "playground": playground,
        "child": child,
    }
    return render(request, "holiday_play/desk/new_signal.html", context, status=status)


@desk_view
def my_signals(request):
    """The signals the user recorded, with their own words. Reading one's own
    text is not audit-logged: the author wrote it and knows it, and the log is
    for reads by others (permissions.signal_viewed). Whether a social worker
    followed it up is shown, what they did is not: that is theirs."""
    signals = Signal.objects.filter(author=request.user).select_related("child", "playground")
    page = Paginator(signals, SIGNALS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "holiday_play/desk/my_signals.html", {"page_obj": page, "signals": page.object_list})
