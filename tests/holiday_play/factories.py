import datetime

import factory

from holiday_play.models import AgeGroup, HolidayPeriod, PlaygroundPage, PlaygroundSettings
from tests.programmes.factories import ProgrammeIndexPageFactory, VenueFactory

D = datetime.date


class HolidayPeriodFactory(factory.django.DjangoModelFactory):
    name = "Zomervakantie"
    first_day = D(2027, 7, 1)
    last_day = D(2027, 8, 31)

    class Meta:
        model = HolidayPeriod


def add_age_groups(page):
    for name, first, last, capacity, ratio in (
        ("Kleuters", 30, 71, 24, 8),
        ("Middengroep", 72, 107, 36, 12),
        ("Tieners", 108, 155, 36, 12),
    ):
        AgeGroup.objects.create(
            page=page,
            name=name,
            min_age_months=first,
            max_age_months=last,
            capacity=capacity,
            children_per_animator=ratio,
        )


class PlaygroundPageFactory(factory.django.DjangoModelFactory):
    """Speelplein De Zandbak: three age groups, in the summer holiday of 2027."""

    title = factory.Sequence(lambda n: f"Speelplein De Zandbak {n}")
    slug = factory.Sequence(lambda n: f"speelplein-{n}")
    intro = "Elke vakantiedag spelen, knutselen en ravotten voor kinderen van 2,5 tot 12 jaar."
    venue = factory.SubFactory(VenueFactory)
    price = 6
    social_tariff = 2

    class Meta:
        model = PlaygroundPage

    @classmethod
    def _create(cls, model_class, *args, periods=(), **kwargs):
        page = model_class(*args, **kwargs)
        ProgrammeIndexPageFactory().add_child(instance=page)
        page.periods.set(periods)
        page.save()
        add_age_groups(page)
        return page


class PlaygroundSettingsFactory(factory.django.DjangoModelFactory):
    """The organisation's one row of playground settings, made or changed."""

    store_national_numbers = False

    class Meta:
        model = PlaygroundSettings

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        setting = model_class.load()
        for name, value in kwargs.items():
            setattr(setting, name, value)
        setting.save()
        return setting
