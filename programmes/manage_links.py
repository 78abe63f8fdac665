"""The signed link with which a household manages its registrations.

Signed with the SECRET_KEY under a salt of its own, so that no other signed
value of the site (a password reset, a session cookie) works as one. It
expires after MAX_AGE; a new one is sent to the household's e-mail on request.
Nothing is stored: the link is the proof.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

SALT = "programmes.manage-registrations"
MAX_AGE = datetime.timedelta(days=30)


def make_token(household):
    return signing.dumps({"household": household.pk}, salt=SALT, compress=True)


def household_id_for(token):
    """The household's id, or None when the token is expired, tampered or for something else."""
    if not token or len(token) > 200:
        return None
    try:
        value = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    household = value.get("household") if isinstance(value, dict) else None
    return household if isinstance(household, int) else None


def manage_url(household, *, absolute=False):
    """The manage page in the household's language."""
    with translation.override(household.language):
        path = reverse("manage_registrations", kwargs={"token": make_token(household)})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path if absolute else path
