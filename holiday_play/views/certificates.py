"""The yearly certificates in the Wagtail admin (Reports → Certificates).

Who: the playground's coordinators (programmes.permissions.may_coordinate),
else a 403; an unknown playground or child is a 404. Wagtail sends anonymous
users to its login before these views run.

What: a form (playground, year) and the list of children with their days;
per child a printable page with the fiscal certificate(s) and the health
insurer's; and the whole playground's certificates for a year on one
printable page. The printable pages carry personal data for paper: each one
shown is an audit entry (who, when, which child or which playground), with
no personal values in it. The browser's own Print makes the PDF.
"""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale

from holiday_play.certificates import FISCAL_AGE_LIMIT, certificates_for_year
from holiday_play.models import PlaygroundPage, PlaygroundSettings
from programmes import audit
from programmes.permissions import coordinated_programmes, may_coordinate

FIRST_YEAR = 2000
CHILD_PRINTED = "holiday_play.certificate.printed"
ALL_PRINTED = "holiday_play.certificates.printed"


def coordinated_playgrounds(user):
    """The playgrounds `user` coordinates, in the default language: the play
    days and bookings hang on that page."""
    return PlaygroundPage.objects.filter(
        pk__in=coordinated_programmes(user).values("pk"), locale=Locale.get_default()
    ).order_by("title")


def latest_year(today=None):
    return (today or timezone.localdate()).year


def default_year(today=None):
    """Certificates go out in the first months of the next year: until March,
    last year's; from April on, this year's so far."""
    today = today or timezone.localdate()
    return today.year - 1 if today.month <= 3 else today.year


def year_error(year):
    """The message for a year there are no certificates for, or None."""
    last = latest_year()
    if year is None or not FIRST_YEAR <= year <= last:
        return _("Choose a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": last}
    return None


class CertificateChoiceForm(forms.Form):
    playground = forms.ModelChoiceField(
        label=_("Playground"), queryset=PlaygroundPage.objects.none(), empty_label=_("Choose a playground")
    )
    year = forms.IntegerField(label=_("Year"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["playground"].queryset = coordinated_playgrounds(user)
        self.fields["year"].widget.attrs.update({"min": FIRST_YEAR, "max": latest_year()})

    def clean_year(self):
        year = self.cleaned_data["year"]
        error = year_error(year)
        if error:
            raise forms.ValidationError(error, code="year")
        return year


def forbidden(request):
    return render(request, "holiday_play/certificates/forbidden.html", status=403)


def print_url(playground, year, child=None):
    if child is None:
        return reverse("holiday_play_certificates:print_all", args=[playground.pk, year])
    return reverse("holiday_play_certificates:print_child", args=[playground.pk, year, child.pk])


class CertificateIndexView(WagtailAdminTemplateMixin, View):
    """Choose a playground and a year; see its children, their days and the links."""

    template_name = "holiday_play/certificates/index.html"
    page_title = _("Certificates")
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request):
        user = request.user
        playgrounds = list(coordinated_playgrounds(user)[:2])
        if not playgrounds:
            return forbidden(request)
        if {"playground", "year"} & set(request.GET):
            form = CertificateChoiceForm(request.GET, user=user)
            if form.has_error("playground", "invalid_choice"):
                # A playground this user does not coordinate does not exist for them.
                raise Http404
        else:
            initial = {"year": default_year()}
            if len(playgrounds) == 1:
                initial["playground"] = playgrounds[0]
            form = CertificateChoiceForm(user=user, initial=initial)
        context = self.get_context_data(form=form)
        if form.is_bound and form.is_valid():
            playground, year = form.cleaned_data["playground"], form.cleaned_data["year"]
            # The list shows no national register numbers: not even read.
            children = certificates_for_year(playground, year, national_numbers=False)
            context.update(
                playground=playground,
                year=year,
                children=[(item, print_url(playground, year, item.child)) for item in children],
                with_certificates=sum(item.has_certificates for item in children),
                print_all_url=print_url(playground, year),
                age_limit=FISCAL_AGE_LIMIT,
            )
        status = 400 if form.is_bound and not form.is_valid() else 200
        return self.render_to_response(context, status=status)


class CertificatePrintView(View):
    """The printable certificates: no admin furniture, print styles."""

    template_name = "holiday_play/certificates/print.html"

    def get(self, request, playground_id, year, child_id=None):
        playground = get_object_or_404(PlaygroundPage, pk=playground_id, locale=Locale.get_default())
        if not may_coordinate(request.user, playground):
            return forbidden(request)
        error = year_error(year)
        back_url = reverse("holiday_play_certificates:index") + f"?playground={playground.pk}"
        if error:
            return render(request, self.template_name, {"error": error, "back_url": back_url}, status=400)
        store_national_numbers = PlaygroundSettings.load(request_or_site=request).store_national_numbers
        children = certificates_for_year(
            playground,
            year,
            child_ids=None if child_id is None else [child_id],
            national_numbers=store_national_numbers,
        )
        children = [item for item in children if item.has_certificates]
        if child_id is not None:
            if not children:
                raise Http404
            audit.log_read(children[0].child, CHILD_PRINTED, by=request.user)
        else:
            audit.log_read(playground, ALL_PRINTED, by=request.user)
        context = {
            "playground": playground,
            "year": year,
            "children": children,
            "single": child_id is not None,
            "age_limit": FISCAL_AGE_LIMIT,
            "store_national_numbers": store_national_numbers,
            "today": timezone.localdate(),
            "back_url": f"{back_url}&year={year}",
        }
        return render(request, self.template_name, context)
