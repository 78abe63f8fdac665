"""Figures a kind of programme adds to the reports, as plain tables.

Programmes report attendance; a grocery reports visits and badges. Each
programme page class answers `report_sections_for(pages, first, last,
today=...)` with `{page id: [Section]}` (nothing by default), so the annual
report shows every kind's own figures without knowing the kinds:
polymorphism, not `if kind ==`. A class answers for all its pages at once:
a report over twenty groceries costs the queries of one.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from programmes.figures import suppress


@dataclass(frozen=True)
class ReportedPage:
    """A programme page as the reports know it: its id and title. The
    figures have read those already; a page itself is some forty columns
    over three tables, and loading the pages again cost more than the
    figures of a small programme."""

    pk: int
    title: str


def sections_for(programmes, first, last, *, today=None):
    """The sections of `programmes` (figures.Figures: an id, a title and a
    content type each), in their order. Each kind answers for its pages as
    ReportedPages; a kind that reads more of its pages loads them itself."""
    by_kind = {}
    for item in programmes:
        by_kind.setdefault(item.content_type_id, []).append(ReportedPage(item.programme_id, item.title))
    sections = {}
    for content_type_id, pages in by_kind.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue  # a page type whose app is gone: nothing to ask
        sections |= model.report_sections_for(pages, first, last, today=today)
    return [section for item in programmes for section in sections.get(item.programme_id, [])]


@dataclass(frozen=True)
class Row:
    label: str
    values: list
    # Indexes of the values that count people: "< 5" outside the admin.
    people: frozenset = frozenset()

    def shown(self, *, suppressed=False):
        if not suppressed:
            return list(self.values)
        return [suppress(value) if index in self.people else value for index, value in enumerate(self.values)]


@dataclass(frozen=True)
class Section:
    title: str
    headings: list
    rows: list = field(default_factory=list)
    # For the export: a short name without spaces.
    key: str = ""

    def table(self, *, suppressed=False):
        """[(label, values)] as a template shows them."""
        return [(row.label, row.shown(suppressed=suppressed)) for row in self.rows]
