"""Parents book play days on the playground's page without an account, see
them on their own page and cancel them until noon the day before."""

import datetime
import re

import pytest

from holiday_play.models import Booking, ChildProfile
from holiday_play.services.bookings import cancel_booking
from programmes.manage_links import manage_url
from programmes.models import Household
from programmes.services.scheduling import regenerate_sessions
from tests.conftest import translate
from tests.holiday_play.factories import HolidayPeriodFactory, PlaygroundPageFactory
from tests.programmes.factories import BRUSSELS, ChildFactory, HouseholdFactory

D = datetime.date
pytestmark = pytest.mark.django_db
MONDAY = D(2027, 7, 5)


@pytest.fixture(autouse=True)
def june(time_machine):
    time_machine.move_to(datetime.datetime(2027, 6, 15, 10, 0, tzinfo=BRUSSELS), tick=False)


@pytest.fixture
def playground(home):
    page = PlaygroundPageFactory(periods=[HolidayPeriodFactory()])
    regenerate_sessions(page, today=D(2027, 6, 1), horizon_days=120)
    return page


def book_url(playground):
    return playground.url + "register/"


def day(playground, date):
    return playground.sessions.get(local_date=date)


def form_data(playground, **extra):
    data = {
        "first_name": "Sara",
        "last_name": "Janssens",
        "email": "sara@example.be",
        "phone": "",
        "postcode": "9000",
        "language": "nl",
        "consent": "on",
        "meal": "on",
        "child-TOTAL_FORMS": "2",
        "child-INITIAL_FORMS": "0",
        "child-MIN_NUM_FORMS": "0",
        "child-MAX_NUM_FORMS": "6",
        "child-0-first_name": "Lotte",
        "child-0-birth_date": "2020-03-01",
        "child-0-allergies": "Noten",
        "child-0-medical_notes": "Astma, puffer voor het sporten",
        "child-0-photo_consent": "on",
        "child-1-first_name": "Mats",
        "child-1-birth_date": "2022-11-20",
        "days": [day(playground, MONDAY).pk, day(playground, MONDAY + datetime.timedelta(days=2)).pk],
        "idempotency_key": "k" * 32,
    }
    data.update(extra)
    return data


def test_the_page_offers_booking_and_the_form_lists_the_days_by_week(client, playground):
    assert "register/" in client.get(playground.url).content.decode()
    response = client.get(book_url(playground))
    html = response.content.decode()
    assert response.status_code == 200
    assert "maandag 5 juli" in html
    assert 'name="weeks" value="2027-07-05"' in html


