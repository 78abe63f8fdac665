"""The desk screens of programmes, included by the site into its `desk`
namespace (site/urls.py `desk_patterns`): their names are `desk:<name>`."""

from django.urls import path

from programmes.views import desk, my_certificates, reauth, roll_call, roster_desk, shifts

SESSION = "sessions/<int:session_id>/"
REGISTRATION = SESSION + "registrations/<int:registration_id>/"
GROUP = "programmes/<int:programme_id>/members/"
MEMBERSHIP = GROUP + "<int:membership_id>/"
ROSTER_SHIFT = "rosters/shifts/<int:shift_id>/"
ROSTER_ASSIGNMENT = ROSTER_SHIFT + "assignments/<int:assignment_id>/"

urlpatterns = [
    path(SESSION + "registrations/", desk.session_registrations, name="session_registrations"),
    path(SESSION + "roll-call/", roll_call.roll_call, name="roll_call"),
    path(SESSION + "roll-call/mark/", roll_call.mark, name="roll_call_mark"),
    path(SESSION + "roll-call/walk-in/", roll_call.walk_in, name="walk_in"),
    path(SESSION + "roll-call/walk-in/new/", roll_call.walk_in_new, name="walk_in_new"),
    path(REGISTRATION + "cancel/", desk.cancel_registration, name="cancel_registration"),
    path(REGISTRATION + "move-up/", desk.promote_registration, name="promote_registration"),
    path(SESSION + "register/", desk.find_household, name="find_household"),
    path(SESSION + "register/new/", desk.new_household, name="new_household"),
    path(SESSION + "register/<int:household_id>/", desk.choose_members, name="choose_members"),
    path(GROUP, desk.group_members, name="group_members"),
    path(GROUP + "add/", desk.add_member, name="add_member"),
    path(MEMBERSHIP + "accept/", desk.accept_membership, name="accept_membership"),
    path(MEMBERSHIP + "decline/", desk.decline_membership, name="decline_membership"),
    path(MEMBERSHIP + "end/", desk.end_membership, name="end_membership"),
    path(MEMBERSHIP + "history/", desk.member_history, name="member_history"),
    path("shifts/", shifts.open_shifts, name="open_shifts"),
    path("shifts/mine/", shifts.my_shifts, name="my_shifts"),
    path("shifts/mine/calendar/", shifts.subscribe_shift_calendar, name="subscribe_shift_calendar"),
    path("shifts/mine/calendar/stop/", shifts.revoke_shift_calendar, name="revoke_shift_calendar"),
    path("shifts/<int:shift_id>/sign-up/", shifts.sign_up, name="shift_sign_up"),
    path("shifts/assignments/<int:assignment_id>/cancel/", shifts.cancel_shift, name="cancel_shift"),
    path("rosters/", roster_desk.roster_overview, name="roster_overview"),
    path(ROSTER_SHIFT, roster_desk.roster_shift, name="roster_shift"),
    path(ROSTER_SHIFT + "assign/", roster_desk.assign, name="roster_assign"),
    path(ROSTER_SHIFT + "came/", roster_desk.came_without_sign_up, name="roster_came"),
    path(ROSTER_SHIFT + "attendance/", roster_desk.record_attendance, name="roster_attendance"),
    path(ROSTER_ASSIGNMENT + "confirm/", roster_desk.confirm, name="roster_confirm"),
    path(ROSTER_ASSIGNMENT + "cancel/", roster_desk.cancel, name="roster_cancel"),
    path("certificates/", my_certificates.my_certificates, name="my_certificates"),
    path("confirm-password/", reauth.DeskConfirmPasswordView.as_view(), name="confirm_password"),
]
