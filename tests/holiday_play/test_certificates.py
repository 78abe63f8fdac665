"""Yearly certificates per child: the fiscal certificate for childcare costs
(days present and paid before the 14th birthday, at most four periods each)
and the health insurer's (every day present and paid); printable one child
at a time or all at once, by the playground's coordinators only, logged."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.users.models import UserProfile

from holiday_play.certificate_hooks import register_certificates_menu_item
from holiday_play.certificates import certificates_for_year
from holiday_play.models import ChildProfile
from tests.holiday_play.certificate_factories import ABSENT, UNMARKED, booked_day, child
from tests.holiday_play.factories import HolidayPeriodFactory, PlaygroundPageFactory, PlaygroundSettingsFactory
from tests.programmes.factories import BRUSSELS
from tests.website.factories import UserFactory, may_edit
from website.models.settings import validate_enterprise_number

D = datetime.date
pytestmark = pytest.mark.django_db
YEAR = 2027


@pytest.fixture(autouse=True)
def january(time_machine):
    # Certificates for 2027 go out in January 2028.
    time_machine.move_to(datetime.datetime(2028, 1, 20, 10, 0, tzinfo=BRUSSELS), tick=False)


@pytest.fixture
def organisation(organisation):
    organisation.enterprise_number = "0212.345.668"
    organisation.save()
    return organisation


@pytest.fixture
def playground(home, organisation):
    krokus = HolidayPeriodFactory(name="Krokusvakantie", first_day=D(2027, 2, 15), last_day=D(2027, 2, 21))
    zomer = HolidayPeriodFactory(name="Zomervakantie", first_day=D(2027, 7, 1), last_day=D(2027, 8, 31))
    return PlaygroundPageFactory(periods=[krokus, zomer])


def in_english(user):
    """The admin in English for `user`: the tests read the English source texts."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def coordinator(playground):
    return in_english(may_edit(UserFactory(roles=["coordinators"]), playground))


@pytest.fixture
def mila(playground):
    """Present and paid on five days, present but unpaid on one, absent (paid)
    on two, over two school holidays; one summer day at the social tariff."""
    kid = child(D(2019, 5, 14), "Mila", "Yılmaz", contact_name="Ayşe Yılmaz", postcode="2800")
    for day in (D(2027, 2, 15), D(2027, 2, 16), D(2027, 2, 17)):
        booked_day(playground, kid, day)
    booked_day(playground, kid, D(2027, 2, 18), paid=False)
    booked_day(playground, kid, D(2027, 2, 19), attendance=ABSENT)
    booked_day(playground, kid, D(2027, 7, 5))
    booked_day(playground, kid, D(2027, 7, 6))
    booked_day(playground, kid, D(2027, 7, 7), price="2.00")
    booked_day(playground, kid, D(2027, 7, 8), attendance=UNMARKED)
    # A cancelled booking never counts, even with a stray mark.
    booked_day(playground, kid, D(2027, 7, 9), status="cancelled")
    # Another year's day is on another year's certificate.
    booked_day(playground, kid, D(2026, 8, 3))
    return kid


def certificates_of(playground, kid):
    return next(item for item in certificates_for_year(playground, YEAR) if item.child == kid)


def lines(certificate):
    return [(p.name, p.first, p.last, p.count, p.daily_rate, p.amount) for p in certificate.periods]


def test_the_fiscal_certificate_counts_days_present_and_paid_per_period_and_rate(playground, mila):
    item = certificates_of(playground, mila)
    assert (item.booked, item.attended, item.paid, item.unpaid) == (9, 7, 6, 1)
    assert len(item.fiscal) == 1
    assert lines(item.fiscal[0]) == [
        ("Krokusvakantie", D(2027, 2, 15), D(2027, 2, 17), 3, Decimal("6.00"), Decimal("18.00")),
        ("Zomervakantie", D(2027, 7, 5), D(2027, 7, 6), 2, Decimal("6.00"), Decimal("12.00")),
        ("Zomervakantie", D(2027, 7, 7), D(2027, 7, 7), 1, Decimal("2.00"), Decimal("2.00")),
    ]
    assert (item.fiscal[0].days, item.fiscal[0].amount) == (6, Decimal("32.00"))


