from tests.website.factories import OrganisationSettingsFactory, StandardPageFactory, UserFactory


def test_user_factory_builds_with_roles(db):
    user = UserFactory(roles=["coordinators"])
    assert user.groups.get().name == "Coordinators"
    assert user.check_password("kansen-test")


def test_page_factories_build_a_published_tree(home):
    page = StandardPageFactory(parent=home)
    assert page.get_parent().specific == home
    assert page.live


def test_organisation_settings_factory_builds_a_valid_setting(home):
    setting = OrganisationSettingsFactory()
    setting.full_clean()
    assert setting.site.root_page_id == home.pk
