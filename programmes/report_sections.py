"""Figures a kind of programme adds to the reports, as plain tables.

Programmes report attendance; a grocery reports visits and badges. Each
programme page answers `report_sections(first, last, today=...)` with a list
of `Section`s (none by default), so the annual report shows every kind's own
figures without knowing the kinds: polymorphism, not `if kind ==`.
"""

from dataclasses import dataclass, field

from programmes.figures import suppress


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
