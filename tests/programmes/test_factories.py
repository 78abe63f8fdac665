from programmes.models import ProgrammeIndexPage
from tests.programmes.factories import (
    LanguageFactory,
    ProgrammeIndexPageFactory,
    ProgrammePageFactory,
    ScheduleRuleFactory,
    SessionFactory,
    VenueFactory,
)


def test_venue_factory_builds_a_valid_venue(db):
    venue = VenueFactory()
    venue.full_clean()
    assert venue.address == "Nekkerspoelstraat 214, 2800 Mechelen"


def test_language_factory_reuses_the_language_from_the_migration(db):
    language = LanguageFactory(code="bg", name="български")
    assert language == LanguageFactory(code="bg")
    language.full_clean()


def test_programme_index_page_factory_builds_one_page_under_home(home):
    index = ProgrammeIndexPageFactory()
    assert index.get_parent().specific == home
    assert ProgrammeIndexPageFactory() == index
    assert ProgrammeIndexPage.objects.count() == 1


def test_programme_page_factory_builds_a_live_programme_under_the_index(home):
    programme = ProgrammePageFactory()
    programme.full_clean()
    assert programme.live
    assert isinstance(programme.get_parent().specific, ProgrammeIndexPage)
    assert programme.venue.city == "Mechelen"


def test_schedule_rule_factory_builds_a_valid_rule(home):
    rule = ScheduleRuleFactory()
    rule.full_clean()
    assert rule.rrule == "FREQ=WEEKLY;BYDAY=WE"


def test_session_factory_builds_a_valid_session(home):
    session = SessionFactory()
    session.full_clean()
    assert session.original_start == session.starts_at
    assert session.venue == session.programme.venue


def test_household_factory_builds_a_household_with_its_contact_person(db):
    from tests.programmes.factories import HouseholdFactory

    household = HouseholdFactory()
    household.full_clean()
    assert household.members.get().is_contact


def test_child_and_registration_factories_build_valid_rows(home):
    from tests.programmes.factories import ChildFactory, MembershipFactory, RegistrationFactory

    registration = RegistrationFactory()
    registration.full_clean()
    child = ChildFactory(household=registration.household)
    child.full_clean()
    assert list(registration.members.all()) == [registration.household.members.get(is_contact=True)]
    membership = MembershipFactory(household=registration.household)
    membership.full_clean()
    assert membership.members.count() == 2
