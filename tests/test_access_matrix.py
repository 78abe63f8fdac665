"""Who may open which address (issue #10, "Access matrix").

Every URL pattern of ours (tests/access_matrix.py says which are ours) has an
entry in MATRIX: how to fill in its address from the world of two sides, A
and B, and what each of four actors gets:

- `anonymous`: nobody signed in (on the household's token pages: a broken token);
- `other`: the same kind of user, but of side B (another programme, grocery
  or playground; on token pages: B's valid token);
- `noperm`: in A's scope, without the permission the view needs (a page editor
  of A's programmes without a role, a door volunteer whose shift is tonight,
  an animator-team member without the desk...; on token pages: an expired or
  revoked token);
- `permitted`: the user the screen is for.

A view that only answers POST is requested with a POST (the test client
without CSRF checks), so that its scope is tested, not only its method.
An actor that does not apply is an explicit `NA(reason)`, shown as a skip.
The meta-test fails on a pattern without an entry, and on an entry whose
pattern is gone. A second test per pattern: a POST without a CSRF token is
refused (403, or 405), a POST-only view refuses GET (405), and neither
changes anything in our apps' tables.
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest
import time_machine
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.access_matrix import NOW, build_world, in_scope_patterns

ACTORS = ("anonymous", "other", "noperm", "permitted")


@dataclass(frozen=True)
class Redirect:
    """A 302 to `to` (a URL name), a `?next=` allowed after it."""

    to: str
    exact: bool = False

    def matches(self, response):
        if response.status_code != 302:
            return False
        location = urlsplit(response["Location"])
        target = reverse(self.to)
        return location.path == target and (not self.exact or not location.query)

    def __repr__(self):
        return f"302 → {self.to}"


@dataclass(frozen=True)
class NA:
    reason: str


DESK_LOGIN = Redirect("desk:login")
ADMIN_LOGIN = Redirect("wagtailadmin_login")
# Wagtail's answer to a PermissionDenied in the admin: back to the dashboard with a message.
ADMIN_DENIED = Redirect("wagtailadmin_home", exact=True)


@dataclass
class Entry:
    family: str
    expect: dict
    kwargs: Callable = lambda w, actor: {}
    method: str = "get"
    data: Callable = lambda w: {}
    csrf_exempt: str = ""
    note: str = ""
    args: bool = False
    query: Callable = lambda w, actor: {}


# Who each actor is, per kind of screen: (other, noperm, permitted).
FAMILIES = {
    "public": lambda w: (w.b.coordinator, w.a.volunteer_user, w.a.coordinator),
    "desk_any": lambda w: (w.b.coordinator, w.a.page_editor, w.a.coordinator),
    "coordinator": lambda w: (w.b.coordinator, w.a.page_editor, w.a.coordinator),
    "door": lambda w: (w.b.door_volunteer, w.a.late_door_volunteer, w.a.door_volunteer),
    "animator": lambda w: (w.b.animator, w.a.team_member, w.a.animator),
    "play_coordinator": lambda w: (w.b.coordinator, w.a.animator, w.a.coordinator),
    "volunteer": lambda w: (w.b.volunteer_user, w.a.page_editor, w.a.volunteer_user),
    "social_worker": lambda w: (w.b.social_worker, w.a.coordinator, w.a.social_worker),
    "signals": lambda w: (w.b.social_worker, w.a.coordinator, w.a.social_worker),
    "medical": lambda w: (w.b.coordinator, w.a.social_worker, w.a.coordinator),
    "editor": lambda w: (w.b.coordinator, w.a.volunteer_user, w.editor),
    "role_admin": lambda w: (w.b.coordinator, w.editor, w.a.coordinator),
    "grocery_reports": lambda w: (w.b.social_worker, w.editor, w.a.social_worker),
    "superuser": lambda w: (None, w.a.coordinator, w.superuser),
    # Token pages: nobody signs in; the token in the address is the actor.
    "token": lambda w: (None, None, None),
}


def _expect(anonymous, other, noperm, permitted):
    return {"anonymous": anonymous, "other": other, "noperm": noperm, "permitted": permitted}


PUBLIC = _expect(200, 200, 200, 200)
DESK = _expect(DESK_LOGIN, 404, 403, 200)
DESK_POST = _expect(DESK_LOGIN, 404, 403, 302)
ADMIN = _expect(ADMIN_LOGIN, 404, ADMIN_DENIED, 200)
# Wagtail's object views look the object up among those the user may see
# before checking the model permission: without it, nothing is visible (404).
ADMIN_LOOKUP = _expect(ADMIN_LOGIN, 404, 404, 200)
ADMIN_READ_ONLY = _expect(ADMIN_LOGIN, ADMIN_DENIED, ADMIN_DENIED, ADMIN_DENIED)

OWN_LIST = "not object-scoped: B's user sees B's own list (the lists' scoping is tested per app)"
GLOBAL = "editorial content is shared by every programme: there is no other side"
OWN_PASSWORD = "every signed-in user confirms their own password: there is no object"
SUPERUSERS = "for the data protection officer (superusers): not per programme"
TOKEN_IS_SCOPE = "the token is the scope: B's token shows B's own page"


def admin_list(other=200):
    return _expect(ADMIN_LOGIN, other, ADMIN_DENIED, 200)


def pk(get):
    return lambda w, actor: {"pk": get(w).pk}


def token(w, actor):
    return {
        "anonymous": "not-a-valid-token",
        "other": w.b.manage_token,
        "noperm": w.expired_manage_token,
        "permitted": w.a.manage_token,
    }[actor]


def page_path(page):
    return page.get_url_parts()[2].lstrip("/")


session_a = lambda w, actor: {"session_id": w.a.session.pk}  # noqa: E731
group_a = lambda w, actor: {"programme_id": w.a.group.pk}  # noqa: E731
day_a = lambda w, actor: {"day_id": w.a.play_day.pk}  # noqa: E731
booking_a = lambda w, actor: {"day_id": w.a.play_day.pk, "booking_id": w.a.booking.pk}  # noqa: E731
opening_a = lambda w, actor: {"opening_id": w.a.opening.pk}  # noqa: E731
shift_a = lambda w, actor: {"shift_id": w.a.shift.pk}  # noqa: E731


MATRIX = {
    # Public
    "health": Entry("public", PUBLIC),
    "search": Entry("public", PUBLIC),
    "wagtail_serve": Entry("public", PUBLIC, kwargs=lambda w, actor: ["aanbod/"], args=True),
    "register": Entry("public", PUBLIC, kwargs=lambda w, actor: {"path": page_path(w.a.programme)}),
    "page_calendar": Entry("public", PUBLIC, kwargs=lambda w, actor: {"path": page_path(w.a.programme)}),
    "session_calendar": Entry(
        "public", PUBLIC, kwargs=lambda w, actor: {"path": page_path(w.a.programme), "uid": str(w.a.session.uid)}
    ),
    "new_manage_link": Entry("public", PUBLIC),
    "admin/login/": Entry(
        "public",
        _expect(200, Redirect("wagtailadmin_home"), 200, Redirect("wagtailadmin_home")),
        note="signed in with admin access, the admin's login sends one on to the dashboard; without, it asks",
    ),
    "admin/password_reset/": Entry("public", PUBLIC),
    "desk:login": Entry(
        "public",
        _expect(200, Redirect("desk:home"), Redirect("desk:home"), Redirect("desk:home")),
        note="signed in, the desk's login sends one on to the desk",
    ),
    "desk:logout": Entry("desk_any", _expect(302, 302, 302, 302), method="post"),
    "desk:confirm_password": Entry("desk_any", _expect(DESK_LOGIN, 200, 200, 200), note=OWN_PASSWORD),
    "programmes_confirm_password": Entry("desk_any", _expect(ADMIN_LOGIN, 200, 200, 200), note=OWN_PASSWORD),
    # A household's data protection pages: the organisation's, not a programme's.
    "programmes_erasure:household": Entry(
        "superuser",
        _expect(ADMIN_LOGIN, NA(SUPERUSERS), 403, 200),
        kwargs=pk(lambda w: w.a.household),
        note="a plain 403 (programmes/views/erasure.py)",
    ),
    "programmes_subject_access:household": Entry(
        "superuser", _expect(ADMIN_LOGIN, NA(SUPERUSERS), ADMIN_DENIED, 200), kwargs=pk(lambda w: w.a.household)
    ),
    # The household's token pages
    "manage_registrations": Entry(
        "token", _expect(403, NA(TOKEN_IS_SCOPE), 403, 200), kwargs=lambda w, actor: {"token": token(w, actor)}
    ),
    "cancel_registration": Entry(
        "token",
        _expect(403, 404, 403, 302),
        kwargs=lambda w, actor: {"token": token(w, actor), "registration_id": w.a.registration.pk},
        method="post",
    ),
    "subscribe_household_calendar": Entry(
        "token",
        _expect(403, NA(TOKEN_IS_SCOPE), 403, 200),
        kwargs=lambda w, actor: {"token": token(w, actor)},
        method="post",
    ),
    "cancel_play_day": Entry(
        "token",
        _expect(403, 404, 403, 302),
        kwargs=lambda w, actor: {"token": token(w, actor), "booking_id": w.a.booking.pk},
        method="post",
    ),
    "personal_calendar": Entry(
        "token",
        _expect(404, NA(TOKEN_IS_SCOPE), 404, 200),
        kwargs=lambda w, actor: {
            "token": {
                "anonymous": "x" * 43,
                "noperm": w.revoked_feed_token,
                "permitted": w.a.household_feed_token,
                "other": "",
            }[actor]
        },
    ),
    # The desk: shell and programmes
    "desk:home": Entry("desk_any", _expect(DESK_LOGIN, 200, 403, 200), note=OWN_LIST),
    "desk:session_registrations": Entry("coordinator", DESK, kwargs=session_a),
    "desk:roll_call": Entry("coordinator", DESK, kwargs=session_a),
    "desk:roll_call_mark": Entry("coordinator", _expect(DESK_LOGIN, 404, 403, 400), kwargs=session_a, method="post"),
    "desk:walk_in": Entry("coordinator", DESK, kwargs=session_a),
    "desk:walk_in_new": Entry("coordinator", DESK, kwargs=session_a),
    "desk:cancel_registration": Entry(
        "coordinator",
        DESK,
        kwargs=lambda w, actor: {"session_id": w.a.session.pk, "registration_id": w.a.registration.pk},
    ),
    "desk:promote_registration": Entry(
        "coordinator",
        DESK_POST,
        kwargs=lambda w, actor: {"session_id": w.a.session.pk, "registration_id": w.a.waiting.pk},
        method="post",
    ),
    "desk:find_household": Entry("coordinator", DESK, kwargs=session_a),
    "desk:new_household": Entry("coordinator", DESK, kwargs=session_a),
    "desk:choose_members": Entry(
        "coordinator",
        DESK,
        kwargs=lambda w, actor: {"session_id": w.a.session.pk, "household_id": w.b.household.pk},
        note="any household may be registered (the search is global); the session is what is scoped",
    ),
    "desk:group_members": Entry("coordinator", DESK, kwargs=group_a),
    "desk:add_member": Entry("coordinator", DESK, kwargs=group_a),
    "desk:accept_membership": Entry(
        "coordinator",
        DESK_POST,
        kwargs=lambda w, actor: {"programme_id": w.a.group.pk, "membership_id": w.a.application.pk},
        method="post",
    ),
    "desk:decline_membership": Entry(
        "coordinator",
        DESK,
        kwargs=lambda w, actor: {"programme_id": w.a.group.pk, "membership_id": w.a.application.pk},
    ),
    "desk:end_membership": Entry(
        "coordinator",
        DESK,
        kwargs=lambda w, actor: {"programme_id": w.a.group.pk, "membership_id": w.a.membership.pk},
    ),
    "desk:member_history": Entry(
        "coordinator",
        DESK,
        kwargs=lambda w, actor: {"programme_id": w.a.group.pk, "membership_id": w.a.membership.pk},
    ),
    "desk:roster_overview": Entry("coordinator", _expect(DESK_LOGIN, 200, 403, 200), note=OWN_LIST),
    "desk:roster_shift": Entry("coordinator", DESK, kwargs=shift_a),
    "desk:roster_assign": Entry("coordinator", DESK_POST, kwargs=shift_a, method="post"),
    "desk:roster_came": Entry("coordinator", DESK_POST, kwargs=shift_a, method="post"),
    "desk:roster_attendance": Entry("coordinator", DESK_POST, kwargs=shift_a, method="post"),
    "desk:roster_confirm": Entry(
        "coordinator",
        DESK_POST,
        kwargs=lambda w, actor: {"shift_id": w.a.shift.pk, "assignment_id": w.a.assignment.pk},
        method="post",
    ),
    "desk:roster_cancel": Entry(
        "coordinator",
        DESK_POST,
        kwargs=lambda w, actor: {"shift_id": w.a.shift.pk, "assignment_id": w.a.assignment.pk},
        method="post",
    ),
    # The desk: a volunteer's own shifts
    "desk:open_shifts": Entry("volunteer", _expect(DESK_LOGIN, 200, 403, 200), note=OWN_LIST),
    "desk:my_shifts": Entry("volunteer", _expect(DESK_LOGIN, 200, 403, 200), note=OWN_LIST),
    "desk:my_certificates": Entry("volunteer", _expect(DESK_LOGIN, 200, 403, 200), note=OWN_LIST),
    "desk:subscribe_shift_calendar": Entry(
        "volunteer", _expect(DESK_LOGIN, 200, 403, 200), method="post", note="for the signed-in volunteer's own shifts"
    ),
    "desk:revoke_shift_calendar": Entry(
        "volunteer", _expect(DESK_LOGIN, 302, 403, 302), method="post", note="for the signed-in volunteer's own shifts"
    ),
    "desk:shift_sign_up": Entry(
        "volunteer",
        _expect(DESK_LOGIN, 302, 403, 302),
        kwargs=lambda w, actor: {"shift_id": w.b.shift.pk},
        method="post",
        note="open shifts are open to every volunteer; the rules are in services.rosters",
    ),
    "desk:cancel_shift": Entry(
        "volunteer", DESK_POST, kwargs=lambda w, actor: {"assignment_id": w.a.assignment.pk}, method="post"
    ),
    # The desk: the grocery's door
    "desk:door": Entry("door", DESK, kwargs=opening_a),
    "desk:door_search": Entry("door", DESK, kwargs=opening_a),
    "desk:door_visit": Entry("door", DESK_POST, kwargs=opening_a, method="post"),
    "desk:door_choose": Entry(
        "door",
        DESK,
        kwargs=lambda w, actor: {"opening_id": w.a.opening.pk, "badge_id": w.a.badge.pk},
        method="post",
    ),
    # The desk: the playground
    "desk:day_list": Entry("animator", DESK, kwargs=day_a),
    "desk:check_in": Entry("animator", DESK_POST, kwargs=booking_a, method="post"),
    "desk:check_out": Entry("animator", DESK_POST, kwargs=booking_a, method="post"),
    "desk:set_animators": Entry(
        "animator",
        DESK_POST,
        kwargs=lambda w, actor: {"day_id": w.a.play_day.pk, "group_id": w.a.age_group.pk},
        method="post",
    ),
    "desk:new_signal": Entry(
        "animator", DESK, kwargs=lambda w, actor: {"day_id": w.a.play_day.pk, "child_id": w.a.child.pk}
    ),
    "desk:my_signals": Entry("animator", _expect(DESK_LOGIN, 200, 403, 200), note=OWN_LIST),
    "desk:mark_paid": Entry("play_coordinator", _expect(DESK_LOGIN, 404, 404, 302), kwargs=booking_a, method="post"),
    "desk:play_cancel": Entry("play_coordinator", _expect(DESK_LOGIN, 404, 404, 302), kwargs=booking_a, method="post"),
    "desk:play_find_household": Entry("play_coordinator", _expect(DESK_LOGIN, 404, 404, 200), kwargs=day_a),
    "desk:play_book_household": Entry(
        "play_coordinator",
        _expect(DESK_LOGIN, 404, 404, 200),
        kwargs=lambda w, actor: {"day_id": w.a.play_day.pk, "household_id": w.a.household.pk},
    ),
    "desk:play_walk_in": Entry("play_coordinator", _expect(DESK_LOGIN, 404, 404, 200), kwargs=day_a),
    "desk:play_walk_in_new": Entry("play_coordinator", _expect(DESK_LOGIN, 404, 404, 200), kwargs=day_a),
    # Admin: sessions, registrations, memberships (coordinators, scoped to their programmes)
    "session:index": Entry("coordinator", admin_list(), note=OWN_LIST),
    "session:index_results": Entry("coordinator", admin_list(), note=OWN_LIST),
    "session:add": Entry("coordinator", admin_list(), note="the programme field offers only one's own programmes"),
    "session:edit": Entry("coordinator", ADMIN, kwargs=pk(lambda w: w.a.session)),
    "session:inspect": Entry("coordinator", ADMIN_LOOKUP, kwargs=pk(lambda w: w.a.session)),
    "session:history": Entry("coordinator", ADMIN_LOOKUP, kwargs=pk(lambda w: w.a.session)),
    "session:history_results": Entry("coordinator", ADMIN_LOOKUP, kwargs=pk(lambda w: w.a.session)),
    "session:usage": Entry("coordinator", ADMIN_LOOKUP, kwargs=pk(lambda w: w.a.session)),
    "session:delete": Entry(
        "coordinator", ADMIN_READ_ONLY, kwargs=pk(lambda w: w.a.session), note="sessions are cancelled, not deleted"
    ),
    "session:copy": Entry(
        "coordinator", _expect(ADMIN_LOGIN, ADMIN_DENIED, ADMIN_DENIED, 200), kwargs=pk(lambda w: w.a.session)
    ),
}

for _model, _get in (("registration", lambda w: w.a.registration), ("membership", lambda w: w.a.membership)):
    MATRIX.update(
        {
            f"{_model}:index": Entry("coordinator", admin_list(), note=OWN_LIST),
            f"{_model}:index_results": Entry("coordinator", admin_list(), note=OWN_LIST),
            f"{_model}:inspect": Entry("coordinator", ADMIN_LOOKUP, kwargs=pk(_get)),
            f"{_model}:history": Entry("coordinator", ADMIN_LOOKUP, kwargs=pk(_get)),
            f"{_model}:history_results": Entry("coordinator", ADMIN_LOOKUP, kwargs=pk(_get)),
            # Read-only in the admin: the desk and the services make the changes.
            f"{_model}:add": Entry("coordinator", ADMIN_READ_ONLY),
            f"{_model}:edit": Entry("coordinator", ADMIN_READ_ONLY, kwargs=pk(_get)),
            f"{_model}:delete": Entry("coordinator", ADMIN_READ_ONLY, kwargs=pk(_get)),
            f"{_model}:usage": Entry("coordinator", ADMIN_READ_ONLY, kwargs=pk(_get)),
        }
    )

HOUSEHOLDS_SHARED = (
    "households are shared on purpose (programmes/views/desk.py): a family of the grocery is found at the breakfast"
)
household_a = pk(lambda w: w.a.household)
HOUSEHOLD_LOOKUP = _expect(ADMIN_LOGIN, 200, 404, 200)
MATRIX.update(
    {
        "household:index": Entry("coordinator", admin_list(), note=OWN_LIST),
        "household:index_results": Entry("coordinator", admin_list(), note=OWN_LIST),
        "household:inspect": Entry("coordinator", HOUSEHOLD_LOOKUP, kwargs=household_a, note=HOUSEHOLDS_SHARED),
        "household:history": Entry("coordinator", HOUSEHOLD_LOOKUP, kwargs=household_a, note=HOUSEHOLDS_SHARED),
        "household:history_results": Entry("coordinator", HOUSEHOLD_LOOKUP, kwargs=household_a, note=HOUSEHOLDS_SHARED),
        "household:add": Entry("coordinator", ADMIN_READ_ONLY),
        "household:edit": Entry("coordinator", ADMIN_READ_ONLY, kwargs=household_a),
        "household:delete": Entry("coordinator", ADMIN_READ_ONLY, kwargs=household_a),
        "household:usage": Entry("coordinator", ADMIN_READ_ONLY, kwargs=household_a),
        "household_chooser:choose": Entry("coordinator", admin_list(), note=HOUSEHOLDS_SHARED),
        "household_chooser:choose_results": Entry("coordinator", admin_list(), note=HOUSEHOLDS_SHARED),
        "household_chooser:chosen": Entry("coordinator", admin_list(), kwargs=household_a, note=HOUSEHOLDS_SHARED),
        "household_chooser:chosen_multiple": Entry("coordinator", admin_list(), note=HOUSEHOLDS_SHARED),
        "household_chooser:create": Entry("coordinator", ADMIN_READ_ONLY),
        # Volunteers are the organisation's, not a programme's.
        "volunteer:index": Entry("coordinator", admin_list(), note=GLOBAL),
        "volunteer:index_results": Entry("coordinator", admin_list(), note=GLOBAL),
        "volunteer:add": Entry("coordinator", admin_list(), note=GLOBAL),
        "volunteer:edit": Entry("coordinator", admin_list(), kwargs=pk(lambda w: w.a.volunteer), note=GLOBAL),
        "volunteer:delete": Entry("coordinator", ADMIN_READ_ONLY, kwargs=pk(lambda w: w.a.volunteer)),
        "volunteer:history": Entry("coordinator", admin_list(), kwargs=pk(lambda w: w.a.volunteer), note=GLOBAL),
        "volunteer:history_results": Entry(
            "coordinator", admin_list(), kwargs=pk(lambda w: w.a.volunteer), note=GLOBAL
        ),
        "volunteer:usage": Entry("coordinator", admin_list(), kwargs=pk(lambda w: w.a.volunteer), note=GLOBAL),
    }
)

# Editorial snippets and models: venues, languages, holiday periods (editors), roles (coordinators).
EDITORIAL = _expect(ADMIN_LOGIN, NA(GLOBAL), ADMIN_LOGIN, 200)
for _namespace, _family, _get, _views in (
    (
        "wagtailsnippets_programmes_venue",
        "editor",
        lambda w: w.venue,
        ("list", "list_results", "add", "edit", "delete", "usage", "history", "history_results", "copy"),
    ),
    (
        "language",
        "editor",
        lambda w: w.language,
        ("index", "index_results", "add", "edit", "delete", "usage", "history", "history_results", "copy"),
    ),
    (
        "wagtailsnippets_holiday_play_holidayperiod",
        "editor",
        lambda w: w.holiday_period,
        ("list", "list_results", "add", "edit", "delete", "usage", "history", "history_results"),
    ),
    (
        "wagtailsnippets_programmes_role",
        "role_admin",
        lambda w: w.role,
        ("list", "list_results", "add", "edit", "delete", "usage", "history", "history_results", "copy"),
    ),
):
    for _view in _views:
        _takes_pk = _view not in ("list", "list_results", "index", "index_results", "add")
        expect = EDITORIAL if _family == "editor" else _expect(ADMIN_LOGIN, NA(GLOBAL), ADMIN_DENIED, 200)
        if _view == "delete" and _namespace in ("language", "wagtailsnippets_programmes_role"):
            # Languages and roles are never deleted (a role in use is refused, programmes.viewsets).
            expect = {**expect, "permitted": ADMIN_DENIED}
        MATRIX[f"{_namespace}:{_view}"] = Entry(
            _family, expect, kwargs=pk(_get) if _takes_pk else (lambda w, actor: {})
        )
for _namespace, _family, _get in (
    ("wagtailsnippetchoosers_programmes_venue", "editor", lambda w: w.venue),
    ("wagtailsnippetchoosers_holiday_play_holidayperiod", "editor", lambda w: w.holiday_period),
    ("wagtailsnippetchoosers_programmes_role", "role_admin", lambda w: w.role),
):
    for _view in ("choose", "choose_results", "chosen", "chosen_multiple", "create"):
        expect = EDITORIAL
        if _family == "role_admin":
            # Wagtail's snippet choosers are open to everyone in the admin (role names are not sensitive).
            expect = _expect(ADMIN_LOGIN, NA(GLOBAL), 200, 200)
            if _view == "create":
                expect = _expect(ADMIN_LOGIN, NA(GLOBAL), ADMIN_DENIED, 200)
        if _view == "create":
            # These choosers offer no creation form: nothing to create (programmes.viewsets.ChooserCreateView).
            expect = {**expect, "permitted": 404}
        MATRIX[f"{_namespace}:{_view}"] = Entry(
            _family, expect, kwargs=pk(_get) if _view == "chosen" else (lambda w, actor: {})
        )
MATRIX["holiday_import"] = Entry("editor", EDITORIAL)

# Admin: badges and door checks (social workers of the grocery's team)
badge_a = pk(lambda w: w.a.badge)
MATRIX["groceries_badge:edit"] = Entry("social_worker", ADMIN, kwargs=badge_a)
for _view in ("inspect", "history", "history_results", "usage", "renew", "suspend", "reactivate", "replace", "card"):
    MATRIX[f"groceries_badge:{_view}"] = Entry("social_worker", ADMIN_LOOKUP, kwargs=badge_a)
MATRIX.update(
    {
        "groceries_badge:index": Entry("social_worker", admin_list(), note=OWN_LIST),
        "groceries_badge:index_results": Entry("social_worker", admin_list(), note=OWN_LIST),
        "groceries_badge:add": Entry("social_worker", admin_list(), note="the grocery field offers only one's own"),
        "groceries_badge:delete": Entry("social_worker", ADMIN_READ_ONLY, kwargs=badge_a),
        "groceries_check:index": Entry("social_worker", admin_list(), note=OWN_LIST),
        "groceries_check:index_results": Entry("social_worker", admin_list(), note=OWN_LIST),
    }
)
check_a = pk(lambda w: w.a.check)
for _view in ("add", "edit", "delete", "history", "history_results", "usage"):
    MATRIX[f"groceries_check:{_view}"] = Entry(
        "social_worker", ADMIN_READ_ONLY, kwargs=(lambda w, actor: {}) if _view == "add" else check_a
    )

# Admin: signals (social workers) and child profiles (coordinators of the playground, medical staff)
SIGNALS_SHARED = "signals are for every social worker (the view_signal permission), not per grocery team"
signal_a = pk(lambda w: w.a.signal)
SIGNAL_LOOKUP = _expect(ADMIN_LOGIN, 200, 404, 200)
profile_a = pk(lambda w: w.a.profile)
MATRIX.update(
    {
        "holiday_play_signal:index": Entry("signals", admin_list(), note=SIGNALS_SHARED),
        "holiday_play_signal:index_results": Entry("signals", admin_list(), note=SIGNALS_SHARED),
        "holiday_play_signal:inspect": Entry("signals", SIGNAL_LOOKUP, kwargs=signal_a, note=SIGNALS_SHARED),
        "holiday_play_signal:history": Entry("signals", SIGNAL_LOOKUP, kwargs=signal_a, note=SIGNALS_SHARED),
        "holiday_play_signal:history_results": Entry("signals", SIGNAL_LOOKUP, kwargs=signal_a, note=SIGNALS_SHARED),
        "holiday_play_signal:follow_up": Entry("signals", admin_list(), kwargs=signal_a, note=SIGNALS_SHARED),
        "holiday_play_signal:add": Entry("signals", ADMIN_READ_ONLY),
        "holiday_play_signal:edit": Entry("signals", ADMIN_READ_ONLY, kwargs=signal_a),
        "holiday_play_signal:delete": Entry("signals", ADMIN_READ_ONLY, kwargs=signal_a),
        "holiday_play_signal:usage": Entry("signals", ADMIN_READ_ONLY, kwargs=signal_a),
        "holiday_play_child_profile:index": Entry("medical", admin_list(), note=OWN_LIST),
        "holiday_play_child_profile:index_results": Entry("medical", admin_list(), note=OWN_LIST),
        "holiday_play_child_profile:inspect": Entry("medical", ADMIN_LOOKUP, kwargs=profile_a),
        "holiday_play_child_profile:edit": Entry("medical", ADMIN, kwargs=profile_a),
        "holiday_play_child_profile:history": Entry("medical", ADMIN_LOOKUP, kwargs=profile_a),
        "holiday_play_child_profile:history_results": Entry("medical", ADMIN_LOOKUP, kwargs=profile_a),
        "holiday_play_child_profile:usage": Entry("medical", ADMIN_LOOKUP, kwargs=profile_a),
        "holiday_play_child_profile:add": Entry("medical", ADMIN_READ_ONLY),
        "holiday_play_child_profile:delete": Entry("medical", ADMIN_READ_ONLY, kwargs=profile_a),
    }
)

# Admin: figures, certificates, the read audit
# The certificates' print pages are outside the admin's furniture: another
# playground's coordinator gets their own "not yours" page (403).
CERTIFICATES = _expect(ADMIN_LOGIN, 403, ADMIN_LOGIN, 200)
MATRIX.update(
    {
        "programmes_reports:attendance": Entry("coordinator", admin_list(), note=OWN_LIST),
        "programmes_reports:annual": Entry("coordinator", admin_list(), note=OWN_LIST),
        "programmes_reports:annual_print": Entry("coordinator", admin_list(), note=OWN_LIST),
        "programmes_volunteer_hours:index": Entry("coordinator", admin_list(), note=OWN_LIST),
        "programmes_volunteer_hours:print": Entry("coordinator", admin_list(), note=OWN_LIST),
        "programmes_read_audit:index": Entry("superuser", _expect(ADMIN_LOGIN, NA(SUPERUSERS), ADMIN_DENIED, 200)),
        "groceries_reports:figures": Entry("grocery_reports", admin_list(), note=OWN_LIST),
        "groceries_reports:print": Entry(
            "grocery_reports",
            ADMIN,
            query=lambda w, actor: {"programme": w.a.grocery.pk, "first": "2026-01-01", "last": "2026-12-31"},
        ),
        "holiday_play_certificates:index": Entry(
            "play_coordinator", _expect(ADMIN_LOGIN, 200, ADMIN_LOGIN, 200), note=OWN_LIST
        ),
        "holiday_play_certificates:print_all": Entry(
            "play_coordinator",
            CERTIFICATES,
            kwargs=lambda w, actor: {"playground_id": w.a.playground.pk, "year": NOW.year},
        ),
        "holiday_play_certificates:print_child": Entry(
            "play_coordinator",
            CERTIFICATES,
            kwargs=lambda w, actor: {"playground_id": w.a.playground.pk, "year": NOW.year, "child_id": w.a.child.pk},
        ),
    }
)


# The world, once per module: built inside a transaction that is rolled back
# at the end, each test in a savepoint of its own (pytest-django's `db`).


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    traveller = time_machine.travel(NOW, tick=False)
    traveller.start()
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)
    finally:
        traveller.stop()


def actor_user(world, entry, actor):
    if actor == "anonymous" or entry.family == "token":
        return None
    other, noperm, permitted = FAMILIES[entry.family](world)
    return {"other": other, "noperm": noperm, "permitted": permitted}[actor]


def address(world, key, entry, actor):
    values = entry.kwargs(world, actor)
    if entry.args:
        return reverse(key, args=values)
    name = key if ":" in key or not key.endswith("/") else None
    if name is None:
        return "/" + key
    return reverse(name, kwargs=values)


def query(world, entry, actor):
    values = entry.query(world, actor)
    return "?" + urlencode(values) if values else ""


def fingerprint():
    """A hash per table of our apps: what a refused request must not change."""
    hashes = {}
    for label in ("programmes", "groceries", "holiday_play", "website"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            rows = model._default_manager.order_by("pk").values_list()
            hashes[model._meta.label] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:12]
    return hashes


def changed(before, after):
    return sorted(label for label in before if before[label] != after.get(label))


def _cases():
    for key, entry in MATRIX.items():
        for actor in ACTORS:
            expected = entry.expect[actor]
            marks = [pytest.mark.skip(reason=expected.reason)] if isinstance(expected, NA) else []
            yield pytest.param(key, actor, id=f"{key}-{actor}", marks=marks)


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "actor"), list(_cases()))
def test_access(world, key, actor):
    entry = MATRIX[key]
    expected = entry.expect[actor]
    client = Client()
    user = actor_user(world, entry, actor)
    if user is not None:
        client.force_login(user)
    url = address(world, key, entry, actor) + query(world, entry, actor)
    # A GET changes nothing; checked for the user who could change the most.
    before = fingerprint() if entry.method == "get" and actor == "permitted" else None
    response = getattr(client, entry.method)(url, entry.data(world)) if entry.method == "post" else client.get(url)
    if isinstance(expected, Redirect):
        assert expected.matches(response), (url, actor, response.status_code, response.get("Location"))
    else:
        assert response.status_code == expected, (url, actor, response.status_code, response.get("Location"))
    if before is not None:
        assert not (diff := changed(before, fingerprint())), f"GET {url} as {actor} changed {diff}"


def test_every_pattern_of_ours_is_in_the_matrix():
    patterns = in_scope_patterns()
    missing = sorted(set(patterns) - set(MATRIX))
    gone = sorted(set(MATRIX) - set(patterns))
    assert not missing, f"URL patterns without an entry in the access matrix: {missing}"
    assert not gone, f"Access matrix entries whose URL pattern no longer exists: {gone}"


def test_every_entry_says_what_each_actor_gets():
    for key, entry in MATRIX.items():
        assert set(entry.expect) == set(ACTORS), key
        assert entry.family in FAMILIES, key
        for actor, expected in entry.expect.items():
            if isinstance(expected, NA):
                assert expected.reason.strip(), (key, actor)


@pytest.mark.django_db
@pytest.mark.parametrize("key", list(MATRIX))
def test_a_post_without_csrf_token_is_refused_and_changes_nothing(world, key):
    entry = MATRIX[key]
    client = Client(enforce_csrf_checks=True)
    user = actor_user(world, entry, "permitted")
    if user is not None:
        client.force_login(user)
    url = address(world, key, entry, "permitted") + query(world, entry, "permitted")
    before = fingerprint()
    if entry.method == "post":
        assert client.get(url).status_code == 405, f"GET {url} on a POST-only view"
    response = client.post(url, entry.data(world))
    if entry.csrf_exempt:
        assert response.status_code != 500
    else:
        assert response.status_code in (403, 405), (url, response.status_code)
    assert not (diff := changed(before, fingerprint())), f"a POST to {url} without CSRF token changed {diff}"


def test_the_world_is_frozen_at_the_opening():
    # The door and play-day expectations above assume this moment.
    assert NOW.weekday() == 3
    assert NOW.time() == datetime.time(14, 0)
