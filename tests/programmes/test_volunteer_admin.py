"""The admin side of volunteers: roles, volunteers with their certificates,
the standard shifts on programme pages, and the certificate settings.

Time stands still at NOW, Sunday 22 November 2026 10:00; a model 2
certificate is valid for 12 months and the renewal reminder starts 6 weeks
before its end (the VolunteerSettings defaults).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from groceries.models import GroceryPage
from holiday_play.models import PlaygroundPage
from programmes.models import Certificate, ProgrammePage, Role, Session, Shift, Volunteer, VolunteerSettings
from programmes.viewsets import (
    MODEL_2_EXPIRED,
    MODEL_2_EXPIRING,
    MODEL_2_NONE,
    MODEL_2_UNCONFIRMED,
    MODEL_2_VALID,
    model_2_label,
    model_2_state,
)
from tests.groceries.factories import GroceryPageFactory
from tests.holiday_play.factories import PlaygroundPageFactory
from tests.programmes.factories import LanguageFactory, ProgrammeIndexPageFactory, ProgrammePageFactory
from tests.programmes.volunteer_factories import (
    AnimatorRoleFactory,
    CertificateFactory,
    RoleFactory,
    ShiftFactory,
    ShiftTemplateFactory,
    VolunteerFactory,
)
from tests.website.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=BRUSSELS)
TODAY = NOW.date()
CONFIRMED, UNCONFIRMED = "programmes.certificate.confirmed", "programmes.certificate.unconfirmed"


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def coordinator(db):
    return UserFactory(roles=["coordinators"], first_name="Sara", last_name="Claes")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def admin_client_(client, db):
    client.force_login(UserFactory(is_superuser=True))
    return client


@pytest.fixture
def volunteer(db):
    return VolunteerFactory(user=UserFactory(first_name="An", last_name="Peeters", roles=["animators"]))


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def refused(response):
    """Wagtail answers a signed-in admin user without the permission with the
    admin home and a message (a redirect), or a 403."""
    if response.status_code == 302:
        return response.url == reverse("wagtailadmin_home")
    return response.status_code == 403


def logged(volunteer, action):
    return ModelLogEntry.objects.filter(
        content_type__model="volunteer", object_id=str(volunteer.pk), action=action
    ).order_by("pk")


# Who may: coordinators, not editors, not volunteers.


def test_coordinators_may_manage_volunteers_roles_and_shifts(coordinator):
    for model in ("volunteer", "certificate", "role", "shift"):
        for action in ("add", "change", "view"):
            assert coordinator.has_perm(f"programmes.{action}_{model}")
    assert not coordinator.has_perm("programmes.delete_volunteer")
    assert not coordinator.has_perm("programmes.delete_role")


def test_the_volunteers_menu_shows_for_coordinators(coordinator_client):
    page = coordinator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("volunteer:index") in page
    assert reverse("wagtailsnippets_programmes_role:list") in page


@pytest.mark.parametrize(
    ("url_name", "of_volunteer"),
    [
        ("volunteer:index", False),
        ("volunteer:add", False),
        ("volunteer:edit", True),
        ("wagtailsnippets_programmes_role:list", False),
        ("wagtailsnippets_programmes_role:add", False),
    ],
)
def test_an_admin_user_without_the_permissions_is_refused(client, volunteer, url_name, of_volunteer):
    client.force_login(UserFactory(roles=["editors"]))
    url = reverse(url_name, args=[volunteer.pk] if of_volunteer else [])
    assert refused(client.get(url))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("volunteer:index") not in home
    assert reverse("wagtailsnippets_programmes_role:list") not in home


def test_an_admin_user_without_the_permissions_cannot_post_a_volunteer(client, volunteer):
    client.force_login(UserFactory(roles=["editors"]))
    response = client.post(reverse("volunteer:edit", args=[volunteer.pk]), volunteer_data(volunteer, phone="1"))
    assert refused(response)
    assert Volunteer.objects.get(pk=volunteer.pk).phone == volunteer.phone


@pytest.mark.parametrize("role", ["animators", "grocery_volunteers"])
def test_a_volunteer_cannot_reach_the_admin_pages(client, volunteer, role):
    client.force_login(UserFactory(roles=[role]))
    for url in (
        reverse("volunteer:index"),
        reverse("volunteer:edit", args=[volunteer.pk]),
        reverse("wagtailsnippets_programmes_role:list"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))


def test_anonymous_is_sent_to_the_login(client, volunteer):
    response = client.get(reverse("volunteer:edit", args=[volunteer.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


# Roles.


def role_data(**changes):
    data = {"name": "Kassa", "required_qualifications": []}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not False}


def test_a_coordinator_adds_a_role_with_qualifications(coordinator_client):
    response = coordinator_client.post(
        reverse("wagtailsnippets_programmes_role:add"),
        role_data(name="EHBO-post", required_qualifications=["first_aid"]),
    )
    assert response.status_code == 302
    role = Role.objects.get(name="EHBO-post")
    assert role.required_qualifications == ["first_aid"]
    assert role.required_kinds == ["first_aid"]


def test_a_child_facing_role_needs_model_2(coordinator_client):
    response = coordinator_client.post(
        reverse("wagtailsnippets_programmes_role:add"), role_data(name="Animator", child_facing="on")
    )
    assert response.status_code == 200
    assert "requires_model_2" in response.context["form"].errors
    assert not Role.objects.filter(name="Animator").exists()


def test_an_unknown_qualification_changes_nothing(coordinator_client):
    response = coordinator_client.post(
        reverse("wagtailsnippets_programmes_role:add"), role_data(required_qualifications=["model_2", "x" * 50])
    )
    assert response.status_code == 200
    assert "required_qualifications" in response.context["form"].errors
    assert not Role.objects.exists()


def test_the_role_list_shows_the_qualifications(coordinator_client):
    RoleFactory(name="EHBO-post", required_qualifications=["first_aid"])
    with translation.override("nl-be"):
        label = str(Certificate.Kind.FIRST_AID.label)
    response = coordinator_client.get(reverse("wagtailsnippets_programmes_role:list"))
    assert label in response.content.decode()


def test_a_coordinator_may_not_delete_a_role(coordinator_client):
    role = RoleFactory()
    response = coordinator_client.post(reverse("wagtailsnippets_programmes_role:delete", args=[role.pk]))
    assert refused(response)
    assert Role.objects.filter(pk=role.pk).exists()


def test_an_unused_role_can_be_deleted(admin_client_):
    role = RoleFactory()
    response = admin_client_.post(reverse("wagtailsnippets_programmes_role:delete", args=[role.pk]))
    assert response.status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()


@pytest.mark.parametrize("used_by", ["shift", "standard_shift"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_role_in_use_is_not_deleted_and_says_why(admin_client_, home, used_by, method):
    role = RoleFactory(name="Onthaal")
    if used_by == "shift":
        ShiftFactory(role=role, session__programme=ProgrammePageFactory())
    else:
        ShiftTemplateFactory(role=role, programme=ProgrammePageFactory())
    url = reverse("wagtailsnippets_programmes_role:delete", args=[role.pk])
    response = getattr(admin_client_, method)(url)
    assert response.status_code == 302
    assert Role.objects.filter(pk=role.pk).exists()
    with translation.override("nl-be"):
        from programmes.viewsets import role_in_use_message

        assert role_in_use_message(role) in messages_of(response)


def test_a_shift_added_after_the_check_still_leaves_the_role_and_says_why(admin_client_, home, monkeypatch):
    from programmes import viewsets

    role = RoleFactory()
    ShiftFactory(role=role, session__programme=ProgrammePageFactory())

    class Unused:
        """The check before deleting sees no shift, as if one were added just after it."""

        class objects:
            @staticmethod
            def filter(**kwargs):
                return Shift.objects.none()

    monkeypatch.setattr(viewsets, "Shift", Unused)
    response = admin_client_.post(reverse("wagtailsnippets_programmes_role:delete", args=[role.pk]))
    assert response.status_code == 302
    assert Role.objects.filter(pk=role.pk).exists()
    with translation.override("nl-be"):
        assert viewsets.role_in_use_message(role) in messages_of(response)


def test_a_role_in_use_is_not_deleted_in_bulk(admin_client_, home):
    used, unused = RoleFactory(), RoleFactory()
    ShiftFactory(role=used, session__programme=ProgrammePageFactory())
    url = reverse("wagtail_bulk_action", args=["programmes", "role", "delete"])
    response = admin_client_.post(f"{url}?id={used.pk}&id={unused.pk}")
    assert response.status_code == 302
    assert set(Role.objects.values_list("pk", flat=True)) == {used.pk, unused.pk}


# The model 2 state in the list.


def certificate(issued_on, *, confirmed=True, kind="model_2", valid_until=None):
    return Certificate(
        kind=kind,
        issued_on=issued_on,
        valid_until=valid_until or issued_on.replace(year=issued_on.year + 1),
        confirmed_at=NOW if confirmed else None,
    )


SIX_WEEKS = datetime.timedelta(weeks=6)


@pytest.mark.parametrize(
    ("certificates", "expected"),
    [
        ([], (MODEL_2_NONE, None)),
        ([certificate(datetime.date(2026, 6, 1))], (MODEL_2_VALID, datetime.date(2027, 6, 1))),
        ([certificate(datetime.date(2025, 12, 10))], (MODEL_2_EXPIRING, datetime.date(2026, 12, 10))),
        ([certificate(datetime.date(2025, 6, 1))], (MODEL_2_EXPIRED, datetime.date(2026, 6, 1))),
        ([certificate(datetime.date(2026, 6, 1), confirmed=False)], (MODEL_2_UNCONFIRMED, None)),
        # A renewal not yet confirmed next to an old one that still covers today.
        (
            [certificate(datetime.date(2026, 11, 1), confirmed=False), certificate(datetime.date(2025, 12, 10))],
            (MODEL_2_EXPIRING, datetime.date(2026, 12, 10)),
        ),
        # An expired one and an unconfirmed renewal: the renewal is what to act on.
        (
            [certificate(datetime.date(2025, 6, 1)), certificate(datetime.date(2026, 11, 1), confirmed=False)],
            (MODEL_2_UNCONFIRMED, None),
        ),
    ],
)
def test_the_model_2_state(certificates, expected):
    assert model_2_state(certificates, today=TODAY, reminder=SIX_WEEKS) == expected


def test_the_list_shows_each_volunteers_model_2_state(coordinator_client):
    valid = CertificateFactory(issued_on=datetime.date(2026, 6, 1)).volunteer
    expired = CertificateFactory(issued_on=datetime.date(2025, 6, 1)).volunteer
    unconfirmed = CertificateFactory(issued_on=datetime.date(2026, 6, 1), confirmed_at=None).volunteer
    nothing = VolunteerFactory()
    # Another kind does not count for model 2.
    CertificateFactory(volunteer=nothing, kind="first_aid", valid_until=datetime.date(2028, 1, 1))
    response = coordinator_client.get(reverse("volunteer:index"))
    assert response.status_code == 200
    rows = {row.instance.pk: row for row in response.context["table"].rows}
    assert set(rows) == {valid.pk, expired.pk, unconfirmed.pk, nothing.pk}
    page = response.content.decode()
    with translation.override("nl-be"):
        for label in (
            model_2_label(MODEL_2_VALID, datetime.date(2027, 6, 1)),
            model_2_label(MODEL_2_EXPIRED, datetime.date(2026, 6, 1)),
            model_2_label(MODEL_2_UNCONFIRMED, None),
            model_2_label(MODEL_2_NONE, None),
        ):
            assert label in page


def test_the_list_costs_the_same_queries_for_many_volunteers(coordinator_client, django_assert_max_num_queries):
    def load():
        return coordinator_client.get(reverse("volunteer:index"))

    for _ in range(2):
        CertificateFactory()
    load()
    with django_assert_max_num_queries(30) as few:
        load()
    for _ in range(15):
        CertificateFactory(volunteer=CertificateFactory().volunteer, issued_on=datetime.date(2025, 1, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = load()
    assert len(list(response.context["table"].rows)) == 17


def test_the_list_is_searched_by_name(coordinator_client, volunteer):
    other = VolunteerFactory(user=UserFactory(first_name="Bram", last_name="Peeters"))
    response = coordinator_client.get(reverse("volunteer:index"), {"q": "an peeters"})
    assert [row.instance for row in response.context["table"].rows] == [volunteer]
    response = coordinator_client.get(reverse("volunteer:index"), {"q": "peeters"})
    assert {row.instance for row in response.context["table"].rows} == {volunteer, other}


def test_the_list_is_filtered_on_active(coordinator_client, volunteer):
    gone = VolunteerFactory(active=False)
    response = coordinator_client.get(reverse("volunteer:index"), {"active": "false"})
    assert [row.instance for row in response.context["table"].rows] == [gone]


# Adding and editing a volunteer, with certificates.


def volunteer_data(volunteer=None, certificates=(), initial=0, **changes):
    data = {
        "phone": "0486 12 34 56",
        "skills": "Koken",
        "availability": "Woensdagvoormiddag",
        "agreement_signed_on": "2026-11-20",
        "insurance_note": "Polis 123",
        "active": "on",
        "certificates": inline_formset(list(certificates), initial=initial),
    }
    if volunteer is not None:
        data |= {
            "phone": volunteer.phone,
            "skills": volunteer.skills,
            "availability": volunteer.availability,
            "agreement_signed_on": volunteer.agreement_signed_on.isoformat(),
            "insurance_note": volunteer.insurance_note,
            "active": "on" if volunteer.active else "",
        }
    data.update(changes)
    data = nested_form_data(data)
    for name in [name for name, value in data.items() if value in ("", None)]:
        del data[name]
    return data


def certificate_row(certificate=None, **changes):
    row = {"id": "", "kind": "model_2", "issued_on": "2026-11-02", "valid_until": "", "confirmed": ""}
    if certificate is not None:
        row |= {
            "id": certificate.pk,
            "kind": certificate.kind,
            "issued_on": certificate.issued_on.isoformat(),
            "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else "",
            "confirmed": "on" if certificate.is_confirmed else "",
        }
    row.update(changes)
    return row


def test_a_coordinator_adds_a_volunteer_with_a_confirmed_certificate(coordinator_client, coordinator):
    account = UserFactory(roles=["animators"])
    arabic = LanguageFactory(code="ar-x", name="Arabisch")
    data = volunteer_data(user=account.pk, certificates=[certificate_row(confirmed="on")])
    data["languages"] = [arabic.pk]
    response = coordinator_client.post(reverse("volunteer:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    volunteer = Volunteer.objects.get(user=account)
    assert list(volunteer.languages.all()) == [arabic]
    certificate = volunteer.certificates.get()
    assert certificate.valid_until == datetime.date(2027, 11, 2)
    assert (certificate.confirmed_by, certificate.confirmed_at) == (coordinator, NOW)
    entry = logged(volunteer, CONFIRMED).get()
    assert entry.user == coordinator
    assert entry.data == {"certificate": certificate.pk, "kind": "model_2"}


def test_a_new_volunteer_joins_the_volunteers_group_and_reaches_the_desk(coordinator_client, client, home):
    account = UserFactory()
    response = coordinator_client.post(reverse("volunteer:add"), volunteer_data(user=account.pk))
    assert response.status_code == 302, response.context["form"].errors
    assert account.groups.filter(name=settings.KANSEN_ROLE_GROUPS["volunteers"]).exists()
    client.force_login(account)
    assert client.get(reverse("desk:my_shifts")).status_code == 200


def test_the_account_list_offers_only_accounts_without_a_volunteer(coordinator_client, volunteer):
    free = UserFactory()
    response = coordinator_client.get(reverse("volunteer:add"))
    users = set(response.context["form"].fields["user"].queryset)
    assert free in users
    assert volunteer.user not in users


def test_an_account_that_is_a_volunteer_already_changes_nothing(coordinator_client, volunteer):
    response = coordinator_client.post(reverse("volunteer:add"), volunteer_data(user=volunteer.user.pk))
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    assert Volunteer.objects.count() == 1


@pytest.mark.parametrize("user", ["", "abc", "999999"])
def test_a_missing_or_unknown_account_changes_nothing(coordinator_client, user):
    response = coordinator_client.post(reverse("volunteer:add"), volunteer_data(user=user))
    assert response.status_code == 200
    assert "user" in response.context["form"].errors
    assert not Volunteer.objects.exists()


def test_the_account_of_a_volunteer_does_not_change(coordinator_client, volunteer):
    other = UserFactory()
    response = coordinator_client.post(
        reverse("volunteer:edit", args=[volunteer.pk]), volunteer_data(volunteer, user=other.pk, phone="0470 00 00 00")
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert (volunteer.user_id, volunteer.phone) == (volunteer.user.pk, "0470 00 00 00")
    assert not Volunteer.objects.filter(user=other).exists()


def test_a_too_long_phone_changes_nothing(coordinator_client, volunteer):
    response = coordinator_client.post(
        reverse("volunteer:edit", args=[volunteer.pk]), volunteer_data(volunteer, phone="0" * 31)
    )
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    assert Volunteer.objects.get(pk=volunteer.pk).phone == volunteer.phone


def test_ticking_confirmed_confirms_a_declared_certificate(coordinator_client, coordinator, volunteer):
    declared = CertificateFactory(volunteer=volunteer, confirmed_by=None, confirmed_at=None)
    row = certificate_row(declared, confirmed="on")
    response = coordinator_client.post(
        reverse("volunteer:edit", args=[volunteer.pk]), volunteer_data(volunteer, [row], initial=1)
    )
    assert response.status_code == 302
    declared.refresh_from_db()
    assert (declared.confirmed_by, declared.confirmed_at) == (coordinator, NOW)
    assert logged(volunteer, CONFIRMED).get().data == {"certificate": declared.pk, "kind": "model_2"}


def test_unticking_confirmed_clears_the_confirmation(coordinator_client, coordinator, volunteer):
    confirmed = CertificateFactory(volunteer=volunteer)
    row = certificate_row(confirmed, confirmed="")
    response = coordinator_client.post(
        reverse("volunteer:edit", args=[volunteer.pk]), volunteer_data(volunteer, [row], initial=1)
    )
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert (confirmed.confirmed_by, confirmed.confirmed_at) == (None, None)
    assert logged(volunteer, UNCONFIRMED).get().user == coordinator


def test_changing_the_dates_drops_the_confirmation(coordinator_client, volunteer):
    confirmed = CertificateFactory(volunteer=volunteer)
    row = certificate_row(confirmed, issued_on="2026-06-02")
    response = coordinator_client.post(
        reverse("volunteer:edit", args=[volunteer.pk]), volunteer_data(volunteer, [row], initial=1)
    )
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.issued_on == datetime.date(2026, 6, 2)
    assert confirmed.valid_until == datetime.date(2027, 6, 2)
    assert not confirmed.is_confirmed
    assert logged(volunteer, UNCONFIRMED).count() == 1
    assert len(messages_of(response)) == 2  # saved, and the confirmation went


def test_ticking_again_after_a_change_confirms_the_new_dates(coordinator_client, coordinator, volunteer):
    changed = CertificateFactory(volunteer=volunteer, confirmed_by=None, confirmed_at=None)
    row = certificate_row(changed, confirmed="on")
    coordinator_client.post(reverse("volunteer:edit", args=[volunteer.pk]), volunteer_data(volunteer, [row], initial=1))
    changed.refresh_from_db()
    assert changed.confirmed_by == coordinator


def test_editing_the_volunteer_keeps_the_confirmation_and_who_gave_it(coordinator_client, volunteer):
    confirmed = CertificateFactory(volunteer=volunteer)
    before = (confirmed.confirmed_by_id, confirmed.confirmed_at)
    row = certificate_row(confirmed)
    response = coordinator_client.post(
        reverse("volunteer:edit", args=[volunteer.pk]), volunteer_data(volunteer, [row], initial=1, skills="Fietsen")
    )
    assert response.status_code == 302
    confirmed.refresh_from_db()
    assert (confirmed.confirmed_by_id, confirmed.confirmed_at) == before
    assert not logged(volunteer, CONFIRMED).exists()
    assert not logged(volunteer, UNCONFIRMED).exists()


def test_a_typed_end_of_a_model_2_certificate_is_replaced_by_the_computed_one(coordinator_client, volunteer):
    row = certificate_row(valid_until="2030-01-01")
    coordinator_client.post(reverse("volunteer:edit", args=[volunteer.pk]), volunteer_data(volunteer, [row]))
    assert volunteer.certificates.get().valid_until == datetime.date(2027, 11, 2)


def test_another_kind_keeps_its_own_end(coordinator_client, volunteer):
    row = certificate_row(kind="first_aid", issued_on="2025-03-01", valid_until="2028-03-01")
    coordinator_client.post(reverse("volunteer:edit", args=[volunteer.pk]), volunteer_data(volunteer, [row]))
    assert volunteer.certificates.get().valid_until == datetime.date(2028, 3, 1)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"issued_on": "2026-12-01"}, "issued_on"),  # in the future
        ({"issued_on": "gisteren"}, "issued_on"),
        ({"issued_on": ""}, "issued_on"),
        ({"kind": "model_3"}, "kind"),
        ({"kind": "first_aid", "issued_on": "2026-01-01", "valid_until": "2025-01-01"}, "valid_until"),
    ],
)
def test_a_bad_certificate_changes_nothing(coordinator_client, volunteer, changes, field):
    row = certificate_row(confirmed="on", **changes)
    response = coordinator_client.post(
        reverse("volunteer:edit", args=[volunteer.pk]), volunteer_data(volunteer, [row], skills="Fietsen")
    )
    assert response.status_code == 200
    formset = response.context["form"].formsets["certificates"]
    assert field in formset.forms[0].errors
    assert not volunteer.certificates.exists()
    assert Volunteer.objects.get(pk=volunteer.pk).skills == volunteer.skills
    assert not logged(volunteer, CONFIRMED).exists()


@pytest.mark.parametrize("pk", ["theirs", "abc", "999999", "-1", "²", "missing"])
def test_someone_elses_or_an_unknown_certificate_id_changes_nothing(coordinator_client, volunteer, pk):
    theirs = CertificateFactory()
    row = certificate_row(theirs, id=theirs.pk if pk == "theirs" else pk, confirmed="")
    if pk == "missing":
        del row["id"]  # a mangled form: a row counted as saved, without its id
    response = coordinator_client.post(
        reverse("volunteer:edit", args=[volunteer.pk]), volunteer_data(volunteer, [row], initial=1)
    )
    assert response.status_code == 200
    assert response.context["form"].formsets["certificates"].non_form_errors()
    theirs.refresh_from_db()
    assert theirs.is_confirmed
    assert list(Certificate.objects.all()) == [theirs]


def test_deleting_a_certificate_in_the_form_removes_it(coordinator_client, volunteer):
    old = CertificateFactory(volunteer=volunteer)
    row = certificate_row(old, DELETE="1")
    response = coordinator_client.post(
        reverse("volunteer:edit", args=[volunteer.pk]), volunteer_data(volunteer, [row], initial=1)
    )
    assert response.status_code == 302
    assert not volunteer.certificates.exists()
    assert not logged(volunteer, UNCONFIRMED).exists()


def test_the_edit_page_says_who_confirmed_and_that_no_document_is_kept(coordinator_client, volunteer):
    CertificateFactory(volunteer=volunteer, confirmed_by__first_name="Mira", confirmed_by__last_name="Janssens")
    response = coordinator_client.get(reverse("volunteer:edit", args=[volunteer.pk]))
    form = response.context["form"].formsets["certificates"].forms[0]
    assert form["confirmed"].value() is True
    assert "Mira Janssens" in str(form.fields["confirmed"].help_text)


def test_confirmations_show_in_the_volunteers_history(coordinator_client, volunteer):
    declared = CertificateFactory(volunteer=volunteer, confirmed_by=None, confirmed_at=None)
    row = certificate_row(declared, confirmed="on")
    coordinator_client.post(reverse("volunteer:edit", args=[volunteer.pk]), volunteer_data(volunteer, [row], initial=1))
    response = coordinator_client.get(reverse("volunteer:history", args=[volunteer.pk]))
    assert response.status_code == 200
    with translation.override("nl-be"):
        from django.utils.translation import gettext

        assert gettext("Certificate confirmed") in response.content.decode()


# Standard shifts on the programme pages.


def test_an_editor_creates_a_programme_with_standard_shifts(client, home):
    door = RoleFactory(name="Onthaal")
    index = ProgrammeIndexPageFactory(parent=home)
    client.force_login(UserFactory(roles=["editors"]))
    data = nested_form_data(
        {
            "title": "Ouderontbijt De Living",
            "slug": "de-living",
            "intro": "Ontbijt en babbel voor ouders van jonge kinderen.",
            "body": streamfield([("paragraph", rich_text("<p>Elke eerste woensdag.</p>"))]),
            "kind": "meetup",
            "for_parents": "on",
            "registration_mode": "walk_in",
            "capacity_counts": "persons",
            "price": "0",
            "schedule_rules": inline_formset(
                [{"preset": "monthly", "start_time": "09:00", "end_time": "11:00", "first_date": "2026-11-01"}]
            ),
            "shift_templates": inline_formset(
                [{"role": door.pk, "needed": "2", "start_offset_minutes": "-30", "end_offset_minutes": ""}]
            ),
            "action-publish": "publish",
        }
    )
    data |= {"schedule_rules-0-weekdays": ["WE"], "schedule_rules-0-nths": ["1"]}
    response = client.post(f"/admin/pages/add/programmes/programmepage/{index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ProgrammePage.objects.get(slug="de-living", locale__language_code="nl")
    template = page.shift_templates.get()
    assert (template.role, template.needed, template.start_offset_minutes) == (door, 2, -30)
    session = Session.objects.filter(programme=page).order_by("starts_at").first()
    shift = Shift.objects.get(session=session)
    assert (shift.role, shift.needed) == (door, 2)
    assert shift.starts_at == session.starts_at - datetime.timedelta(minutes=30)


@pytest.mark.parametrize("page_class", [ProgrammePage, GroceryPage, PlaygroundPage])
def test_every_kind_of_programme_has_standard_shifts(page_class):
    form_class = page_class.get_edit_handler().get_form_class()
    assert "shift_templates" in form_class.formsets


@pytest.mark.parametrize("factory", [GroceryPageFactory, PlaygroundPageFactory])
def test_the_edit_page_of_a_grocery_or_playground_offers_standard_shifts(admin_client_, home, factory):
    page = factory()
    ShiftTemplateFactory(programme=page, role=AnimatorRoleFactory())
    response = admin_client_.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert 'name="shift_templates-0-role"' in response.content.decode()


# The certificate settings: the organisation's policy, for superusers.


def settings_url():
    # Generic settings live at their row's address; the short one redirects there.
    return reverse("wagtailsettings:edit", args=["programmes", "volunteersettings", VolunteerSettings.load().pk])


def test_a_superuser_edits_the_certificate_settings(admin_client_):
    response = admin_client_.post(
        settings_url(),
        {
            "model_2_valid_months": "36",
            "renewal_reminder_weeks": "8",
            "expired_certificate_policy": "warn",
            "grace_days": "14",
        },
    )
    assert response.status_code == 302
    settings = VolunteerSettings.load()
    assert (settings.model_2_valid_months, settings.expired_certificate_policy, settings.grace_days) == (36, "warn", 14)


def test_coordinators_do_not_change_the_certificate_policy(coordinator_client):
    assert refused(coordinator_client.get(settings_url()))
    assert settings_url() not in coordinator_client.get(reverse("wagtailadmin_home")).content.decode()
