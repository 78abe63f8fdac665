"""An id outside the database's integers matches nothing, through every lookup
a form or filter uses (website.lookups): on SQLite these were OverflowErrors."""

import pytest
from django.contrib.auth.models import Group

from programmes.models import ProgrammePage, Session
from tests.programmes.factories import ProgrammePageFactory, SessionFactory

pytestmark = pytest.mark.django_db

TOO_BIG, TOO_SMALL = 10**40, -(10**40)


@pytest.fixture
def session(home):
    return SessionFactory(programme=ProgrammePageFactory())


def test_a_foreign_key_to_a_page_matches_nothing_out_of_range(session):
    for value in (TOO_BIG, TOO_SMALL, str(TOO_BIG)):
        assert not Session.objects.filter(programme=value).exists()
        assert not Session.objects.filter(programme_id=value).exists()
    assert list(Session.objects.filter(programme=session.programme_id)) == [session]


def test_in_through_a_foreign_key_leaves_out_what_is_out_of_range(session):
    assert not Session.objects.filter(programme__in=[TOO_BIG, TOO_SMALL]).exists()
    assert list(Session.objects.filter(programme__in=[TOO_BIG, session.programme_id])) == [session]
    assert list(Session.objects.filter(programme__in=[str(TOO_BIG), str(session.programme_id)])) == [session]
    # Left out of a NOT IN, nothing is excluded.
    assert list(Session.objects.exclude(programme__in=[TOO_BIG])) == [session]
    assert list(Session.objects.exclude(programme=TOO_BIG)) == [session]


def test_a_pages_own_id_is_its_parent_link(session):
    programme = session.programme
    assert not ProgrammePage.objects.filter(pk=TOO_BIG).exists()
    assert list(ProgrammePage.objects.filter(pk__in=[TOO_BIG, programme.pk])) == [programme]


def test_in_on_an_integer_column(session):
    group = Group.objects.first()
    assert not Group.objects.filter(pk__in=[TOO_BIG]).exists()
    assert list(Group.objects.filter(pk__in=[TOO_SMALL, group.pk])) == [group]
    assert list(Session.objects.filter(pk__in=[TOO_BIG, session.pk])) == [session]
    # Through a join: the lookup lands on the other table's id.
    assert not ProgrammePage.objects.filter(sessions__in=[TOO_BIG]).exists()
    assert ProgrammePage.objects.exclude(sessions__in=[TOO_BIG]).count() == ProgrammePage.objects.count()
