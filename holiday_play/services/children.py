"""What a family tells the playground about a child when it books.

Stored as told, nothing checked (no UiTPAS call, no medical judgement). The
first booking makes the profile; a form sent twice, or a later booking, finds
it there and leaves it alone: changes go through a coordinator.
"""

from django.utils.translation import gettext as _

from holiday_play.models import ChildContact, ChildProfile

PROFILE_FIELDS = ("allergies", "diet", "medical_notes", "photo_consent", "may_go_home_alone")


def profile_from_booking(child, household, *, details, uitpas_number, social_tariff, pickup=None):
    """The child's profile with the parent as emergency contact and, when the
    family names one, someone else who may pick the child up. `details` holds
    PROFILE_FIELDS; `pickup` is (name, relationship, phone) or None."""
    profile, created = ChildProfile.objects.get_or_create(
        child=child,
        defaults={
            **{field: details[field] for field in PROFILE_FIELDS},
            "uitpas_number": uitpas_number,
            "social_tariff": social_tariff,
        },
    )
    if not created:
        return profile
    ChildContact.objects.create(
        profile=profile, name=household.contact_name, relationship=_("parent"), phone=household.phone, emergency=True
    )
    if pickup:
        name, relationship, phone = pickup
        ChildContact.objects.create(
            profile=profile, name=name, relationship=relationship or _("family friend"), phone=phone
        )
    return profile
