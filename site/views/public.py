from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from website.forms import SearchForm

RESULTS_PER_PAGE = 10


@require_GET
@never_cache
def health(request):
    """For the load balancer and uptime checks: answers only when the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok"})


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid():
        pages = Page.objects.live().public().filter(locale=Locale.get_active()).specific()
        found = pages.search(form.cleaned_data["q"])
        results = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "website/search.html", {"form": form, "results": results})
