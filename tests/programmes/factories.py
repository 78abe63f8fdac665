import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
import wagtail_factories
from wagtail.models import Site

from programmes.models import (
    Household,
    Language,
    Membership,
    Person,
    ProgrammeIndexPage,
    ProgrammePage,
    Registration,
    ScheduleRule,
    Session,
    Venue,
)

BRUSSELS = ZoneInfo("Europe/Brussels")


class VenueFactory(factory.django.DjangoModelFactory):
    name = "Buurthuis De Kring"
    street = "Nekkerspoelstraat"
    number = "214"
    postcode = "2800"
    city = "Mechelen"
    neighbourhood = "Nekkerspoel"
    latitude = Decimal("51.030514")
    longitude = Decimal("4.490180")
    accessibility_notes = "Gelijkvloers, toegankelijk toilet, plaats voor kinderwagens in de gang."

    class Meta:
        model = Venue


class LanguageFactory(factory.django.DjangoModelFactory):
    code = "nl"
    name = "Nederlands"

    class Meta:
        model = Language
        django_get_or_create = ("code",)


class ProgrammeIndexPageFactory(wagtail_factories.PageFactory):
    """The "Aanbod" page under the default site's home page (the `home` fixture), made once."""

    parent = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True).root_page)
    title = "Aanbod"
    slug = "aanbod"
    intro = "Activiteiten voor ouders en kinderen in Mechelen."

    class Meta:
        model = ProgrammeIndexPage
        django_get_or_create = ("parent", "slug")


class ProgrammePageFactory(wagtail_factories.PageFactory):
    parent = factory.SubFactory(ProgrammeIndexPageFactory)
    title = factory.Sequence(lambda n: f"Babbelonie {n}")
    intro = "Een ontmoeting voor ouders met jonge kinderen: koffie, spelen en babbelen."
    kind = "meetup"
    for_parents = True
    venue = factory.SubFactory(VenueFactory)
    contact_name = "Els Peeters"
    contact_phone = "015 12 34 57"
    contact_email = "babbelonie@kansen.example"
    registration_mode = "walk_in"
    default_capacity = 12

    class Meta:
        model = ProgrammePage


class ScheduleRuleFactory(factory.django.DjangoModelFactory):
    """Every Wednesday 9:00–11:00 from the start of the school year 2026–2027."""

    programme = factory.SubFactory(ProgrammePageFactory)
    preset = "weekly"
    weekdays = "WE"
    start_time = datetime.time(9, 0)
    end_time = datetime.time(11, 0)
    first_date = datetime.date(2026, 9, 2)

    class Meta:
        model = ScheduleRule


class SessionFactory(factory.django.DjangoModelFactory):
    programme = factory.SubFactory(ProgrammePageFactory)
    starts_at = datetime.datetime(2026, 9, 2, 9, 0, tzinfo=BRUSSELS)
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(hours=2))
    original_start = factory.SelfAttribute("starts_at")
    venue = factory.SelfAttribute("programme.venue")
    capacity = 12

    class Meta:
        model = Session


class HouseholdFactory(factory.django.DjangoModelFactory):
    contact_name = factory.Sequence(lambda n: f"Ayşe Yılmaz {n}")
    phone = factory.Sequence(lambda n: f"0470 12 {n // 100 % 100:02d} {n % 100:02d}")
    email = factory.Sequence(lambda n: f"gezin{n}@example.be")
    language = "nl"
    postcode = "2800"

    class Meta:
        model = Household
        skip_postgeneration_save = True

    @factory.post_generation
    def contact(household, create, extracted, **kwargs):
        """The contact person as the first adult member (pass `contact=False` to skip)."""
        if create and extracted is not False:
            PersonFactory(household=household, first_name=household.contact_name.split()[0], is_contact=True)


class PersonFactory(factory.django.DjangoModelFactory):
    household = factory.SubFactory(HouseholdFactory)
    first_name = factory.Iterator(["Mila", "Youssef", "Noor", "Daria", "Lucas", "Elif"])
    last_name = "Yılmaz"
    role = "adult"

    class Meta:
        model = Person


class ChildFactory(PersonFactory):
    role = "child"
    birth_date = datetime.date(2019, 5, 14)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration of the household's contact person, made
    directly (the rules are in services.enrolment; use them to test rules)."""

    household = factory.SubFactory(HouseholdFactory)
    session = factory.SubFactory(SessionFactory)
    places = 1
    status = "confirmed"
    waiting_since = factory.LazyAttribute(
        lambda registration: datetime.datetime.now(BRUSSELS) if registration.status == "waiting" else None
    )

    class Meta:
        model = Registration
        skip_postgeneration_save = True

    @factory.post_generation
    def members(registration, create, extracted, **kwargs):
        if create:
            registration.members.set(extracted or registration.household.members.all()[:1])


class MembershipFactory(factory.django.DjangoModelFactory):
    household = factory.SubFactory(HouseholdFactory)
    programme = factory.SubFactory(ProgrammePageFactory, registration_mode="membership", kind="group")
    status = "active"

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    @factory.post_generation
    def members(membership, create, extracted, **kwargs):
        if create:
            membership.members.set(extracted or membership.household.members.all())
