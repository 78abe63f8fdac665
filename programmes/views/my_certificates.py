"""The volunteer's own certificates on the desk: what counts, and telling us
about a new one. Only the volunteer's own rows are ever listed."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from programmes.models import Certificate
from programmes.services import certificates
from programmes.views.desk import desk_view
from programmes.views.shifts import volunteer_of


class DeclareCertificateForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Certificate"), choices=Certificate.Kind.choices)
    issued_on = forms.DateField(label=gettext_lazy("Issued on"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(
        label=gettext_lazy("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Not for model 2: the organisation sets how long that one counts."),
    )


@desk_view
def my_certificates(request):
    volunteer = volunteer_of(request.user)
    if volunteer is None:
        return render(request, "programmes/desk/my_certificates.html", {"volunteer": None})
    form = DeclareCertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificates.declare(volunteer, **form.cleaned_data, by=request.user, today=timezone.localdate())
        except certificates.CertificateError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, gettext_lazy("Thank you. Show the certificate to a coordinator: then it counts."))
            return redirect("desk:my_certificates")
    today = timezone.localdate()
    rows = list(volunteer.certificates.order_by("kind", "-issued_on"))
    for certificate in rows:
        certificate.counts_today = certificate.covers(today)
    return render(
        request,
        "programmes/desk/my_certificates.html",
        {"volunteer": volunteer, "certificates": rows, "form": form},
        status=400 if form.errors else 200,
    )
