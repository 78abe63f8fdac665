from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from programmes import cache_version, receivers, retention
        from programmes.models import Household, Session
        from programmes.services.feed_tokens import register_personal_feed
        from programmes.views.registration import household_feed

        # Subclasses (grocery, playground) send with their own class as sender.
        page_published.connect(receivers.programme_published, dispatch_uid="programmes.published")
        page_unpublished.connect(cache_version.bump, dispatch_uid="programmes.unpublished")
        post_save.connect(cache_version.bump, sender=Session, dispatch_uid="programmes.session_saved")
        post_delete.connect(cache_version.bump, sender=Session, dispatch_uid="programmes.session_deleted")
        # A page that becomes private must drop out of cached feeds at once.
        post_save.connect(cache_version.bump, sender=PageViewRestriction, dispatch_uid="programmes.restricted")
        post_delete.connect(cache_version.bump, sender=PageViewRestriction, dispatch_uid="programmes.unrestricted")
        # A moved programme leaves one finder for another, and its address changes.
        post_page_move.connect(cache_version.bump, dispatch_uid="programmes.moved")
        register_personal_feed(Household, household_feed)
        from django.contrib.auth.signals import user_logged_in

        from programmes import reauth

        # Signing in counts as having typed the password (programmes.reauth).
        user_logged_in.connect(reauth.stamp_authentication, dispatch_uid="programmes.reauth")
        from programmes.models import Volunteer
        from programmes.volunteer_feed import volunteer_feed

        register_personal_feed(Volunteer, volunteer_feed)
        retention.register_programmes_rules()
        from programmes import audit

        # What the "Who looked at what" report finds about a person (programmes: the person and household).
        audit.register_subjects(audit.people_themselves)
        from programmes import subject_access

        # What `manage.py export_household` and the admin's "Export all data" hold (programmes' part).
        subject_access.register_programmes_sections()
        self.forget_permissions_on_change()
        self.remember_page_permissions()

    def remember_page_permissions(self):
        """Wagtail's admin asks the registered page policy on every screen
        (the sidebar's search and menus, page lists, page actions): it gets
        the one that remembers each user's grants across requests."""
        from wagtail.models import AbstractPage, Page
        from wagtail.permissions import register_permission_policy

        from programmes.permission_cache import CachedPagePermissionPolicy

        register_permission_policy(AbstractPage, CachedPagePermissionPolicy(Page))

    def forget_permissions_on_change(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
        from wagtail.models import GroupPagePermission
        from wagtail.signals import post_page_move

        from programmes.permission_cache import changed

        User = get_user_model()
        for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(changed, sender=through, dispatch_uid=f"permissions.{through.__name__}")
        for model in (Group, Permission, GroupPagePermission):
            post_save.connect(changed, sender=model, dispatch_uid=f"permissions.{model.__name__}.saved")
            post_delete.connect(changed, sender=model, dispatch_uid=f"permissions.{model.__name__}.deleted")
        # Page permissions reach down the tree by path: a move changes paths.
        post_page_move.connect(changed, dispatch_uid="permissions.page_moved")
        # Data migrations change groups and permissions without signals.
        post_migrate.connect(changed, dispatch_uid="permissions.migrated")
