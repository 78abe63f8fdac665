"""An id outside the database's integers matches nothing, in every lookup.

Django checks this for `exact` and the comparisons on an integer field
(`IntegerFieldOverflow`), not for `in`, and not through a foreign key or a
page's parent link (a programme's id is its `page_ptr`). There SQLite raised
OverflowError: a 40-digit id typed in an address or posted by a form was a
server error in any model choice field or filter, Wagtail's own included,
where "not one of the choices" is the answer. PostgreSQL compared the number
and found nothing; with these lookups both databases answer alike, before
they are asked."""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def integer_range(field, connection):
    """(lowest, highest) that the column of `field` holds, a relation's being
    its target's; (None, None) when it holds no integers."""
    while field.is_relation:
        field = field.target_field
    return connection.ops.integer_field_ranges.get(field.get_internal_type(), (None, None))


def fits(value, lowest, highest):
    if not isinstance(value, int):
        return True
    return (lowest is None or value >= lowest) and (highest is None or value <= highest)


class OutOfRangeMatchesNothing:
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and not fits(self.rhs, *integer_range(self.lhs.output_field, connection)):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


class OutOfRangeLeftOut:
    """For `in`: values outside the range are left out; none left matches
    nothing (Django's `In` says so for an empty list)."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            lowest, highest = integer_range(self.lhs.output_field, connection)
            self.rhs = [value for value in self.rhs if fits(value, lowest, highest)]
        return super().process_rhs(compiler, connection)


class RelatedExactInRange(OutOfRangeMatchesNothing, RelatedExact):
    pass


class RelatedInInRange(OutOfRangeLeftOut, RelatedIn):
    pass


class IntegerInInRange(OutOfRangeLeftOut, In):
    pass


def register():
    # In place of Django's own, by the same names (lookups of a subclass win).
    ForeignObject.register_lookup(RelatedExactInRange)
    ForeignObject.register_lookup(RelatedInInRange)
    IntegerField.register_lookup(IntegerInInRange)
