from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page, Site

register = template.Library()


def _site_root(request):
    """The home page in the active language; the header, menu and language
    switcher all ask, so it is looked up once per request."""
    if request is None:
        return None
    if not hasattr(request, "_kansen_site_root"):
        site = Site.find_for_request(request)
        request._kansen_site_root = site.root_page.localized if site else None
    return request._kansen_site_root


@register.inclusion_tag("website/includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    root = _site_root(request)
    items = root.get_children().live().public().in_menu() if root else Page.objects.none()
    current = context.get("page")
    return {"root": root, "items": items, "current": current, "request": request}


@register.simple_tag(takes_context=True)
def site_home(context):
    return _site_root(context.get("request"))


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: the translation of the current page when it has
    one, else the home page in that language; outside Wagtail pages (desk,
    search) the same path with the other language prefix. Django's 404 and 403
    pages (their context has `exception`) link to the home pages: the path
    asked for may carry a manage link's token or an e-mail address."""
    request = context.get("request")
    page = context.get("page")
    error_page = "exception" in context and not isinstance(page, Page)
    if error_page:
        page = _site_root(request)
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    translations = {}
    homes = {}
    if isinstance(page, Page):
        translations = {
            p.locale.language_code: p for p in page.get_translations(inclusive=True).live().select_related("locale")
        }
        root = _site_root(request)
        if root:
            homes = {
                p.locale.language_code: p for p in root.get_translations(inclusive=True).live().select_related("locale")
            }
    links = []
    for code, _name in settings.LANGUAGES:
        if isinstance(page, Page):
            target = translations.get(code) or homes.get(code)
            url = target.get_url(request) if target else None
        else:
            url = translate_url(request.get_full_path(), code) if request and not error_page else None
        if url:
            info = get_language_info(code)
            links.append(
                {
                    "code": code,
                    "name": info["name_local"],
                    "url": url,
                    "absolute_url": request.build_absolute_uri(url) if request else url,
                    "current": code == current,
                }
            )
    return links
