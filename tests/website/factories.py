import factory
import wagtail_factories
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Site
from wagtail.rich_text import RichText

from website.models import HomePage, OrganisationSettings, StandardPage


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    # Fixed staff names, none of them inside a household's name: a test that a page
    # leaves someone out must not trip over the signed-in user ("Maria Wouters" held "Wout").
    first_name = factory.Iterator(["Griet", "Bart", "Kristien", "Dirk", "Sofie", "Wim", "Hilde", "Koen"])
    last_name = factory.Iterator(["Claes", "Goossens", "Willems", "Maes", "Wuyts", "Verhulst", "Dewaele"])
    email = factory.LazyAttribute(lambda user: f"{user.username}@kansen.example")
    password = factory.django.Password("kansen-test")

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """`UserFactory(roles=["coordinators"])`: keys of KANSEN_ROLE_GROUPS."""
        for key in extracted or ():
            self.groups.add(Group.objects.get(name=settings.KANSEN_ROLE_GROUPS[key]))


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Samen sterk in de buurt"
    slug = "home"
    intro = "Activiteiten voor gezinnen in de buurt."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Infopagina {n}")
    intro = "Praktische informatie voor gezinnen."
    body = factory.LazyFunction(
        lambda: [("paragraph", RichText("<p>Elke eerste woensdag van de maand is er een ouderontbijt.</p>"))]
    )

    class Meta:
        model = StandardPage


class OrganisationSettingsFactory(factory.django.DjangoModelFactory):
    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    name = "Sociaal Huis Kansen"
    street = "Kerkstraat 12"
    postcode = "2800"
    city = "Mechelen"
    phone = "015 12 34 56"
    email = "sociaalhuis@kansen.example"
    privacy_contact = "privacy@kansen.example"

    class Meta:
        model = OrganisationSettings
        django_get_or_create = ("site",)


def may_edit(user, *pages):
    """Let `user` edit `pages` (and so coordinate those programmes) through a team group."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    team, _created = Group.objects.get_or_create(name=f"Team {user.username}")
    for page in pages:
        GroupPagePermission.objects.create(
            group=team, page=page, permission=Permission.objects.get(codename="change_page")
        )
    user.groups.add(team)
    return user
