"""Early-detection signals: any animator or coordinator records one from the
desk about a child booked that day; only social workers read them in the
admin (and the author their own, on the desk); every read is audit-logged
without the text; a social worker marks it followed up."""

import datetime
from html import escape

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from holiday_play.models import Booking, Signal
from holiday_play.models.signals import MAX_CONCERN_LENGTH
from holiday_play.services.bookings import book_day, cancel_booking
from holiday_play.services.signals import SignalError, follow_up, record_signal
from programmes.services.scheduling import regenerate_sessions
from tests.holiday_play.factories import HolidayPeriodFactory, PlaygroundPageFactory
from tests.holiday_play.signal_factories import SignalFactory
from tests.programmes.factories import BRUSSELS, ChildFactory, HouseholdFactory
from tests.website.factories import UserFactory, may_edit

D = datetime.date
pytestmark = pytest.mark.django_db
MONDAY = D(2027, 7, 5)
CONCERN = "Mila had bruises on both arms and did not want to say where they came from."


@pytest.fixture(autouse=True)
def monday_morning(time_machine):
    time_machine.move_to(datetime.datetime(2027, 7, 5, 10, 30, tzinfo=BRUSSELS), tick=False)


@pytest.fixture
def playground(home):
    page = PlaygroundPageFactory(
        periods=[HolidayPeriodFactory()], animator_team=Group.objects.create(name="Animatoren")
    )
    regenerate_sessions(page, today=D(2027, 6, 1), horizon_days=120)
    return page


@pytest.fixture
def day(playground):
    return playground.sessions.get(local_date=MONDAY)


@pytest.fixture
def animator(playground):
    user = UserFactory(roles=["animators"])
    user.groups.add(playground.animator_team)
    return user


@pytest.fixture
def coordinator(playground):
    return may_edit(UserFactory(roles=["coordinators"]), playground)


@pytest.fixture
def social_worker():
    return UserFactory(roles=["social_workers"])


def booked_child(playground, day, first_name="Mila"):
    child = ChildFactory(
        first_name=first_name, last_name="Petrova", birth_date=D(2020, 3, 1), household=HouseholdFactory(contact=False)
    )
    book_day(playground, day, child, source=Booking.Source.DESK)
    return child


@pytest.fixture
def child(playground, day):
    return booked_child(playground, day)


def new_signal_url(day, child):
    return reverse("desk:new_signal", args=[day.pk, child.pk])


def admin_url(name, *args):
    return reverse(f"holiday_play_signal:{name}", args=args)


def says(text, response):
    """`text` (an English source string) is on the page, in the page's language."""
    return escape(gettext(text)) in response.text


