"""Uploads: documents only through Wagtail's serve view with its privacy
checks, no originals straight from the media folder, no SVG, and no shared
passwords for pages or collections."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.admin.forms.collections import CollectionViewRestrictionForm
from wagtail.admin.forms.pages import PageViewRestrictionForm
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.website.factories import UserFactory

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


def document(collection=None, name="huisreglement.pdf"):
    Document = get_document_model()
    doc = Document(title="Huisreglement", collection=collection or Collection.get_first_root_node())
    doc.file.save(name, ContentFile(b"%PDF-1.4 reglement"), save=False)
    doc.save()
    return doc


@pytest.fixture(autouse=True)
def media_folder(settings, tmp_path):
    """Files on disk, as in production (the test settings keep them in memory,
    which Wagtail's serve view cannot send)."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture
def superuser():
    return UserFactory(username="beheer", is_superuser=True, is_staff=True)


def test_a_public_document_is_served_as_a_download_that_cannot_run_anything(client):
    doc = document()
    response = client.get(doc.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 reglement"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_document_in_a_private_collection_needs_a_signed_in_user(client):
    private = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    doc = document(private)

    response = client.get(doc.url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('desk:login')}?next={doc.url}"

    client.force_login(UserFactory())
    assert client.get(doc.url).status_code == 200


def test_a_document_in_a_collection_for_a_group_is_refused_to_others(client):
    team = Group.objects.create(name="Sociale dienst")
    private = Collection.get_first_root_node().add_child(name="Sociale dienst")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(team)
    doc = document(private)

    client.force_login(UserFactory(username="buitenstaander"))
    response = client.get(doc.url)
    assert response.status_code in (302, 403)
    assert not hasattr(response, "streaming_content")

    member = UserFactory(username="maatschappelijk-werker")
    member.groups.add(team)
    client.force_login(member)
    assert client.get(doc.url).status_code == 200


def test_a_document_address_with_another_file_name_is_not_found(client):
    doc = document()
    assert client.get(f"/documents/{doc.pk}/andere-naam.pdf").status_code == 404
    assert client.get("/documents/999999/huisreglement.pdf").status_code == 404


def test_originals_are_never_served_from_the_media_folder(client, tmp_path):
    doc = document()
    assert (tmp_path / doc.file.name).exists()
    assert client.get(f"/media/{doc.file.name}").status_code == 404
    assert client.get("/media/original_images/foto.jpg").status_code == 404


def test_an_svg_image_is_refused_in_the_admin(client, superuser):
    client.force_login(superuser)
    upload = SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml")
    response = client.post(reverse("wagtailimages:add"), {"title": "Logo", "file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.exists()


def test_an_svg_document_is_refused_in_the_admin(client, superuser):
    client.force_login(superuser)
    upload = SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml")
    response = client.post(reverse("wagtaildocs:add"), {"title": "Logo", "file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_document_model().objects.exists()


def test_pages_and_collections_cannot_be_shared_with_a_password():
    page_form = PageViewRestrictionForm(
        private_page_options=[PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN, PageViewRestriction.GROUPS]
    )
    assert "password" not in page_form.fields
    assert PageViewRestriction.PASSWORD not in dict(page_form.fields["restriction_type"].choices)

    collection_form = CollectionViewRestrictionForm()
    assert "password" not in collection_form.fields
    assert CollectionViewRestriction.PASSWORD not in dict(collection_form.fields["restriction_type"].choices)


def test_the_document_password_form_is_not_served(client):
    assert client.get("/documents/authenticate_with_password/1/").status_code == 404


def test_wagtails_own_sign_in_page_sends_to_the_throttled_desk_sign_in(client):
    response = client.get("/_util/login/?next=/documents/1/huisreglement.pdf")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('desk:login')}?next=/documents/1/huisreglement.pdf"
    assert client.post("/_util/login/", {"username": "x", "password": "y"}).status_code != 200
