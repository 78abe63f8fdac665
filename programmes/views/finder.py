"""The finder on the programme index page: filters, facets, agenda or per
programme, in the visitor's language."""

import datetime
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from programmes import cache_version
from programmes.facets import LIFETIME, facets_key, finder_facets
from programmes.filters import SessionFilter
from programmes.models import ProgrammePage, Session
from programmes.models.sessions import unrestricted

SESSIONS_PER_PAGE = 20
PROGRAMMES_PER_PAGE = 10
SESSIONS_PER_PROGRAMME = 3
# What a result row shows and links to, in any language: loading whole programme
# pages (body, SEO fields…) for every row is wasted work.
PAGE_FIELDS = ["title", "intro", "kind", "slug", "url_path", "translation_key", "locale_id", "depth", "path"]
SESSION_FIELDS = ["uid", "starts_at", "ends_at", "status", "cancel_reason", *(f"programme__{f}" for f in PAGE_FIELDS)]
RESULT_FIELDS = [*SESSION_FIELDS, "venue__name", "venue__neighbourhood"]
# Pages with this many filters are endless combinations: keep them out of search engines.
NOINDEX_FROM = 2


def finder_source(index, default):
    """The index page whose programmes hold the sessions: `index` in the
    default language (`default`: its Locale), whatever language was asked."""
    return index if index.locale_id == default.pk else index.get_translation_or_none(default) or index


def finder_programmes(index, default=None, source=None):
    """The live programmes below the index page that anyone may see (none
    below a page with a view restriction). Sessions hang on the programmes in
    the default language (`default`: its Locale, if the caller has it; `source`:
    the finder_source, if the caller has it)."""
    source = source or finder_source(index, default or Locale.get_default())
    return ProgrammePage.objects.live().filter(unrestricted()).descendant_of(source)


def sessions_of(programmes):
    """Every session of `programmes`, cancelled ones included: families must see them."""
    return Session.objects.filter(programme_id__in=programmes.values("pk"))


def finder_context(request, index):
    default = Locale.get_default()
    source = finder_source(index, default)
    programmes = finder_programmes(index, source=source)
    # The counts and the form's HTML, which shows them, in one round trip to the cache.
    language, version = get_language(), cache_version.current()
    form_key = make_template_fragment_key(
        "finder_form", [index.pk, language, version, _query(request, drop={"page"}, sort=True)]
    )
    cached = cache.get_many([facets_key(index, language, version), form_key])
    facets = finder_facets(index, lambda: sessions_of(programmes).upcoming(), language, version=version, cached=cached)
    filterset = SessionFilter(
        request.GET or None,
        queryset=Session.objects.upcoming(),
        programmes=programmes,
        neighbourhoods=sorted(facets["neighbourhood"]),
    )
    _restrict_options(filterset.form, facets)
    results = filterset.qs.select_related("programme", "venue").only(*RESULT_FIELDS).order_by("starts_at", "pk")
    by_programme = request.GET.get("view") == "programmes"
    page_number = request.GET.get("page")
    active_locale = _active_locale(default)
    if by_programme:
        page, groups = _by_programme(results, page_number, request, active_locale, (index, source))
    else:
        page, groups = _agenda(results, page_number, request, active_locale, (index, source))
    active = _active_filters(request, filterset)
    context = {
        "page": index,
        "filter": filterset,
        "facets": facets,
        "results_page": page,
        "groups": groups,
        "by_programme": by_programme,
        "active_filters": active,
        # The extra choices stay folded away unless one of them is in use.
        "more_choices_open": any(item["name"] not in ("q", "age") for item in active),
        "noindex": len(active) >= NOINDEX_FROM,
        "query_without_view": _query(request, drop={"view", "page"}),
    }
    # The form, its errors and the active filters only change with the query
    # and the counts: their HTML is cached on both, and the options are
    # labelled with their counts only to render it.
    context["form_html"] = cached.get(form_key)
    if context["form_html"] is None:
        _label_options(filterset.form, facets)
        context["form_html"] = render_to_string("programmes/includes/finder_form.html", context, request)
        # No longer than the counts it shows.
        cache.set(form_key, context["form_html"], LIFETIME)
    return context


def localized_programmes(sessions, request, active=None, below=()):
    """{translation_key: programme page in the active language (or the original)},
    each with its `finder_url` worked out once however many sessions it has.
    `active`: the active Locale, if the caller has it. `below`: pages they
    are usually under (the finder, and its page in the default language):
    their URL is that page's URL and the rest of their path, without asking
    Wagtail's routing for every programme."""
    pages = {session.programme.translation_key: session.programme for session in sessions}
    active = active or Locale.get_active()
    if any(page.locale_id != active.pk for page in pages.values()):
        localized = ProgrammePage.objects.live().filter(translation_key__in=list(pages), locale=active)
        pages.update({page.translation_key: page for page in localized.only(*PAGE_FIELDS)})
    url_of = _urls_below(below, request)
    for page in pages.values():
        page.finder_url = url_of(page)
    return pages


def _urls_below(parents, request):
    # Without a URL (a page outside every site) a parent is no shortcut.
    known = [(parent.url_path, url) for parent in parents if (url := parent.get_url(request))]

    def url_of(page):
        for parent_path, parent_url in known:
            if page.url_path.startswith(parent_path):
                return parent_url + page.url_path[len(parent_path) :]
        return page.get_url(request)

    return url_of


@dataclass(slots=True)
class ListedProgramme:
    """What an agenda row needs of its programme, read with the row: a page
    instance for each of twenty rows took longer than the query itself.
    Every one is below the finder's page in the default language, so its URL
    never needs Wagtail's routing (see _urls_below)."""

    pk: int
    title: str
    slug: str
    url_path: str
    translation_key: str
    locale_id: int
    finder_url: str = ""


