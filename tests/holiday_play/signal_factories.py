"""Factories for signals and child profiles (next to factories.py, which
others edit)."""

import factory

from holiday_play.models import ChildContact, ChildProfile, Signal
from tests.programmes.factories import ChildFactory


class SignalFactory(factory.django.DjangoModelFactory):
    child = factory.SubFactory(ChildFactory)
    playground = None
    concern = "Mila had bruises on both arms and did not want to say where they came from."
    author = None

    class Meta:
        model = Signal


class ChildProfileFactory(factory.django.DjangoModelFactory):
    child = factory.SubFactory(ChildFactory)
    diet = "Halal"
    allergies = "Noten"
    medical_notes = "Astma"
    medication = "Puffer voor het sporten"
    gp_name = "Dr. Peeters"
    gp_phone = "015 21 43 65"

    class Meta:
        model = ChildProfile


class ChildContactFactory(factory.django.DjangoModelFactory):
    profile = factory.SubFactory(ChildProfileFactory)
    name = "Oma Rosa"
    relationship = "grootmoeder"
    phone = "0470 99 11 22"

    class Meta:
        model = ChildContact
