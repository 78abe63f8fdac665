"""Mails to households (programmes/tasks.py, programmes/mail.py) and the signed
manage link they carry (programmes/manage_links.py).

These tests hold the templates in programmes/templates/programmes/mail/ to
what the mails must do, not to their wording: who gets a mail, in which
language, how often, that the manage link leads back to the household, and
that names typed by families never become HTML. The tasks are called with
`.call()` where a test is about one task, so that an error in a template or a
link fails the test loudly; the immediate task backend of the test settings
swallows and logs such errors.
"""

import datetime
import re
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from django.core import mail, signing
from django.urls import Resolver404, resolve
from django.utils import translation

from programmes import manage_links
from programmes.mail import localized_page, send_to_household, session_lines
from programmes.models import Session
from programmes.services.enrolment import (
    accept_membership,
    apply_for_membership,
    cancel,
    decline_membership,
    register,
    register_for_sessions,
)
from programmes.tasks import (
    send_manage_link,
    send_membership_mail,
    send_promotion_mail,
    send_registration_mail,
    send_reminder_mail,
)
from tests.conftest import translate
from tests.programmes.factories import (
    ChildFactory,
    HouseholdFactory,
    MembershipFactory,
    ProgrammePageFactory,
    RegistrationFactory,
    SessionFactory,
)
from tests.website.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=BRUSSELS)
SESSION_START = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=BRUSSELS)
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def programme(home):
    return ProgrammePageFactory(title="Babbelonie", slug="babbelonie", registration_mode="per_session")


@pytest.fixture
def session(programme):
    return SessionFactory(programme=programme, starts_at=SESSION_START, capacity=4)


@pytest.fixture
def group(home):
    return ProgrammePageFactory(title="Oudergroep", slug="oudergroep", kind="group", registration_mode="membership")


@pytest.fixture
def household(db):
    return HouseholdFactory(contact_name="Fatima El Amrani", email="fatima@example.be")


@pytest.fixture
def french(home, programme, group):
    """French translations of the programme and the group, published."""
    index = programme.get_parent().specific
    french_index = translate(index, home.translations["fr"], "fr", title="Activités", slug="activites")
    translate(programme, french_index, "fr", title="Papote des parents", slug="papote", intro="Café et jeux.")
    translate(group, french_index, "fr", title="Groupe de parents", slug="groupe", intro="Un groupe de parents.")
    return french_index


def only_mail():
    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    return mail.outbox[0]


