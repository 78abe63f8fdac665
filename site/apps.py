from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    label = "website"
    verbose_name = _("Website")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="website.create_cache_table")


def create_cache_table(using, verbosity=0, **kwargs):
    """`migrate` also makes the database cache's table: without it the first
    change that invalidates a cached value fails. Does nothing for other caches."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=verbosity)
