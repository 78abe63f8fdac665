import logging

from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from website.forms import SearchForm

RESULTS_PER_PAGE = 10
# What the health check's query may take on PostgreSQL.
HEALTH_STATEMENT_TIMEOUT_MS = 1000

logger = logging.getLogger(__name__)


@require_GET
@never_cache
def health(request):
    """For the load balancer and uptime checks: 200 when the database answers,
    else 503 at once, so a balancer takes the worker out instead of waiting.

    Connecting gives up after DATABASE_CONNECT_TIMEOUT seconds (settings); on
    PostgreSQL the query itself gets HEALTH_STATEMENT_TIMEOUT_MS, set LOCAL so
    that it ends with this check's transaction and never reaches another
    request on the same persistent connection.
    """
    try:
        if connection.vendor == "postgresql":
            with transaction.atomic(), connection.cursor() as cursor:
                # SET takes no bound parameters on the server: a literal integer.
                cursor.execute(f"SET LOCAL statement_timeout = {int(HEALTH_STATEMENT_TIMEOUT_MS)}")
                cursor.execute("SELECT 1")
                cursor.fetchone()
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
    except DatabaseError as error:
        # The class only: a driver's message can carry the connection string.
        logger.error("Health check: the database does not answer (%s)", type(error).__name__)
        return JsonResponse({"status": "unavailable"}, status=503)
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
