from django.conf import settings
from django.urls import URLResolver, include, path, re_path
from django.urls.resolvers import LocalePrefixPattern
from django.utils.translation import get_language, get_supported_language_variant
from django.views.generic import RedirectView
from django.views.static import serve as serve_file
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents.views import serve as documents

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
    # Only Wagtail's serve view, which checks the collection's privacy: its
    # shared-password form is off (WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS).
    re_path(r"^documents/(\d+)/(.*)$", documents.serve, name="wagtaildocs_serve"),
    path("healthz", public.health, name="health"),
]

urlpatterns += [
    URLResolver(
        DutchWithoutPrefix(),
        [
            path("search/", public.search, name="search"),
            path("desk/", include(desk_patterns)),
            # Wagtail's own sign-in page for private pages is not throttled:
            # everyone signs in on the desk's (WAGTAIL_FRONTEND_LOGIN_URL).
            path("_util/login/", RedirectView.as_view(pattern_name="desk:login", query_string=True)),
            path("", include("holiday_play.urls")),
            path("", include("programmes.urls")),
            # Wagtail's catch-all must stay last: it serves every page path.
            path("", include(wagtail_urls)),
        ],
    )
]

if settings.DEBUG:
    # `make run` serves image renditions like the web server does in
    # production; original images and documents never (docs/operations.md).
    urlpatterns = [
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>images/.*)$",
            serve_file,
            {"document_root": settings.MEDIA_ROOT},
        ),
        *urlpatterns,
    ]
