"""How the door shows each verdict: a tone (colour), an icon and words, so
the verdict never rests on colour alone, and what to tell the household."""

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from groceries.models import LimitPeriod, Verdict

OK, WARN, STOP = "ok", "warn", "stop"
ICONS = {OK: "✓", WARN: "!", STOP: "✕"}


@dataclass(frozen=True)
class Shown:
    tone: str
    title: str
    advice: str

    @property
    def icon(self):
        return ICONS[self.tone]


def _date(day):
    return formats.date_format(day, "j F Y")


def presentation(check, grocery):
    badge = check.badge
    period = LimitPeriod(grocery.visit_limit_period).label
    limit = {"limit": grocery.visit_limit, "period": period}
    match check.verdict:
        case Verdict.VALID:
            return Shown(OK, _("Valid"), _("Welcome!"))
        case Verdict.EXPIRING:
            return Shown(
                WARN,
                _("Valid, but expires soon"),
                _("This badge ends on %(date)s. Ask them to see their social worker to renew it.")
                % {"date": _date(badge.valid_until)},
            )
        case Verdict.LIMIT_WARNING:
            return Shown(
                WARN,
                _("Limit reached (warning only)"),
                _("This household has had its %(limit)s visits %(period)s. They may come in today; tell them kindly.")
                % limit,
            )
        case Verdict.VISITED:
            return Shown(STOP, _("Already visited this opening"), _("This badge was already used at this opening."))
        case Verdict.LIMIT_REACHED:
            return Shown(
                STOP,
                _("Limit for this period reached"),
                _("This household has had its %(limit)s visits %(period)s.") % limit,
            )
        case Verdict.EXPIRED:
            return Shown(
                STOP,
                _("Expired"),
                _("This badge ended on %(date)s. Their social worker can renew it.")
                % {"date": _date(badge.valid_until)},
            )
        case Verdict.NOT_YET_VALID:
            return Shown(
                STOP, _("Not valid yet"), _("This badge is valid from %(date)s.") % {"date": _date(badge.valid_from)}
            )
        case Verdict.SUSPENDED:
            return Shown(STOP, _("Suspended"), _("Ask them to contact their social worker."))
        case Verdict.REPLACED:
            return Shown(
                STOP,
                _("Replaced by a new card"),
                _("This card no longer works. Ask for the new card, or search by name if they do not have it."),
            )
        case Verdict.UNKNOWN:
            return Shown(
                STOP,
                _("Unknown badge number"),
                _("Check the number with them. No card with them? Search by name."),
            )
        case Verdict.PAUSED:
            return Shown(
                STOP,
                _("Checks paused for a few minutes"),
                _(
                    "Too many unknown badge numbers were typed here in a short time. "
                    "Wait five minutes and try again, or ask the coordinator."
                ),
            )
        case Verdict.TYPO:
            return Shown(
                STOP,
                _("Check the number"),
                _("This is not a badge number: a character is wrong, missing or swapped."),
            )
    raise ValueError(check.verdict)
