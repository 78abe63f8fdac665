from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


def _years(months):
    years, rest = divmod(months, 12)
    if rest == 6:
        return _("%(years)s½") % {"years": years}
    return str(years)


@register.simple_tag
def age_range(programme):
    """'6 to 12 years', 'from 2½ years', 'up to 3 years' — as parents say it."""
    low, high = programme.min_age_months, programme.max_age_months
    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        return _("%(low)s to %(high)s years") % {"low": _years(low), "high": high // 12}
    if low is not None:
        return _("from %(low)s years") % {"low": _years(low)}
    return ngettext("up to %(high)s year", "up to %(high)s years", high // 12) % {"high": high // 12}


@register.simple_tag
def price_text(programme):
    if programme.price == 0:
        return _("Free")
    text = _("€ %(price)s") % {"price": number_format(programme.price, 2)}
    if programme.social_tariff is not None:
        text += " · " + _("social tariff € %(price)s") % {"price": number_format(programme.social_tariff, 2)}
    return text
