from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HolidayPlayConfig(AppConfig):
    name = "holiday_play"
    verbose_name = _("Holiday playgrounds")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from holiday_play import holidays, receivers
        from holiday_play.models import HolidayPeriod
        from holiday_play.services.retention import erase_child_data_rule
        from holiday_play.views.booking import manage_section
        from programmes import audit, manage_sections, retention
        from programmes.holidays import register_provider

        register_provider(holidays.school_holidays)
        manage_sections.register(manage_section)
        retention.register(
            "holiday_play: children's sensitive data after the holidays",
            erase_child_data_rule,
            fields=child_data_fields(),
        )
        audit.register_subjects(child_data)
        from holiday_play import erasure as playground_erasure
        from programmes import erasure

        erasure.register(
            "holiday_play",
            playground_erasure.erase,
            subjects=playground_erasure.subjects,
            sessions=playground_erasure.sessions,
            active=playground_erasure.active,
        )
        from holiday_play import subject_access

        subject_access.register_sections()
        post_save.connect(receivers.holidays_changed, sender=HolidayPeriod, dispatch_uid="holiday_play.period_saved")
        post_delete.connect(
            receivers.holidays_changed, sender=HolidayPeriod, dispatch_uid="holiday_play.period_deleted"
        )


def child_data_fields():
    """The fields of docs/data_protection.md that erase_child_data blanks or deletes."""
    from holiday_play.services.retention import ERASED_BOOKING_FIELDS, ERASED_FIELDS, ERASED_SIGNAL_FIELDS

    return (
        *(f"holiday_play.ChildProfile.{name}" for name in ERASED_FIELDS),
        "holiday_play.ChildContact.*",
        *(f"holiday_play.Booking.{name}" for name in ERASED_BOOKING_FIELDS),
        *(f"holiday_play.Signal.{name}" for name in ERASED_SIGNAL_FIELDS),
    )


def child_data(person_ids):
    """The objects the "Who looked at what" report finds about these persons:
    their child profiles and the signals about them (a certificate print is
    logged on the Person, which programmes covers)."""
    from holiday_play.models import ChildProfile, Signal

    return [
        (ChildProfile, ChildProfile.objects.filter(child__in=person_ids)),
        (Signal, Signal.objects.filter(child__in=person_ids)),
    ]
