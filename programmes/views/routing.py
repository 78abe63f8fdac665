from django.http import Http404
from wagtail.models import Page


def page_at(request, path):
    """The live, public page at `path` (as Wagtail would serve it), or 404."""
    route = Page.route_for_request(request, path)
    if route is None:
        raise Http404
    page = route[0].specific
    if page.get_view_restrictions().exists():
        raise Http404
    return page
