from django.conf import settings
from django.conf.urls.static import static
from django.urls import URLResolver, include, path
from django.urls.resolvers import LocalePrefixPattern
from django.utils.translation import get_language, get_supported_language_variant
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from website import sessions
from website.views import desk, public


class DutchWithoutPrefix(LocalePrefixPattern):
    """Dutch lives at `/`, French at `/fr/`, English at `/en/`.

    The active language is `nl-be` (LANGUAGE_CODE) for a request, but `nl` when
    Wagtail builds the URL of a Dutch page; Django's own pattern would give the
    second one a `/nl/` prefix, so one page would have two addresses.
    """

    def __init__(self):
        super().__init__(prefix_default_language=False)

    @property
    def language_prefix(self):
        language_code = get_language() or settings.LANGUAGE_CODE
        if get_supported_language_variant(language_code) == get_supported_language_variant(settings.LANGUAGE_CODE):
            return ""
        return f"{language_code}/"


desk_patterns = (
    [
        path("", desk.home, name="home"),
        path("login/", desk.DeskLoginView.as_view(), name="login"),
        path("logout/", desk.DeskLogoutView.as_view(), name="logout"),
        # Each app's desk screens, under the same `desk:` names.
        path("", include("programmes.desk_urls")),
        path("", include("groceries.desk_urls")),
        path("", include("holiday_play.desk_urls")),
    ],
    "desk",
)

urlpatterns = [
    # Before Wagtail's own: its sign-in page, throttled like the desk's.
    path("admin/login/", sessions.AdminLoginView.as_view()),
    path("admin/password_reset/", sessions.AdminPasswordResetView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", public.health, name="health"),
]

urlpatterns += [
    URLResolver(
        DutchWithoutPrefix(),
        [
            path("search/", public.search, name="search"),
            path("desk/", include(desk_patterns)),
            path("", include("holiday_play.urls")),
            path("", include("programmes.urls")),
            # Wagtail's catch-all must stay last: it serves every page path.
            path("", include(wagtail_urls)),
        ],
    )
]

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
