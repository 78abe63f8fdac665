import datetime

import factory

from groceries import codes
from groceries.models import Badge, GroceryPage, PackageSize
from programmes.models import Session
from tests.programmes.factories import BRUSSELS, HouseholdFactory, ProgrammeIndexPageFactory, VenueFactory


class GroceryPageFactory(factory.django.DjangoModelFactory):
    """'t Schap: open on the first and third Thursday, 2 visits a month, refused above."""

    title = factory.Sequence(lambda n: f"Sociale kruidenier 't Schap {n}")
    slug = factory.Sequence(lambda n: f"t-schap-{n}")
    intro = "Voeding aan een lage prijs voor gezinnen met een klein inkomen."
    how_to_get_a_badge = "Vraag een badge aan bij je maatschappelijk werker van het Sociaal Huis."
    venue = factory.SubFactory(VenueFactory)
    visit_limit = 2
    visit_limit_period = "month"
    visit_limit_enforced = True

    class Meta:
        model = GroceryPage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        parent = ProgrammeIndexPageFactory()
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        for from_persons, name in ((1, "Klein pakket"), (3, "Middelgroot pakket"), (5, "Groot pakket")):
            PackageSize.objects.create(page=page, from_persons=from_persons, name=name)
        return page


class OpeningFactory(factory.django.DjangoModelFactory):
    """Thursday 3 December 2026, 13:30–16:30."""

    programme = factory.SubFactory(GroceryPageFactory)
    starts_at = datetime.datetime(2026, 12, 3, 13, 30, tzinfo=BRUSSELS)
    ends_at = factory.LazyAttribute(lambda opening: opening.starts_at + datetime.timedelta(hours=3))
    original_start = factory.SelfAttribute("starts_at")
    venue = factory.SelfAttribute("programme.venue")

    class Meta:
        model = Session


class BadgeFactory(factory.django.DjangoModelFactory):
    grocery = factory.SubFactory(GroceryPageFactory)
    household = factory.SubFactory(HouseholdFactory, contact_name=factory.Sequence(lambda n: f"Fatima El Amrani {n}"))
    code = factory.LazyFunction(codes.new_code)
    valid_from = datetime.date(2026, 9, 1)
    valid_until = datetime.date(2027, 2, 28)
    referrer = "social_service"
    adults = 2
    children = 2

    class Meta:
        model = Badge
