"""Who sees what of a child at a playground. Coordinators are those who may
edit the playground's page (Wagtail page permissions, as in programmes);
medical notes are for them and for users with the explicit
`holiday_play.view_medical` permission. Every read of medical notes is
audit-logged (`medical_notes_viewed`)."""

from programmes import audit
from programmes.permissions import may_coordinate

MEDICAL_PERMISSION = "holiday_play.view_medical"


def may_see_medical(user, playground):
    return user.is_active and (user.has_perm(MEDICAL_PERMISSION) or may_coordinate(user, playground))


def medical_notes_viewed(profile, *, by):
    audit.log_read(profile, "holiday_play.child_profile.medical_viewed", by=by)