@dataclass(slots=True)
class ListedVenue:
    name: str
    neighbourhood: str


@dataclass(slots=True)
class AgendaRow:
    """One session in the agenda, as plain values."""

    pk: int
    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: str
    cancel_reason: str
    programme: ListedProgramme
    venue: ListedVenue | None
    localized_programme: object = None
    local_start: datetime.datetime | None = None
    time_span: str = ""

    @property
    def is_cancelled(self):
        return self.status == Session.Status.CANCELLED


AGENDA_COLUMNS = (
    "pk",
    "uid",
    "starts_at",
    "ends_at",
    "status",
    "cancel_reason",
    *(f"programme__{field}" for field in ("pk", "title", "slug", "url_path", "translation_key", "locale_id")),
    "venue_id",
    "venue__name",
    "venue__neighbourhood",
)


def _agenda_rows(ids):
    rows = []
    for values in Session.objects.filter(pk__in=ids).order_by("starts_at", "pk").values_list(*AGENDA_COLUMNS):
        programme = ListedProgramme(*values[6:12])
        venue = ListedVenue(*values[13:]) if values[12] is not None else None
        rows.append(AgendaRow(*values[:6], programme=programme, venue=venue))
    return rows


def _active_locale(default):
    """Locale.get_active(), without asking the database again when the
    visitor reads the default language."""
    try:
        same = get_supported_content_language_variant(get_language()) == default.language_code
    except LookupError:
        same = False
    return default if same else Locale.get_active()


def _agenda(results, page_number, request, active_locale, below):
    # A count, a page of ids, then those sessions: a window count over the
    # page made the database sort every match (1.7× slower on 1 000
    # programmes). The count and the page go through the matches' ids alone,
    # which the finder's session index covers; only the page's twenty
    # sessions are joined to their programme and venue (5× faster than
    # joining every match before sorting). The ids are read as a list, not
    # nested in the last query: Django took longer to build the filters
    # twice than the database took to run them.
    page = Paginator(results.values_list("pk", flat=True), SESSIONS_PER_PAGE).get_page(page_number)
    page.object_list = sessions = _agenda_rows(list(page.object_list))
    programmes = localized_programmes(sessions, request, active_locale, below=below)
    for session in sessions:
        session.localized_programme = programmes[session.programme.translation_key]
        # Worked out here once, not by two template filters on every row.
        session.local_start = start = timezone.localtime(session.starts_at)
        session.time_span = f"{start:%H:%M}–{timezone.localtime(session.ends_at):%H:%M}"
    groups = [(day, list(items)) for day, items in groupby(sessions, key=lambda s: s.local_start.date())]
    return page, groups


def _by_programme(results, page_number, request, active_locale, below):
    programme_ids = list(dict.fromkeys(results.values_list("programme_id", flat=True)))
    page = Paginator(programme_ids, PROGRAMMES_PER_PAGE).get_page(page_number)
    sessions = list(results.filter(programme_id__in=list(page)))
    programmes = localized_programmes(sessions, request, active_locale, below=below)
    grouped = {}
    for session in sessions:
        grouped.setdefault(session.programme_id, []).append(session)
    groups = [
        (programmes[grouped[pk][0].programme.translation_key], grouped[pk][:SESSIONS_PER_PROGRAMME], len(grouped[pk]))
        for pk in page
    ]
    return page, groups


FACETED = ("kind", "language", "neighbourhood", "weekday", "part_of_day", "cost", "joining", "venue")


def _restrict_options(form, facets):
    """Only options that have sessions are offered, and valid: before the form is validated."""
    for name in FACETED:
        field, counts = form.fields[name], facets[name]
        if name == "language":
            field.queryset = field.queryset.filter(code__in=list(counts))
        elif name == "venue":
            field.queryset = field.queryset.filter(pk__in=list(counts))
        else:
            field.choices = [(value, label) for value, label in field.choices if value == "" or str(value) in counts]


def _label_options(form, facets):
    """Show how many sessions each option has."""
    for name in FACETED:
        field, counts = form.fields[name], facets[name]
        if name in ("language", "venue"):
            key_of = (lambda obj: obj.code) if name == "language" else (lambda obj: str(obj.pk))
            field.label_from_instance = lambda obj, key_of=key_of, counts=counts: f"{obj} ({counts[key_of(obj)]})"
        else:
            field.choices = [
                (value, f"{label} ({counts[str(value)]})" if value != "" else label) for value, label in field.choices
            ]


def _active_filters(request, filterset):
    """Each filter in use, with the address of the same search without it."""
    if not filterset.is_bound:
        return []
    cleaned = filterset.form.cleaned_data
    active = []
    for name, field in filterset.form.fields.items():
        value = cleaned.get(name)
        if value in (None, "", [], False):
            continue
        if name == "weekday":
            labels = dict(field.choices)
            shown = ", ".join(str(labels[v]) for v in value)
        elif hasattr(field, "choices") and not hasattr(field, "queryset"):
            shown = str(dict(field.choices).get(value, value))
        elif name == "for_parents":
            shown = ""
        else:
            shown = str(value)
        active.append(
            {
                "name": name,
                "label": field.label,
                "value": shown,
                "remove_url": "?" + _query(request, drop={name, "page"}),
            }
        )
    return active


def _query(request, drop, sort=False):
    pairs = [(k, v) for k, values in request.GET.lists() if k not in drop for v in values]
    return urlencode(sorted(pairs) if sort else pairs)
