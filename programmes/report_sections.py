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
from programmes.models import ProgrammePage


def sections_for(programme_ids, first, last, *, today=None):
    """The sections of the programmes, in the order of `programme_ids`.
    Each kind gets a lazy queryset of its pages: a kind that adds nothing
    does not even load them. It loads their titles only (a page is some
    forty columns over three tables, and the figures name a page); a kind
    that reads more of its pages asks for it with `only()`."""
    by_kind = {}
    for pk, content_type_id in ProgrammePage.objects.filter(pk__in=programme_ids).values_list("pk", "content_type"):
        by_kind.setdefault(content_type_id, []).append(pk)
    sections = {}
    for content_type_id, pks in by_kind.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue  # a page type whose app is gone: nothing to ask
        pages = model.objects.filter(pk__in=pks).only("title")
        sections |= model.report_sections_for(pages, first, last, today=today)
    return [section for pk in programme_ids for section in sections.get(pk, [])]


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