def test_a_parent_books_two_days_for_two_children(client, playground, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(book_url(playground), form_data(playground))
    assert response.status_code == 302
    assert "registered=1" in response.url
    bookings = Booking.objects.order_by("play_day__starts_at", "child__first_name")
    assert [(b.child.first_name, b.play_day.local_date.day, b.age_group.name, b.status) for b in bookings] == [
        ("Lotte", 5, "Middengroep", "confirmed"),
        ("Mats", 5, "Kleuters", "confirmed"),
        ("Lotte", 7, "Middengroep", "confirmed"),
        ("Mats", 7, "Kleuters", "confirmed"),
    ]
    profile = ChildProfile.objects.get(child__first_name="Lotte")
    assert (profile.allergies, profile.medical_notes, profile.photo_consent, profile.may_go_home_alone) == (
        "Noten",
        "Astma, puffer voor het sporten",
        True,
        False,
    )
    assert [contact.name for contact in profile.contacts.all()] == ["Sara Janssens"]
    assert len(mailoutbox) == 1
    assert "Lotte" in mailoutbox[0].body
    assert "Mats" in mailoutbox[0].body
    page = client.get(response.url).content.decode()
    assert 'id="play-days-title"' in page
    assert page.count("Lotte") >= 2


def test_a_whole_week_books_every_play_day_of_that_week(client, playground):
    data = form_data(playground, days=[], weeks=["2027-07-05"])
    data["child-1-first_name"] = data["child-1-birth_date"] = ""
    assert client.post(book_url(playground), data).status_code == 302
    assert sorted(Booking.objects.values_list("play_day__local_date", flat=True)) == [
        D(2027, 7, d) for d in range(5, 10)
    ]


def test_the_social_tariff_and_no_meal(client, playground):
    client.post(
        book_url(playground), form_data(playground, social_tariff="on", meal="", uitpas_number="1234 5678 90123")
    )
    assert set(Booking.objects.values_list("tariff", "price", "meal")) == {("social", 2, False)}
    assert ChildProfile.objects.first().uitpas_number == "1234567890123"


def test_the_address_for_the_tax_certificate_is_kept_with_the_household(client, playground):
    data = form_data(playground, street="Kerkstraat 12 bus 3", postcode="2800", city="Mechelen")
    assert client.post(book_url(playground), data).status_code == 302
    household = Household.objects.get()
    assert (household.street, household.postcode, household.city) == ("Kerkstraat 12 bus 3", "2800", "Mechelen")


def test_the_address_is_optional(client, playground):
    assert client.post(book_url(playground), form_data(playground)).status_code == 302
    assert Household.objects.get().street == ""


def test_a_form_sent_twice_books_once(client, playground, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(book_url(playground), form_data(playground))
        client.post(book_url(playground), form_data(playground))
    assert Booking.objects.count() == 4
    assert Household.objects.count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"days": []}, "Choose at least one day"),
        ({"days": ["999999"]}, "can no longer be booked"),
        ({"days": ["abc"]}, "can no longer be booked"),
        (
            {"child-0-first_name": "", "child-1-first_name": "", "child-0-birth_date": "", "child-1-birth_date": ""},
            "Add at least one child",
        ),
        ({"child-0-birth_date": "2008-01-01"}, "too young or too old"),
        ({"child-0-birth_date": "01/13/2020"}, "Enter a date"),
        ({"child-0-birth_date": "2099-01-01"}, "cannot be in the future"),
        ({"child-0-allergies": "x" * 501}, "at most 500"),
        ({"child-0-medical_notes": "x" * 1001}, "at most 1000"),
        ({"street": "Kerkstraat " + "1" * 120}, "at most 120"),
        ({"city": "x" * 81}, "at most 80"),
        ({"email": "", "phone": ""}, "phone number or an e-mail"),
        ({"consent": ""}, "agree"),
        ({"uitpas_number": "12ab"}, "13 digits"),
        ({"pickup_name": "Oma Rita"}, "phone number of the person"),
        ({"weeks": ["2027-01-04"]}, "Select a valid choice"),
    ],
)
def test_bad_input_is_explained_and_books_nothing(client, home, playground, change, message):
    index = playground.get_parent()
    english_index = translate(index, home.translations["en"], "en", title="Activities", slug="activities")
    english = translate(playground, english_index, "en", title="Playground", slug="playground", price=6, intro="Play.")
    response = client.post(book_url(english), form_data(playground, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Booking.objects.exists()
    assert not Household.objects.exists()


def test_another_playgrounds_day_cannot_be_booked(client, playground):
    other = PlaygroundPageFactory(periods=[HolidayPeriodFactory()])
    regenerate_sessions(other, today=D(2027, 6, 1), horizon_days=120)
    response = client.post(book_url(playground), form_data(playground, days=[day(other, MONDAY).pk]))
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_booking_opens_on_its_date(client, playground):
    playground.bookings_open_on = D(2027, 6, 20)
    playground.save()
    response = client.get(book_url(playground))
    assert "20 juni" in response.content.decode()
    assert 'name="days"' not in response.content.decode()
    assert client.post(book_url(playground), form_data(playground)).status_code == 400
    assert not Booking.objects.exists()


def test_the_family_cancels_a_day_until_noon_the_day_before(client, playground, time_machine):
    client.post(book_url(playground), form_data(playground))
    household = Household.objects.get()
    token = manage_url(household).rstrip("/").split("/")[-1]
    monday = Booking.objects.filter(play_day__local_date=MONDAY).first()
    response = client.post(f"/registrations/{token}/play-days/{monday.pk}/cancel/")
    assert response.status_code == 302
    monday.refresh_from_db()
    assert monday.status == "cancelled"
    # Wednesday: too late on Tuesday afternoon.
    time_machine.move_to(datetime.datetime(2027, 7, 6, 12, 30, tzinfo=BRUSSELS), tick=False)
    wednesday = Booking.objects.filter(play_day__local_date=MONDAY + datetime.timedelta(days=2)).first()
    client.post(f"/registrations/{token}/play-days/{wednesday.pk}/cancel/")
    wednesday.refresh_from_db()
    assert wednesday.status == "confirmed"
    assert "Too late to cancel here" in client.get("/en" + manage_url(household)).content.decode()


def test_someone_elses_booking_or_a_bad_link_changes_nothing(client, playground):
    client.post(book_url(playground), form_data(playground))
    booking = Booking.objects.first()
    stranger = HouseholdFactory()
    token = manage_url(stranger).rstrip("/").split("/")[-1]
    assert client.post(f"/registrations/{token}/play-days/{booking.pk}/cancel/").status_code == 404
    assert client.post(f"/registrations/nonsense/play-days/{booking.pk}/cancel/").status_code == 403
    own = manage_url(booking.child.household).rstrip("/").split("/")[-1]
    assert client.get(f"/registrations/{own}/play-days/{booking.pk}/cancel/").status_code == 405
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_a_child_moving_up_from_the_waiting_list_gets_a_mail(
    playground, mailoutbox, django_capture_on_commit_callbacks
):
    toddlers = playground.age_groups.get(name="Kleuters")
    toddlers.capacity = 1
    toddlers.save()
    from holiday_play.services.bookings import book_day

    first = book_day(playground, day(playground, MONDAY), ChildFactory(birth_date=D(2023, 1, 1)))
    household = HouseholdFactory(email="papa@example.be")
    waiting = book_day(playground, day(playground, MONDAY), ChildFactory(birth_date=D(2023, 2, 1), household=household))
    assert waiting.status == "waiting"
    with django_capture_on_commit_callbacks(execute=True):
        cancel_booking(first)
    assert [message.to for message in mailoutbox] == [["papa@example.be"]]
    assert re.search(r"maandag 5 juli", mailoutbox[0].body)


def test_the_form_and_the_familys_page_take_a_fixed_number_of_queries(
    client, playground, django_assert_max_num_queries
):
    client.post(book_url(playground), form_data(playground, days=[], weeks=["2027-07-05", "2027-07-12"]))
    household = Household.objects.get()
    assert Booking.objects.count() == 20
    with django_assert_max_num_queries(30):
        assert client.get(book_url(playground)).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(manage_url(household)).status_code == 200
