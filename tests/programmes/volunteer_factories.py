import datetime

import factory

from programmes.models import Certificate, Role, Shift, ShiftAssignment, ShiftTemplate, Volunteer
from tests.programmes.factories import ProgrammePageFactory, SessionFactory
from tests.website.factories import UserFactory


class VolunteerFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    phone = factory.Sequence(lambda n: f"0486 55 {n // 100 % 100:02d} {n % 100:02d}")
    skills = "Koken voor grote groepen"
    availability = "Donderdagnamiddag"
    agreement_signed_on = datetime.date(2026, 1, 15)

    class Meta:
        model = Volunteer


class CertificateFactory(factory.django.DjangoModelFactory):
    """A confirmed model 2 certificate issued on 1 June 2026 (valid a year by default)."""

    volunteer = factory.SubFactory(VolunteerFactory)
    kind = "model_2"
    issued_on = datetime.date(2026, 6, 1)
    declared_by_volunteer = True
    confirmed_by = factory.SubFactory(UserFactory)
    confirmed_at = factory.LazyFunction(lambda: datetime.datetime(2026, 6, 3, 10, 0, tzinfo=datetime.UTC))

    class Meta:
        model = Certificate


class RoleFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Onthaal {n}")

    class Meta:
        model = Role


class AnimatorRoleFactory(RoleFactory):
    name = factory.Sequence(lambda n: f"Animator {n}")
    child_facing = True
    requires_model_2 = True


class ShiftFactory(factory.django.DjangoModelFactory):
    session = factory.SubFactory(SessionFactory)
    role = factory.SubFactory(RoleFactory)
    needed = 2

    class Meta:
        model = Shift


class ShiftTemplateFactory(factory.django.DjangoModelFactory):
    programme = factory.SubFactory(ProgrammePageFactory)
    role = factory.SubFactory(RoleFactory)
    needed = 2

    class Meta:
        model = ShiftTemplate


class ShiftAssignmentFactory(factory.django.DjangoModelFactory):
    """Made directly; the rules are in services.rosters."""

    shift = factory.SubFactory(ShiftFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
    status = "signed_up"

    class Meta:
        model = ShiftAssignment