def html_of(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def manage_tokens(text, language):
    """The tokens of every manage link in `text`, found the way the site routes them."""
    tokens = []
    with translation.override(language):
        for url in re.findall(r"https?://[^\s<>\"')]+", text):
            try:
                match = resolve(urlparse(url).path)
            except Resolver404:
                continue
            if match.url_name == "manage_registrations":
                tokens.append(match.kwargs["token"])
    return tokens


def confirmed(household, session):
    return RegistrationFactory(household=household, session=session)


# What each task needs to send its mail to `household`.
SENDERS = {
    "registered": lambda household, session, group: send_registration_mail.call([confirmed(household, session).pk]),
    "promoted": lambda household, session, group: send_promotion_mail.call(confirmed(household, session).pk),
    "reminder": lambda household, session, group: send_reminder_mail.call(confirmed(household, session).pk),
    "membership": lambda household, session, group: send_membership_mail.call(
        MembershipFactory(household=household, programme=group, status="applied").pk, "applied"
    ),
    "manage_link": lambda household, session, group: send_manage_link.call(household.pk),
}


# The manage link


def test_a_manage_token_leads_back_to_its_household(household):
    assert manage_links.household_id_for(manage_links.make_token(household)) == household.pk


def test_a_tampered_manage_token_leads_nowhere(household):
    token = manage_links.make_token(household)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert manage_links.household_id_for(tampered) is None


def test_a_manage_token_expires_after_thirty_days(household, time_machine):
    token = manage_links.make_token(household)
    time_machine.move_to(NOW + manage_links.MAX_AGE, tick=False)
    assert manage_links.household_id_for(token) == household.pk
    time_machine.shift(datetime.timedelta(seconds=1))
    assert manage_links.household_id_for(token) is None


@pytest.mark.parametrize("salt", ["django.core.signing", "programmes.feed"], ids=["default-salt", "other-salt"])
def test_a_value_signed_for_something_else_is_no_manage_token(household, salt):
    token = signing.dumps({"household": household.pk}, salt=salt, compress=True)
    assert manage_links.household_id_for(token) is None


@pytest.mark.parametrize("value", [{"household": "7"}, {"household": None}, [7], 7, {}])
def test_a_manage_token_names_its_household_by_number(value):
    assert manage_links.household_id_for(signing.dumps(value, salt=manage_links.SALT)) is None


@pytest.mark.parametrize("token", [None, "", "x" * 201])
def test_an_empty_or_overlong_manage_token_leads_nowhere(token):
    assert manage_links.household_id_for(token) is None


@pytest.mark.parametrize(("language", "prefix"), [("nl", "/"), ("fr", "/fr/"), ("en", "/en/")])
def test_the_manage_link_is_in_the_households_language(household, language, prefix):
    household.language = language
    url = manage_links.manage_url(household, absolute=True)
    assert url.startswith("http://testserver" + prefix)
    assert not url.startswith("http://testserver/nl/")
    assert manage_tokens(url, language) == [manage_links.make_token(household)]


# mail.py without a template


def test_nothing_is_sent_to_a_household_without_email(db):
    household = HouseholdFactory(email="")
    assert send_to_household(household, "manage_link") is False
    assert mail.outbox == []


def test_a_programme_is_named_in_the_households_language(french, programme, session):
    lines = session_lines(session, "fr")
    assert lines["title"] == "Papote des parents"
    assert lines["page_url"] == "http://testserver/fr/activites/papote/"
    assert lines["calendar_url"] == f"http://testserver/fr/activites/papote/sessions/{session.uid}.ics"
    assert lines["venue"] == programme.venue
    assert lines["starts_at"] == SESSION_START


def test_a_programme_without_a_live_translation_keeps_its_own_name(french, programme):
    assert localized_page(programme, "en") == programme
    french_programme = localized_page(programme, "fr")
    french_programme.unpublish()
    assert localized_page(programme, "fr") == programme


# Who gets a mail, and how often


def test_the_confirmation_goes_to_the_household(household, session):
    registration = confirmed(household, session)
    send_registration_mail.call([registration.pk])
    message = only_mail()
    assert message.to == ["fatima@example.be"]
    assert message.subject
    assert "\n" not in message.subject
    assert "Babbelonie" in message.body


def test_one_confirmation_lists_every_session_of_the_form(household, session, home):
    breakfast = SessionFactory(
        programme=ProgrammePageFactory(title="Ouderontbijt", registration_mode="per_session"),
        starts_at=SESSION_START + datetime.timedelta(days=7),
    )
    registrations = [confirmed(household, session), confirmed(household, breakfast)]
    send_registration_mail.call([registration.pk for registration in registrations])
    message = only_mail()
    assert "Babbelonie" in message.body
    assert "Ouderontbijt" in message.body


def test_the_confirmation_leaves_out_a_registration_cancelled_meanwhile(household, session, home):
    breakfast = SessionFactory(
        programme=ProgrammePageFactory(title="Ouderontbijt", registration_mode="per_session"),
        starts_at=SESSION_START + datetime.timedelta(days=7),
    )
    kept = confirmed(household, session)
    gone = RegistrationFactory(household=household, session=breakfast, status="cancelled")
    send_registration_mail.call([kept.pk, gone.pk])
    assert "Ouderontbijt" not in only_mail().body


def test_no_confirmation_when_every_registration_was_cancelled(household, session):
    registration = RegistrationFactory(household=household, session=session, status="cancelled")
    send_registration_mail.call([registration.pk])
    assert mail.outbox == []


def test_the_confirmation_task_run_twice_sends_one_mail(household, session):
    registration = confirmed(household, session)
    send_registration_mail.call([registration.pk])
    send_registration_mail.call([registration.pk])
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("kind", SENDERS)
def test_no_mail_goes_to_a_household_without_email(session, group, kind):
    household = HouseholdFactory(email="", phone="0470 99 88 77")
    SENDERS[kind](household, session, group)
    assert mail.outbox == []


def test_registering_online_sends_one_confirmation(household, session, django_capture_on_commit_callbacks):
    members = list(household.members.all())
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            register_for_sessions([session], household, members, idempotency_key="form-1")
    assert only_mail().to == [household.email]


def test_the_promotion_mail_is_sent_once_when_its_task_runs_twice(household, session):
    registration = confirmed(household, session)
    send_promotion_mail.call(registration.pk)
    send_promotion_mail.call(registration.pk)
    assert only_mail().to == [household.email]
    registration.refresh_from_db()
    assert registration.promotion_mailed_at == NOW


def test_no_promotion_mail_for_a_registration_cancelled_meanwhile(household, session):
    registration = RegistrationFactory(household=household, session=session, status="cancelled")
    send_promotion_mail.call(registration.pk)
    assert mail.outbox == []
    registration.refresh_from_db()
    assert registration.promotion_mailed_at is None


def test_cancelling_mails_the_promoted_family(household, session, django_capture_on_commit_callbacks):
    Session.objects.filter(pk=session.pk).update(capacity=1)
    leaving = HouseholdFactory()
    held = register(session, leaving, list(leaving.members.all()))
    register(session, household, list(household.members.all()))
    with django_capture_on_commit_callbacks(execute=True):
        cancel(held)
    assert only_mail().to == [household.email]


def test_the_reminder_is_sent_once_when_its_task_runs_twice(household, session):
    registration = confirmed(household, session)
    send_reminder_mail.call(registration.pk)
    send_reminder_mail.call(registration.pk)
    assert only_mail().to == [household.email]


def test_no_reminder_for_a_cancelled_session(household, session):
    registration = confirmed(household, session)
    Session.objects.filter(pk=session.pk).update(status="cancelled", cancel_reason="Ziekte")
    send_reminder_mail.call(registration.pk)
    assert mail.outbox == []
    registration.refresh_from_db()
    assert registration.reminder_mailed_at is None


@pytest.mark.parametrize("status", ["waiting", "cancelled"])
def test_no_reminder_without_a_confirmed_place(household, session, status):
    registration = RegistrationFactory(household=household, session=session, status=status)
    send_reminder_mail.call(registration.pk)
    assert mail.outbox == []


@pytest.mark.parametrize("decide", [accept_membership, decline_membership], ids=["accepted", "declined"])
def test_a_household_hears_when_it_applies_and_when_it_is_answered(
    household, group, decide, django_capture_on_commit_callbacks
):
    coordinator = UserFactory(roles=["coordinators"])
    with django_capture_on_commit_callbacks(execute=True):
        application = apply_for_membership(group, household, list(household.members.all()))
    with django_capture_on_commit_callbacks(execute=True):
        decide(application, by=coordinator)
    applied, answered = mail.outbox
    assert applied.to == answered.to == [household.email]
    assert applied.subject != answered.subject


def test_accepted_and_declined_households_read_different_answers(household, group):
    accepted = MembershipFactory(household=household, programme=group, status="active")
    declined = MembershipFactory(household=HouseholdFactory(), programme=group, status="declined")
    send_membership_mail.call(accepted.pk, "active")
    send_membership_mail.call(declined.pk, "declined")
    assert mail.outbox[0].subject != mail.outbox[1].subject


def test_no_membership_mail_for_a_membership_that_no_longer_exists(db):
    send_membership_mail.call(999_999, "applied")
    assert mail.outbox == []


def test_no_membership_mail_about_a_status_the_membership_has_left(household, group):
    membership = MembershipFactory(household=household, programme=group, status="active")
    send_membership_mail.call(membership.pk, "applied")
    assert mail.outbox == []


def test_a_household_can_ask_for_a_new_manage_link(household):
    send_manage_link.call(household.pk)
    message = only_mail()
    assert message.to == [household.email]
    assert [manage_links.household_id_for(token) for token in manage_tokens(message.body, "nl")] == [household.pk]


def test_no_manage_link_for_a_household_that_no_longer_exists(db):
    send_manage_link.call(999_999)
    assert mail.outbox == []


# Language


def test_the_confirmation_is_in_the_households_language(french, session):
    household = HouseholdFactory(language="fr")
    send_registration_mail.call([confirmed(household, session).pk])
    message = only_mail()
    assert "Papote des parents" in message.body
    assert "Babbelonie" not in message.body
    assert manage_tokens(message.body, "fr")


def test_the_membership_answer_names_the_group_in_the_households_language(french, group):
    household = HouseholdFactory(language="fr")
    send_membership_mail.call(MembershipFactory(household=household, programme=group).pk, "active")
    message = only_mail()
    assert "Groupe de parents" in message.subject + message.body
    assert "Oudergroep" not in message.subject + message.body


def test_each_language_has_its_own_words(db):
    for language in ("nl", "fr", "en"):
        send_manage_link.call(HouseholdFactory(language=language).pk)
    assert len({message.subject for message in mail.outbox}) == 3


# The manage link in every mail


@pytest.mark.parametrize("kind", ["registered", "promoted", "reminder", "manage_link"])
def test_the_manage_link_in_a_mail_leads_back_to_the_household(household, session, group, kind):
    SENDERS[kind](household, session, group)
    message = only_mail()
    tokens = manage_tokens(message.body, household.language)
    assert tokens
    assert {manage_links.household_id_for(token) for token in tokens} == {household.pk}


# Names that families type


@pytest.fixture
def scripted(db):
    """A household whose contact person typed markup as a name."""
    return HouseholdFactory(contact_name=f"{SCRIPT} Amrani", email="script@example.be")


def test_plain_text_shows_names_as_typed(scripted, session):
    send_registration_mail.call([confirmed(scripted, session).pk])
    assert SCRIPT in only_mail().body


def test_the_html_alternative_escapes_markup_in_names(scripted, session):
    send_registration_mail.call([confirmed(scripted, session).pk])
    html = html_of(only_mail())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    assert "&amp;lt;" not in html


def test_the_html_alternative_makes_the_manage_link_clickable(household):
    send_manage_link.call(household.pk)
    message = only_mail()
    [token] = manage_tokens(message.body, "nl")
    assert re.search(rf'href="http://testserver/[^"]*{re.escape(token)}', html_of(message))


def test_a_child_is_never_named_in_html_unescaped(session):
    household = HouseholdFactory(email="kind@example.be")
    child = ChildFactory(household=household, first_name=SCRIPT, birth_date=datetime.date(2022, 1, 1))
    registration = RegistrationFactory(household=household, session=session, places=2)
    registration.members.add(child)
    send_registration_mail.call([registration.pk])
    assert "<script" not in html_of(only_mail()).lower()