def refused(response):
    """Wagtail turns a refusal in its admin into a redirect to the dashboard
    (with a message); our own views answer 403; a signal looked up among
    those the user may see is a 404."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def entries(action):
    return ModelLogEntry.objects.filter(action=action)


# Recording from the desk


def test_an_animator_records_a_signal_and_the_audit_entry_has_no_text(client, day, child, animator, playground):
    client.force_login(animator)
    form = client.get(new_signal_url(day, child))
    assert form.status_code == 200
    assert "Mila" in form.text
    assert "Petrova" not in form.text
    assert says("What worries you?", form)
    assert says(
        "Only the social workers read it. The child, the family and the other animators do not see it. "
        "You can find what you sent under “My signals”.",
        form,
    )

    response = client.post(new_signal_url(day, child), {"concern": f"  {CONCERN}  "})

    assert response.status_code == 302
    assert response.url == reverse("desk:my_signals")
    signal = Signal.objects.get()
    assert (signal.child, signal.playground_id, signal.author, signal.concern) == (
        child,
        playground.pk,
        animator,
        CONCERN,
    )
    entry = entries("holiday_play.signal.recorded").get()
    assert (entry.object_id, entry.user_id) == (str(signal.pk), animator.pk)
    assert entry.data == {"child": child.pk, "playground": playground.pk}
    assert "bruises" not in str(entry.data)
    assert "bruises" not in entry.label


def test_the_coordinator_records_a_signal_too(client, day, child, coordinator):
    client.force_login(coordinator)
    assert client.post(new_signal_url(day, child), {"concern": CONCERN}).status_code == 302
    assert Signal.objects.get().author == coordinator


@pytest.mark.parametrize("concern", ["", "   \n ", "x" * (MAX_CONCERN_LENGTH + 1)])
def test_an_empty_or_too_long_concern_is_refused_and_nothing_is_saved(client, day, child, animator, concern):
    client.force_login(animator)
    response = client.post(new_signal_url(day, child), {"concern": concern})
    assert response.status_code == 400
    (message,) = response.context["form"].errors["concern"]
    assert escape(message) in response.text
    if concern.strip():
        assert str(MAX_CONCERN_LENGTH) in message
        assert str(MAX_CONCERN_LENGTH + 1) in message
    assert 'role="alert"' in response.text
    assert not Signal.objects.exists()
    assert not entries("holiday_play.signal.recorded").exists()


def test_a_concern_of_the_maximum_length_is_accepted(child, playground, animator):
    assert len(record_signal(child, playground, "x" * MAX_CONCERN_LENGTH, by=animator).concern) == MAX_CONCERN_LENGTH


def test_a_double_submit_records_one_signal(client, day, child, animator):
    client.force_login(animator)
    first = client.post(new_signal_url(day, child), {"concern": CONCERN})
    second = client.post(new_signal_url(day, child), {"concern": CONCERN})
    assert first.status_code == second.status_code == 302
    assert Signal.objects.count() == 1
    assert entries("holiday_play.signal.recorded").count() == 1


def test_the_same_words_later_are_a_new_signal(child, playground, animator, time_machine):
    record_signal(child, playground, CONCERN, by=animator)
    time_machine.shift(datetime.timedelta(minutes=11))
    record_signal(child, playground, CONCERN, by=animator)
    assert Signal.objects.count() == 2


def test_another_concern_about_the_same_child_is_a_new_signal(child, playground, animator):
    record_signal(child, playground, CONCERN, by=animator)
    record_signal(child, playground, "She said she had not eaten since yesterday.", by=animator)
    assert Signal.objects.count() == 2


def test_the_service_refuses_an_empty_concern_with_its_code(child, playground, animator):
    with pytest.raises(SignalError) as excinfo:
        record_signal(child, playground, " ", by=animator)
    assert excinfo.value.code == "empty"
    assert not Signal.objects.exists()


def test_signed_out_goes_to_the_desk_login(client, day, child):
    for url in (new_signal_url(day, child), reverse("desk:my_signals")):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("desk:login") in response.url


def test_without_the_desk_permission_it_is_a_403(client, day, child, social_worker):
    client.force_login(social_worker)
    assert client.get(new_signal_url(day, child)).status_code == 403
    assert client.post(new_signal_url(day, child), {"concern": CONCERN}).status_code == 403
    assert not Signal.objects.exists()


def test_an_animator_of_another_playground_gets_a_404(client, day, child, home):
    other = PlaygroundPageFactory(animator_team=Group.objects.create(name="Andere animatoren"))
    outsider = UserFactory(roles=["animators"])
    outsider.groups.add(other.animator_team)
    client.force_login(outsider)
    assert client.get(new_signal_url(day, child)).status_code == 404
    assert client.post(new_signal_url(day, child), {"concern": CONCERN}).status_code == 404
    assert not Signal.objects.exists()


def test_a_child_not_booked_that_day_is_a_404(client, playground, day, animator):
    stranger = ChildFactory(household=HouseholdFactory(contact=False))
    other_day = playground.sessions.get(local_date=D(2027, 7, 6))
    booked_other_day = booked_child(playground, other_day, first_name="Noor")
    client.force_login(animator)
    assert client.get(new_signal_url(day, stranger)).status_code == 404
    assert client.get(new_signal_url(day, booked_other_day)).status_code == 404
    assert client.post(new_signal_url(day, stranger), {"concern": CONCERN}).status_code == 404
    assert not Signal.objects.exists()


def test_a_cancelled_booking_is_a_404(client, day, child, animator, coordinator):
    cancel_booking(Booking.objects.get(child=child), by=coordinator, as_coordinator=True)
    client.force_login(animator)
    assert client.get(new_signal_url(day, child)).status_code == 404


def test_a_session_that_is_not_a_play_day_is_a_404(client, child, animator, home):
    from tests.programmes.factories import SessionFactory

    session = SessionFactory()
    client.force_login(animator)
    assert client.get(new_signal_url(session, child)).status_code == 404


# The author's own list


def test_the_author_sees_their_own_signals_and_not_others(client, playground, day, child, animator, coordinator):
    noor = booked_child(playground, day, first_name="Noor")
    record_signal(child, playground, CONCERN, by=animator)
    record_signal(noor, playground, "Noor is afraid of her uncle.", by=coordinator)
    client.force_login(animator)
    response = client.get(reverse("desk:my_signals"))
    assert response.status_code == 200
    assert "Mila" in response.text
    assert "bruises" in response.text
    assert "Noor" not in response.text
    assert "uncle" not in response.text
    assert says("Not yet", response)
    # Reading one's own words is not a logged read.
    assert not entries("holiday_play.signal.viewed").exists()


def test_the_author_sees_that_it_was_followed_up_but_not_the_note(client, child, playground, animator, social_worker):
    signal = record_signal(child, playground, CONCERN, by=animator)
    follow_up(signal, "Called the mother; CLB informed.", by=social_worker)
    client.force_login(animator)
    response = client.get(reverse("desk:my_signals"))
    assert says("Yes", response)
    assert "CLB" not in response.text


# Social workers in the admin


def test_the_social_worker_sees_the_list_without_the_concern(client, playground, child, animator, social_worker):
    record_signal(child, playground, CONCERN, by=animator)
    client.force_login(social_worker)
    response = client.get(admin_url("index"))
    assert response.status_code == 200
    assert "Mila Petrova" in response.text
    assert playground.title in response.text
    assert says("Open", response)
    assert "bruises" not in response.text


def test_the_list_filters_open_and_followed_up(client, playground, day, child, animator, social_worker):
    noor = booked_child(playground, day, first_name="Noor")
    record_signal(child, playground, CONCERN, by=animator)
    follow_up(record_signal(noor, playground, "Noor is hungry.", by=animator), "", by=social_worker)
    client.force_login(social_worker)
    open_list = client.get(admin_url("index") + "?state=open").text
    done_list = client.get(admin_url("index") + "?state=followed_up").text
    assert "Mila Petrova" in open_list
    assert "Noor Petrova" not in open_list
    assert "Noor Petrova" in done_list
    assert "Mila Petrova" not in done_list


def test_every_opening_of_a_signal_is_logged_without_text(client, playground, child, animator, social_worker):
    signal = record_signal(child, playground, CONCERN, by=animator)
    client.force_login(social_worker)
    for _ in range(2):
        response = client.get(admin_url("inspect", signal.pk))
        assert response.status_code == 200
        assert "bruises" in response.text
    reads = entries("holiday_play.signal.viewed").filter(object_id=str(signal.pk))
    assert reads.count() == 2
    assert {(read.user_id, str(read.data)) for read in reads} == {(social_worker.pk, "{}")}


def test_the_social_worker_marks_a_signal_followed_up(client, playground, child, animator, social_worker):
    signal = record_signal(child, playground, CONCERN, by=animator)
    client.force_login(social_worker)
    assert says("Mark as followed up", client.get(admin_url("inspect", signal.pk)))
    assert client.get(admin_url("follow_up", signal.pk)).status_code == 200

    response = client.post(admin_url("follow_up", signal.pk), {"note": "Called the mother; CLB informed."})

    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.followed_up
    assert (signal.followed_up_by, signal.follow_up_note) == (social_worker, "Called the mother; CLB informed.")
    entry = entries("holiday_play.signal.followed_up").get()
    assert (entry.user_id, entry.data) == (social_worker.pk, {"note": True})
    assert not says("Mark as followed up", client.get(admin_url("inspect", signal.pk)))


def test_a_second_follow_up_keeps_the_first(child, playground, animator, social_worker):
    signal = record_signal(child, playground, CONCERN, by=animator)
    follow_up(signal, "First", by=social_worker)
    follow_up(signal, "Second", by=UserFactory(roles=["social_workers"]))
    signal.refresh_from_db()
    assert (signal.follow_up_note, signal.followed_up_by) == ("First", social_worker)
    assert entries("holiday_play.signal.followed_up").count() == 1


def test_a_too_long_note_is_refused(client, child, playground, animator, social_worker):
    signal = record_signal(child, playground, CONCERN, by=animator)
    client.force_login(social_worker)
    response = client.post(admin_url("follow_up", signal.pk), {"note": "x" * (MAX_CONCERN_LENGTH + 1)})
    assert response.status_code == 400
    signal.refresh_from_db()
    assert not signal.followed_up


def test_a_social_worker_without_the_change_permission_cannot_follow_up(client, child, playground, animator):
    reader = UserFactory()
    reader.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_signal")
    )
    signal = record_signal(child, playground, CONCERN, by=animator)
    client.force_login(reader)
    assert client.get(admin_url("inspect", signal.pk)).status_code == 200
    assert refused(client.post(admin_url("follow_up", signal.pk), {"note": "x"}))
    signal.refresh_from_db()
    assert not signal.followed_up


def test_nobody_adds_edits_or_deletes_signals_in_the_admin(client, child, playground, animator, social_worker):
    signal = record_signal(child, playground, CONCERN, by=animator)
    client.force_login(social_worker)
    assert refused(client.get(admin_url("add")))
    assert refused(client.get(admin_url("edit", signal.pk)))
    assert refused(client.post(admin_url("edit", signal.pk), {"concern": "changed"}))
    assert refused(client.post(admin_url("delete", signal.pk)))
    assert refused(client.get(admin_url("usage", signal.pk)))
    assert Signal.objects.get().concern == CONCERN


def test_the_history_shows_who_read_it(client, child, playground, animator, social_worker):
    signal = record_signal(child, playground, CONCERN, by=animator)
    client.force_login(social_worker)
    client.get(admin_url("inspect", signal.pk))
    response = client.get(admin_url("history", signal.pk))
    assert response.status_code == 200
    assert says("Signal read", response)


@pytest.mark.parametrize("who", ["coordinator", "animator"])
def test_coordinators_and_animators_get_no_admin_signals(client, request, playground, child, social_worker, who):
    user = request.getfixturevalue(who)
    signal = SignalFactory(child=child, playground=playground, author=social_worker)
    client.force_login(user)
    for url in (
        admin_url("index"),
        admin_url("inspect", signal.pk),
        admin_url("history", signal.pk),
        admin_url("follow_up", signal.pk),
    ):
        response = client.get(url)
        if who == "animator":
            # No admin access at all: Wagtail sends them to its login.
            assert response.status_code == 302
            assert "/admin/login/" in response.url
        else:
            assert refused(response), url
        assert "bruises" not in response.text
    assert not entries("holiday_play.signal.viewed").exists()


def test_the_menu_shows_signals_only_to_social_workers(client, coordinator, social_worker):
    client.force_login(coordinator)
    assert admin_url("index") not in client.get(reverse("wagtailadmin_home")).text
    client.force_login(social_worker)
    assert admin_url("index") in client.get(reverse("wagtailadmin_home")).text


def test_the_signal_factory_builds(playground):
    signal = SignalFactory(playground=playground)
    assert signal.child.is_child
    assert not signal.followed_up


def test_the_concern_is_shown_as_text_not_html(client, child, playground, animator, social_worker):
    signal = record_signal(child, playground, "<script>alert(1)</script>\nSecond line", by=animator)
    client.force_login(social_worker)
    response = client.get(admin_url("inspect", signal.pk))
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Second line" in response.text
    client.force_login(animator)
    assert "<script>alert(1)" not in client.get(reverse("desk:my_signals")).text
