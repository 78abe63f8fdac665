import pytest
from django.core.exceptions import ValidationError

from tests.website.factories import OrganisationSettingsFactory


def test_organisation_needs_a_phone_or_an_email(home):
    setting = OrganisationSettingsFactory.build(phone="", email="")
    with pytest.raises(ValidationError) as excinfo:
        setting.full_clean()
    assert "phone" in excinfo.value.message_dict


@pytest.mark.parametrize("postcode", ["123", "0123", "28000", "abcd"])
def test_postcode_must_be_belgian(home, postcode):
    with pytest.raises(ValidationError) as excinfo:
        OrganisationSettingsFactory.build(postcode=postcode).full_clean()
    assert "postcode" in excinfo.value.message_dict


def test_postcode_and_city_come_together(home):
    with pytest.raises(ValidationError) as excinfo:
        OrganisationSettingsFactory.build(city="").full_clean()
    assert "city" in excinfo.value.message_dict


def test_footer_shows_the_organisation_and_its_privacy_page(client, home, info_page, organisation):
    organisation.privacy_page = info_page
    organisation.save()
    html = client.get("/fr/").content.decode()
    assert "Kerkstraat 12" in html
    assert 'href="tel:015123456"' in html
    assert 'href="/fr/service-social/"' in html
