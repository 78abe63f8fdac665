"""Mails to households, in the household's language.

Each mail is one plain-text template (`programmes/mail/<name>.txt`, first line
the subject); the HTML alternative is that same text, escaped, with links made
clickable. Names that families type are therefore never HTML in any mail.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.models import Locale

from programmes.manage_links import manage_url


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def localized_page(page, language):
    """The page in `language` when it is translated and live, else the page itself."""
    locale = Locale.objects.filter(language_code=language).first()
    translated = page.get_translation_or_none(locale) if locale else None
    return translated if translated is not None and translated.live else page


def session_lines(session, language):
    """What, when and where of a session, for a mail."""
    programme = localized_page(session.programme, language)
    venue = session.effective_venue
    page_url = programme.get_url()
    return {
        "title": programme.title,
        "starts_at": timezone.localtime(session.starts_at),
        "ends_at": timezone.localtime(session.ends_at),
        "venue": venue,
        "page_url": absolute(page_url) if page_url else "",
        "calendar_url": absolute(f"{page_url}sessions/{session.uid}.ics") if page_url else "",
    }


def send_to_household(household, template, context=None):
    """`template` is a name in programmes/mail/ or another app's path ending in
    .txt. Returns False when the household has no e-mail address (the desk phones them)."""
    if not household.email:
        return False
    with translation.override(household.language):
        context = {
            "household": household,
            "manage_url": manage_url(household, absolute=True),
            "site_name": settings.WAGTAIL_SITE_NAME,
            **(context or {}),
        }
        subject, _, body = (
            render_to_string(template if template.endswith(".txt") else f"programmes/mail/{template}.txt", context)
            .strip()
            .partition("\n")
        )
        html = render_to_string("programmes/mail/as_html.html", {"body": body.strip(), "subject": subject})
    message = EmailMultiAlternatives(subject.strip(), body.strip() + "\n", to=[household.email])
    message.attach_alternative(html, "text/html")
    message.send()
    return True