def test_the_health_certificate_counts_the_same_days_per_school_holiday(playground, mila):
    item = certificates_of(playground, mila)
    assert [(p.name, p.count, p.amount) for p in item.health_periods] == [
        ("Krokusvakantie", 3, Decimal("18.00")),
        ("Zomervakantie", 3, Decimal("14.00")),
    ]
    assert (item.health_days, item.health_amount) == (6, Decimal("32.00"))


def test_the_printed_certificates_show_the_days_rates_and_amounts(client, coordinator, playground, mila):
    client.force_login(coordinator)
    response = client.get(reverse("holiday_play_certificates:print_child", args=[playground.pk, YEAR, mila.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    fiscal, health = html.split('class="certificate certificate--health"')
    assert "Certificate for childcare costs" in fiscal
    rows = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r'<tr class="fiscal-period">(.*?)</tr>', fiscal, re.S)
    ]
    assert rows == [
        "Krokusvakantie 15/02/2027 17/02/2027 3 € 6.00 € 18.00",
        "Zomervakantie 05/07/2027 06/07/2027 2 € 6.00 € 12.00",
        "Zomervakantie 07/07/2027 07/07/2027 1 € 2.00 € 2.00",
    ]
    for text in ("Sociaal Huis Kansen", "Kerkstraat 12", "0212.345.668", "Ayşe Yılmaz", "2800", "14/05/2019"):
        assert text in fiscal
    assert "€ 32.00" in fiscal
    assert "18/02" not in health
    assert "19/02" not in health
    assert "15/02, 16/02, 17/02" in health
    assert "05/07, 06/07, 07/07" in health
    assert re.search(r'class="number health-days">6<', health)
    assert "€ 32.00" in health


def test_days_from_the_14th_birthday_are_only_on_the_health_certificate(playground):
    kid = child(D(2013, 7, 7), "Youssef")
    for day in (D(2027, 7, 5), D(2027, 7, 6), D(2027, 7, 7), D(2027, 7, 8)):
        booked_day(playground, kid, day)
    item = certificates_of(playground, kid)
    assert [(p.first, p.last, p.count) for p in item.fiscal[0].periods] == [(D(2027, 7, 5), D(2027, 7, 6), 2)]
    assert (item.health_days, item.health_amount) == (4, Decimal("24.00"))


def test_a_child_14_all_year_gets_only_the_health_certificate(client, coordinator, playground):
    kid = child(D(2012, 1, 1), "Noor")
    booked_day(playground, kid, D(2027, 7, 5))
    client.force_login(coordinator)
    html = client.get(
        reverse("holiday_play_certificates:print_child", args=[playground.pk, YEAR, kid.pk])
    ).content.decode()
    assert "certificate--fiscal" not in html
    assert "certificate--health" in html


def test_more_than_four_periods_make_a_second_fiscal_certificate(client, coordinator, playground):
    kid = child(D(2018, 3, 1), "Daria")
    # Two school holidays and three months with play days outside them: five periods.
    for day in (D(2027, 2, 15), D(2027, 3, 10), D(2027, 5, 12), D(2027, 7, 5), D(2027, 10, 6)):
        booked_day(playground, kid, day)
    with translation.override("en"):
        item = certificates_of(playground, kid)
    assert [(c.number, c.of, len(c.periods)) for c in item.fiscal] == [(1, 2, 4), (2, 2, 1)]
    assert [p.name for c in item.fiscal for p in c.periods] == [
        "Krokusvakantie",
        "March 2027",
        "May 2027",
        "Zomervakantie",
        "October 2027",
    ]
    client.force_login(coordinator)
    html = client.get(
        reverse("holiday_play_certificates:print_child", args=[playground.pk, YEAR, kid.pk])
    ).content.decode()
    assert html.count("certificate--fiscal") == 2
    assert "certificate 2 of 2" in html


@pytest.fixture
def numbered(mila):
    ChildProfile.objects.create(child=mila, national_number="19.05.14-123.45")
    return mila


def test_national_numbers_are_blank_lines_by_default(client, coordinator, playground, numbered):
    client.force_login(coordinator)
    html = client.get(
        reverse("holiday_play_certificates:print_child", args=[playground.pk, YEAR, numbered.pk])
    ).content.decode()
    assert "19.05.14-123.45" not in html
    # The debtor's and the child's number: lines to write on.
    assert html.count('class="fill-in fill-in--short national-number"') == 2


def test_a_stored_national_number_is_printed_when_the_organisation_keeps_them(
    client, coordinator, playground, numbered
):
    PlaygroundSettingsFactory(store_national_numbers=True)
    client.force_login(coordinator)
    html = client.get(
        reverse("holiday_play_certificates:print_child", args=[playground.pk, YEAR, numbered.pk])
    ).content.decode()
    assert "19.05.14-123.45" in html
    # The debtor's number is never stored: still a line.
    assert html.count('class="fill-in fill-in--short national-number"') == 1


def test_the_number_is_not_even_read_when_the_organisation_does_not_keep_them(playground, numbered):
    assert certificates_of(playground, numbered).national_number == ""
    PlaygroundSettingsFactory(store_national_numbers=True)
    assert certificates_of(playground, numbered).national_number == "19.05.14-123.45"


def fiscal_of(client, coordinator, playground, kid):
    client.force_login(coordinator)
    html = client.get(
        reverse("holiday_play_certificates:print_child", args=[playground.pk, YEAR, kid.pk])
    ).content.decode()
    return html.split('class="certificate certificate--health"')[0]


def debtor(fiscal):
    section = fiscal.split("II. The person who paid (debtor)")[1].split("III. The child")[0]
    return re.sub(r"\s+", " ", section)


def test_the_fiscal_certificate_names_the_debtor_with_the_address(client, coordinator, playground, mila):
    mila.household.street = "Adegemstraat 14 bus 2"
    mila.household.city = "Mechelen"
    mila.household.save()
    section = debtor(fiscal_of(client, coordinator, playground, mila))
    for text in ("Ayşe Yılmaz", "Adegemstraat 14 bus 2", "2800", "Mechelen"):
        assert text in section
    # Only the debtor's national register number is left to write.
    assert section.count('class="fill-in') == 1


def test_without_an_address_the_certificate_has_lines_to_fill_in(client, coordinator, playground):
    kid = child(D(2019, 5, 14), "Mila", "Yılmaz", contact_name="Ayşe Yılmaz", postcode="", street="", city="")
    booked_day(playground, kid, D(2027, 7, 5))
    section = debtor(fiscal_of(client, coordinator, playground, kid))
    assert "Ayşe Yılmaz" in section
    # Street, postcode, city and the national register number.
    assert section.count('class="fill-in') == 4
    assert section.count('aria-label="to fill in by hand"') == 4


def test_a_day_only_on_the_waiting_list_is_not_on_the_certificates(client, coordinator, playground, mila):
    # A stray "present" mark on a day the child only waited for changes nothing.
    booked_day(playground, mila, D(2027, 7, 12), status="waiting")
    item = certificates_of(playground, mila)
    assert (item.booked, item.attended, item.paid) == (9, 7, 6)
    assert D(2027, 7, 12) not in [day.day for period in item.health_periods for day in period.days]
    client.force_login(coordinator)
    response = client.get(reverse("holiday_play_certificates:index"), {"playground": playground.pk, "year": YEAR})
    assert [item.booked for item, url in response.context["children"]] == [9]
    assert (
        "12/07"
        not in client.get(
            reverse("holiday_play_certificates:print_child", args=[playground.pk, YEAR, mila.pk])
        ).content.decode()
    )


def test_the_list_shows_each_childs_days(client, coordinator, playground, mila):
    client.force_login(coordinator)
    response = client.get(reverse("holiday_play_certificates:index"), {"playground": playground.pk, "year": YEAR})
    assert response.status_code == 200
    assert [(item.booked, item.attended, item.paid) for item, url in response.context["children"]] == [(9, 7, 6)]
    assert reverse("holiday_play_certificates:print_child", args=[playground.pk, YEAR, mila.pk]) in (
        response.content.decode()
    )


@pytest.mark.parametrize("year", ["1999", "2029", "twenty"])
def test_a_year_without_certificates_is_a_clear_400(client, coordinator, playground, year):
    client.force_login(coordinator)
    response = client.get(reverse("holiday_play_certificates:index"), {"playground": playground.pk, "year": year})
    assert response.status_code == 400
    assert response.context["form"].errors["year"]
    assert response.context.get("playground") is None


def test_a_printed_year_out_of_range_is_a_400(client, coordinator, playground):
    client.force_login(coordinator)
    response = client.get(reverse("holiday_play_certificates:print_all", args=[playground.pk, 1999]))
    assert response.status_code == 400
    assert "Choose a year from 2000 to 2028." in response.content.decode()


def urls(playground, kid):
    return [
        reverse("holiday_play_certificates:index") + f"?playground={playground.pk}&year={YEAR}",
        reverse("holiday_play_certificates:print_all", args=[playground.pk, YEAR]),
        reverse("holiday_play_certificates:print_child", args=[playground.pk, YEAR, kid.pk]),
    ]


def test_anonymous_users_are_sent_to_the_login(client, playground, mila):
    for url in urls(playground, mila):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_user_coordinating_no_playground_is_refused(client, playground, mila):
    client.force_login(UserFactory(roles=["coordinators"]))
    for url in [reverse("holiday_play_certificates:index"), *urls(playground, mila)[1:]]:
        assert client.get(url).status_code == 403
    assert not ModelLogEntry.objects.filter(action__startswith="holiday_play.certificate").exists()


def test_the_coordinator_of_another_playground_is_refused(client, playground, mila):
    other = PlaygroundPageFactory()
    client.force_login(may_edit(UserFactory(roles=["coordinators"]), other))
    index, print_all, print_child = urls(playground, mila)
    assert client.get(index).status_code == 404
    assert client.get(print_all).status_code == 403
    assert client.get(print_child).status_code == 403
    assert client.get(reverse("holiday_play_certificates:index")).status_code == 200


def test_unknown_playgrounds_and_children_are_404(client, coordinator, playground, mila):
    client.force_login(coordinator)
    assert client.get(reverse("holiday_play_certificates:print_all", args=[999999, YEAR])).status_code == 404
    stranger = child(D(2019, 1, 1), "Lucas")
    assert (
        client.get(
            reverse("holiday_play_certificates:print_child", args=[playground.pk, YEAR, stranger.pk])
        ).status_code
        == 404
    )


def test_only_coordinators_see_the_menu_item(playground):
    item = register_certificates_menu_item()
    request = RequestFactory().get("/admin/")
    for role in ("social_workers", "editors", "animators"):
        request.user = UserFactory(roles=[role])
        assert not item.is_shown(request)
    request.user = UserFactory(roles=["coordinators"])
    assert item.is_shown(request)


def test_printing_a_childs_certificates_is_logged_without_personal_data(client, coordinator, playground, mila):
    client.force_login(coordinator)
    client.get(reverse("holiday_play_certificates:print_child", args=[playground.pk, YEAR, mila.pk]))
    entry = ModelLogEntry.objects.get(action="holiday_play.certificate.printed")
    assert (entry.user, entry.object_id, entry.data) == (coordinator, str(mila.pk), {})


def test_printing_all_certificates_is_logged_on_the_playground(client, coordinator, playground, mila):
    client.force_login(coordinator)
    client.get(reverse("holiday_play_certificates:print_all", args=[playground.pk, YEAR]))
    entry = PageLogEntry.objects.get(action="holiday_play.certificates.printed")
    assert (entry.user, entry.page_id, entry.data) == (coordinator, playground.pk, {})


def test_the_bulk_page_has_every_certificate_on_its_own_sheet_in_few_queries(
    client, coordinator, playground, mila, django_assert_max_num_queries
):
    for n in range(6):
        kid = child(D(2017, 1, 1 + n), f"Kind {n}")
        profile = ChildProfile.objects.create(child=kid, national_number="")
        assert profile
        for day in (D(2027, 2, 15), D(2027, 7, 5), D(2027, 7, 6)):
            booked_day(playground, kid, day)
    booked_day(playground, child(D(2017, 2, 2), "Niet betaald"), D(2027, 7, 5), paid=False)
    client.force_login(coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("holiday_play_certificates:print_all", args=[playground.pk, YEAR]))
    html = response.content.decode()
    # Seven children with paid days present: one fiscal and one health certificate each.
    assert html.count('<article class="certificate ') == 14
    assert "Niet betaald" not in html
    assert "break-after: page" in html


@pytest.mark.parametrize(
    ("number", "valid"),
    [("0212.345.668", True), ("0212345668", True), ("0212.345.678", False), ("212.345.668", False), ("", False)],
)
def test_the_enterprise_number_is_ten_digits_with_a_valid_check(number, valid):
    if valid:
        validate_enterprise_number(number)
    else:
        with pytest.raises(ValidationError):
            validate_enterprise_number(number)
