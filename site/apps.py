from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    label = "website"
    verbose_name = _("Website")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from website import lookups
        from website.sessions import stamp_sign_in

        lookups.register()

        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="website.create_cache_table")
        # Sessions end 12 hours after signing in: remember when that was.
        user_logged_in.connect(stamp_sign_in, dispatch_uid="website.stamp_sign_in")


def create_cache_table(using, verbosity=0, **kwargs):
    """`migrate` also makes the database cache's table: without it the first
    change that invalidates a cached value fails. Does nothing for other caches."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=verbosity)
