"""The finder's filters. The same query string serves the finder page and
its calendar feed, so everything is plain GET parameters."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from programmes.models import Kind, Language, ProgrammePage, RegistrationMode, Venue

WEEKDAYS = [
    ("1", _("Monday")),
    ("2", _("Tuesday")),
    ("3", _("Wednesday")),
    ("4", _("Thursday")),
    ("5", _("Friday")),
    ("6", _("Saturday")),
    ("7", _("Sunday")),
]
PARTS_OF_DAY = {
    # local hours [from, until)
    "morning": (_("Morning"), 0, 12),
    "afternoon": (_("Afternoon"), 12, 17),
    "evening": (_("Evening"), 17, 24),
}
COSTS = [("free", _("Free")), ("social", _("Social tariff"))]
JOINING = [("walk_in", _("Just come, no registration")), ("register", _("Registration needed"))]


class FinderForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date. We left it out."))
        return cleaned


class SessionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_text", max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    age = django_filters.NumberFilter(
        label=_("Age of your child"),
        method="filter_age",
        min_value=0,
        max_value=18,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 18}),
    )
    # A checkbox: ticked narrows to activities for parents, unticked leaves everything.
    for_parents = django_filters.BooleanFilter(
        label=_("For parents"), method="filter_for_parents", widget=forms.CheckboxInput
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), method="filter_programmes", choices=Kind.choices)
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="local_date", lookup_expr="gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("Until"),
        field_name="starts_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    weekday = django_filters.MultipleChoiceFilter(
        label=_("Day"), choices=WEEKDAYS, method="filter_weekday", widget=forms.CheckboxSelectMultiple
    )
    part_of_day = django_filters.ChoiceFilter(
        label=_("Time of day"),
        choices=[(key, label) for key, (label, _start, _end) in PARTS_OF_DAY.items()],
        method="filter_part_of_day",
    )
    neighbourhood = django_filters.ChoiceFilter(label=_("Neighbourhood"), field_name="venue__neighbourhood")
    venue = django_filters.ModelChoiceFilter(label=_("Place"), queryset=Venue.objects.all())
    language = django_filters.ModelChoiceFilter(
        label=_("Language"), method="filter_programmes", to_field_name="code", queryset=Language.objects.all()
    )
    cost = django_filters.ChoiceFilter(label=_("Cost"), choices=COSTS, method="filter_cost")
    joining = django_filters.ChoiceFilter(label=_("Registration"), choices=JOINING, method="filter_joining")

    class Meta:
        form = FinderForm
        fields = []

    def __init__(self, *args, programmes, neighbourhoods=(), **kwargs):
        """`queryset`: the sessions, without conditions on their programme;
        `programmes`: the programme pages they may belong to."""
        super().__init__(*args, **kwargs)
        self.programmes = programmes
        self.filters["neighbourhood"].extra["choices"] = [(n, n) for n in neighbourhoods]

    @cached_property
    def qs(self):
        # Every condition on the programme goes into one subquery on the
        # small pages table, and the large sessions table only checks
        # `programme_id IN (...)`: with one such list the database reads
        # the sessions of the matching programmes alone (each condition as
        # a list of its own made SQLite read every live programme's
        # sessions: 3× slower on 1 000 programmes).
        sessions = super().qs
        return sessions.filter(programme_id__in=self.programmes.values("pk"))

    def _programmes(self, queryset, *conditions, **lookups):
        """Narrow the programmes (see `qs`); the sessions stay as they are."""
        self.programmes = self.programmes.filter(*conditions, **lookups)
        return queryset

    def filter_programmes(self, queryset, name, value):
        if name == "language":
            return self._programmes(queryset, languages=value)
        return self._programmes(queryset, **{name: value})

    def filter_text(self, queryset, name, value):
        # Titles and intros in every language: a family may type in any of them.
        keys = ProgrammePage.objects.filter(Q(title__icontains=value) | Q(intro__icontains=value)).values(
            "translation_key"
        )
        return self._programmes(queryset, translation_key__in=keys)

    def filter_age(self, queryset, name, value):
        months = int(value) * 12
        return self._programmes(
            queryset,
            Q(min_age_months__isnull=True) | Q(min_age_months__lte=months + 11),
            Q(max_age_months__isnull=True) | Q(max_age_months__gte=months),
            for_children=True,
        )

    def filter_for_parents(self, queryset, name, value):
        return self._programmes(queryset, for_parents=True) if value else queryset

    def filter_weekday(self, queryset, name, value):
        return queryset.filter(local_weekday__in=[int(day) for day in value])

    def filter_part_of_day(self, queryset, name, value):
        _label, start, end = PARTS_OF_DAY[value]
        return queryset.filter(local_hour__gte=start, local_hour__lt=end)

    def filter_cost(self, queryset, name, value):
        if value == "free":
            return self._programmes(queryset, price=0)
        return self._programmes(queryset, Q(price=0) | Q(social_tariff__isnull=False))

    def filter_joining(self, queryset, name, value):
        walk_in = Q(registration_mode=RegistrationMode.WALK_IN)
        return self._programmes(queryset, walk_in if value == "walk_in" else ~walk_in)
