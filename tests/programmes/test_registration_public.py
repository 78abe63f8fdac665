"""A family registers from the programme page, sees and cancels through its link."""

import datetime
import io
import re

import pytest
import time_machine
from django.core import mail, signing
from django.utils import timezone, translation

from programmes import manage_links
from programmes.models import Household, Membership, Registration
from tests.conftest import translate
from tests.programmes.factories import (
    ChildFactory,
    HouseholdFactory,
    ProgrammePageFactory,
    RegistrationFactory,
    SessionFactory,
)
from tests.programmes.test_finder import at


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """client.post, then what runs after the commit (mails): the test's own
    transaction never commits."""

    def post(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return post


@pytest.fixture
def homework(home):
    """A homework club for children of 6 to 12, one place left on the first session."""
    programme = ProgrammePageFactory(
        title="Huiswerkklas",
        slug="huiswerkklas",
        registration_mode="per_session",
        for_parents=False,
        for_children=True,
        min_age_months=6 * 12,
        max_age_months=12 * 12 + 11,
        default_capacity=3,
    )
    programme.first, programme.second = (
        SessionFactory(programme=programme, starts_at=at(3, 16), capacity=3),
        SessionFactory(programme=programme, starts_at=at(10, 16), capacity=3),
    )
    return programme


def form_data(sessions, **overrides):
    data = {
        "sessions": [s.pk for s in sessions],
        "first_name": "Radka",
        "last_name": "Petrova",
        "phone": "0470 11 22 33",
        "email": "radka@example.be",
        "postcode": "2800",
        "language": "fr",
        "consent": "on",
        "idempotency_key": "a" * 32,
        "child-TOTAL_FORMS": "3",
        "child-INITIAL_FORMS": "0",
        "child-MIN_NUM_FORMS": "0",
        "child-MAX_NUM_FORMS": "8",
        "child-0-first_name": "Mila",
        "child-0-birth_date": "2018-03-14",
    }
    return data | overrides


def register_url(programme):
    return programme.url + "register/"


def test_programme_page_shows_the_register_button_only_when_registration_is_online(client, post, homework):
    assert 'href="/aanbod/huiswerkklas/register/"' in client.get(homework.url).content.decode()
    walk_in = ProgrammePageFactory(registration_mode="walk_in")
    page = client.get(walk_in.url).content.decode()
    assert "register/" not in page
    with translation.override("nl"):
        assert translation.gettext("Just come, no need to register.") in page
    assert client.get(register_url(walk_in)).status_code == 404


def test_family_registers_a_child_and_lands_on_its_registrations(client, post, homework):
    response = post(register_url(homework), form_data([homework.first, homework.second]))
    assert response.status_code == 302
    household = Household.objects.get()
    assert household.language == "fr"
    assert household.source == "online"
    assert household.consents.get().version
    registrations = Registration.objects.filter(household=household)
    assert registrations.count() == 2
    assert {r.status for r in registrations} == {"confirmed"}
    # Only the child comes to the homework club; the parent is the contact.
    assert {p.first_name for r in registrations for p in r.members.all()} == {"Mila"}
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Huiswerkklas" in page.content.decode()


def test_confirmation_mail_is_in_the_familys_language_with_the_manage_link(client, post, home, homework):
    index = homework.get_parent()
    translate(
        homework,
        translate(index, home.translations["fr"], "fr", title="Activités", slug="activites"),
        "fr",
        title="Classe de devoirs",
        slug="devoirs",
        intro="Aide aux devoirs.",
    )
    post(register_url(homework), form_data([homework.first]))
    (message,) = mail.outbox
    assert message.to == ["radka@example.be"]
    household = Household.objects.get()
    link = re.search(r"https?://\S+/registrations/\S+/", message.body).group(0)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert manage_links.household_id_for(token) == household.pk
    assert "/fr/" in link
    assert "Classe de devoirs" in message.subject
    assert f"sessions/{homework.first.uid}.ics" in message.body
    html = message.alternatives[0][0]
    assert link in html


def test_a_full_session_puts_the_family_on_the_waiting_list(client, post, homework):
    for _ in range(3):
        RegistrationFactory(session=homework.first)
    post(register_url(homework), form_data([homework.first]))
    registration = Registration.objects.get(household__email="radka@example.be")
    assert registration.status == "waiting"
    page = client.get(manage_links.manage_url(registration.household))
    assert [r.position for r in page.context["registrations"]] == [1]


def test_double_submit_creates_one_household_and_one_registration(client, post, homework):
    data = form_data([homework.first])
    first = post(register_url(homework), data)
    second = post(register_url(homework), data)
    assert first.status_code == second.status_code == 302
    assert Household.objects.count() == 1
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"first_name": ""}, "first_name", "required"),
        ({"first_name": "x" * 10_000}, "first_name", "max_length"),
        ({"first_name": "  "}, "first_name", "required"),
        ({"phone": "", "email": ""}, None, None),
        ({"phone": "call me maybe"}, "phone", "invalid"),
        ({"email": "radka@"}, "email", "invalid"),
        ({"postcode": "28000"}, "postcode", "max_length"),
        ({"postcode": "abcd"}, "postcode", "invalid"),
        ({"consent": ""}, "consent", "required"),
        ({"child-0-birth_date": "2999-01-01"}, "child-0-birth_date", "future"),
        ({"child-0-birth_date": "yesterday"}, "child-0-birth_date", "invalid"),
        ({"child-0-birth_date": "2024-01-01"}, None, "age"),
        ({"child-0-birth_date": ""}, "child-0-birth_date", None),
        ({"child-0-first_name": ""}, "child-0-first_name", None),
        ({"child-0-first_name": "", "child-0-birth_date": ""}, None, None),
        ({"sessions": []}, "sessions", "required"),
        ({"sessions": ["999999"]}, "sessions", "invalid_choice"),
        ({"sessions": ["abc"]}, "sessions", "invalid_pk_value"),
        # More than a 64-bit id: SQLite overflowed on it in Django's own lookup.
        ({"sessions": ["9" * 40]}, "sessions", "invalid_choice"),
        ({"sessions": ["²"]}, "sessions", "invalid_pk_value"),
        ({"language": "xx"}, "language", "invalid_choice"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(client, post, homework, overrides, field, code):
    response = post(register_url(homework), form_data([homework.first]) | overrides)
    assert response.status_code == 400
    form = response.context["form"]
    if field and field.startswith("child-"):
        index, name = field.split("-")[1:]
        assert form.children.forms[int(index)].has_error(name, code)
    else:
        assert form.has_error(field or "__all__", code)
    assert 'role="alert"' in response.content.decode()
    assert not Household.objects.exists()
    assert not Registration.objects.exists()
    assert not mail.outbox


def test_a_session_of_another_programme_cannot_be_chosen(client, post, homework):
    other = SessionFactory(programme=ProgrammePageFactory(registration_mode="per_session"), starts_at=at(3))
    response = post(register_url(homework), form_data([other]))
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_cancelled_and_past_sessions_are_not_offered(client, post, homework):
    homework.second.status, homework.second.cancel_reason = "cancelled", "Ziekte"
    homework.second.save()
    past = SessionFactory(programme=homework, starts_at=at(-2, 16))
    page = client.get(register_url(homework)).content.decode()
    assert f'name="sessions" value="{homework.first.pk}"' in page
    assert f'name="sessions" value="{homework.second.pk}"' not in page
    assert f'name="sessions" value="{past.pk}"' not in page
    response = post(register_url(homework), form_data([homework.second]))
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_names_with_html_are_escaped_on_the_page_and_in_the_mail(client, post, homework):
    name = "<script>alert(1)</script>"
    post(register_url(homework), form_data([homework.first], first_name=name, **{"child-0-first_name": "Zoë 🌈"}))
    household = Household.objects.get()
    page = client.get(manage_links.manage_url(household)).content.decode()
    assert name not in page
    assert "&lt;script&gt;" in page
    assert "Zoë 🌈" in page
    html = mail.outbox[0].alternatives[0][0]
    assert name not in html
    assert "&lt;script&gt;" in html


def test_membership_programme_takes_an_application(client, post, home):
    group = ProgrammePageFactory(registration_mode="membership", kind="group", slug="oudergroep")
    response = post(register_url(group), form_data([]) | {"child-0-first_name": ""})
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert membership.status == "applied"
    assert [p.first_name for p in membership.members.all()] == ["Radka"]
    assert len(mail.outbox) == 1


class TestManageLink:
    def test_shows_only_this_households_registrations(self, client, post, homework):
        mine = RegistrationFactory(session=homework.first)
        theirs = RegistrationFactory(session=homework.second)
        page = client.get(manage_links.manage_url(mine.household)).content.decode()
        assert mine.household.contact_name in page
        assert theirs.household.contact_name not in page

    def test_get_changes_nothing_and_cancel_needs_post(self, client, post, homework):
        registration = RegistrationFactory(session=homework.first)
        token = manage_links.make_token(registration.household)
        cancel = f"/registrations/{token}/cancel/{registration.pk}/"
        assert client.get(cancel).status_code == 405
        registration.refresh_from_db()
        assert registration.status == "confirmed"
        assert post(cancel).status_code == 302
        registration.refresh_from_db()
        assert registration.status == "cancelled"

    def test_cancelling_moves_up_the_first_waiting_family(self, client, post, homework):
        confirmed = RegistrationFactory(session=homework.first, places=3)
        waiting = RegistrationFactory(session=homework.first, status="waiting")
        token = manage_links.make_token(confirmed.household)
        post(f"/registrations/{token}/cancel/{confirmed.pk}/")
        waiting.refresh_from_db()
        assert waiting.status == "confirmed"
        assert mail.outbox[0].to == [waiting.household.email]

    def test_another_households_registration_is_a_404(self, client, post, homework):
        mine = RegistrationFactory(session=homework.first)
        theirs = RegistrationFactory(session=homework.first)
        token = manage_links.make_token(mine.household)
        assert post(f"/registrations/{token}/cancel/{theirs.pk}/").status_code == 404
        theirs.refresh_from_db()
        assert theirs.status == "confirmed"

    @pytest.mark.parametrize(
        "make_token",
        [
            lambda household: manage_links.make_token(household)[:-2] + "xx",
            lambda household: signing.dumps({"household": household.pk}, salt="another.purpose", compress=True),
            lambda household: signing.dumps({"household": household.pk + 1}, salt="wrong"),
            lambda household: "not-a-token",
        ],
        ids=["tampered", "other-purpose", "forged", "garbage"],
    )
    def test_a_bad_link_is_refused_without_revealing_anything(self, client, post, homework, make_token):
        registration = RegistrationFactory(session=homework.first)
        response = client.get(f"/registrations/{make_token(registration.household)}/")
        assert response.status_code == 403
        assert registration.household.contact_name not in response.content.decode()

    def test_an_expired_link_is_refused(self, client, post, homework):
        registration = RegistrationFactory(session=homework.first)
        with time_machine.travel(timezone.now() - datetime.timedelta(days=31)):
            url = manage_links.manage_url(registration.household)
        response = client.get(url)
        assert response.status_code == 403
        assert registration.household.contact_name not in response.content.decode()

    def test_subscribing_gives_a_personal_feed_with_the_households_sessions(self, client, post, homework):
        registration = RegistrationFactory(session=homework.first)
        RegistrationFactory(session=homework.second)
        token = manage_links.make_token(registration.household)
        page = post(f"/registrations/{token}/calendar/").content.decode()
        feed_path = re.search(r'href="https?://testserver(/calendars/[^"]+\.ics)"', page).group(1)
        feed = client.get(feed_path).content.decode()
        assert feed.count("BEGIN:VEVENT") == 1
        assert str(homework.first.uid) in feed


class TestNewLink:
    def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(self, client, post, db):
        HouseholdFactory(email="known@example.be")
        known = post("/registrations/new-link/", {"email": "KNOWN@example.be"})
        unknown = post("/registrations/new-link/", {"email": "nobody@example.be"})
        assert known.status_code == unknown.status_code == 200
        assert known.content.decode().replace("KNOWN@example.be", "X") == unknown.content.decode().replace(
            "nobody@example.be", "X"
        )
        (message,) = mail.outbox
        assert message.to == ["known@example.be"]

    def test_a_bad_address_gets_a_message(self, client, post, db):
        response = post("/registrations/new-link/", {"email": "not an address"})
        assert response.status_code == 400
        assert not mail.outbox


def test_child_factory_is_used_for_age_checks(homework):
    child = ChildFactory(birth_date=datetime.date(2018, 3, 14))
    assert child.age_in_months(datetime.date(2026, 3, 14)) == 96


class TestReminders:
    def test_reminders_go_once_to_tomorrows_households_with_an_email(self, home):
        from django.core.management import call_command

        programme = ProgrammePageFactory(registration_mode="per_session")
        tomorrow = SessionFactory(programme=programme, starts_at=at(1, 9))
        later = SessionFactory(programme=programme, starts_at=at(2, 9))
        with_email = RegistrationFactory(session=tomorrow)
        RegistrationFactory(session=tomorrow, household=HouseholdFactory(email=""))
        RegistrationFactory(session=tomorrow, status="waiting")
        RegistrationFactory(session=later)
        out = io.StringIO()
        call_command("send_reminders", "--dry-run", stdout=out)
        assert "1 reminders would be sent" in out.getvalue()
        assert not mail.outbox
        call_command("send_reminders", stdout=out)
        call_command("send_reminders", stdout=out)
        (message,) = mail.outbox
        assert message.to == [with_email.household.email]

    def test_a_bad_date_is_a_clear_error(self, db):
        from django.core.management import CommandError, call_command

        with pytest.raises(CommandError, match="--date"):
            call_command("send_reminders", "--date", "tomorrow")


def test_more_places_move_the_waiting_list_up(home, django_capture_on_commit_callbacks):
    from programmes.services import scheduling

    programme = ProgrammePageFactory(registration_mode="per_session")
    session = SessionFactory(programme=programme, starts_at=at(5), capacity=1)
    RegistrationFactory(session=session)
    waiting = RegistrationFactory(session=session, status="waiting")
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.change_capacity(session, capacity=2, by=None)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert mail.outbox[0].to == [waiting.household.email]


def test_coordinator_keeps_places_for_referred_families(home):
    from programmes.errors import ProgrammeError
    from programmes.services import scheduling

    session = SessionFactory(
        programme=ProgrammePageFactory(registration_mode="per_session"), starts_at=at(5), capacity=4
    )
    scheduling.change_capacity(session, capacity=4, reserved_places=2, by=None)
    session.refresh_from_db()
    assert session.reserved_places == 2
    with pytest.raises(ProgrammeError) as excinfo:
        scheduling.change_capacity(session, capacity=4, reserved_places=5, by=None)
    assert excinfo.value.code == "reserved_places"
    session.refresh_from_db()
    assert session.reserved_places == 2


def test_manage_page_speaks_the_pages_language(client, home, homework):
    index = homework.get_parent()
    french_index = translate(index, home.translations["fr"], "fr", title="Activités", slug="activites")
    translate(homework, french_index, "fr", title="Classe de devoirs", slug="devoirs", intro="Aide aux devoirs.")
    registration = RegistrationFactory(session=homework.first, household=HouseholdFactory(language="fr"))
    page = client.get(manage_links.manage_url(registration.household)).content.decode()
    assert "Classe de devoirs" in page
    assert f"/fr/activites/devoirs/sessions/{homework.first.uid}.ics" in page


@pytest.mark.parametrize("count", [2, 12])
def test_manage_page_queries_do_not_grow_with_registrations(client, homework, count, django_assert_max_num_queries):
    household = HouseholdFactory()
    for day in range(count):
        RegistrationFactory(household=household, session=SessionFactory(programme=homework, starts_at=at(20 + day)))
    url = manage_links.manage_url(household)
    # The site, its settings and the menu cost the same on every page.
    # 17: one of them is the play days other apps add (programmes.manage_sections).
    with django_assert_max_num_queries(17):
        assert client.get(url).status_code == 200


def test_cancelling_a_session_tells_registered_families_once(home, django_capture_on_commit_callbacks):
    from programmes.services import scheduling

    session = SessionFactory(programme=ProgrammePageFactory(registration_mode="per_session"), starts_at=at(4))
    confirmed = RegistrationFactory(session=session, household=HouseholdFactory(language="fr"))
    waiting = RegistrationFactory(session=session, status="waiting")
    RegistrationFactory(session=session, status="cancelled")
    RegistrationFactory(session=session, household=HouseholdFactory(email=""))
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.cancel_session(session, reason="De zaal is onder water gelopen.", by=None)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed.household.email, waiting.household.email])
    assert all("De zaal is onder water gelopen." in m.body for m in mail.outbox)
    from programmes.tasks import send_session_cancelled_mail

    send_session_cancelled_mail.call(session.pk)
    assert len(mail.outbox) == 2
