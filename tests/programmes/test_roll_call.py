"""Taking attendance on the desk: the rules (services.attendance) and the screen."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from programmes.models import Attendance, RollCall, Session
from programmes.services import attendance
from programmes.services.attendance import AttendanceError
from tests.programmes.factories import (
    ChildFactory,
    HouseholdFactory,
    MembershipFactory,
    ProgrammePageFactory,
    RegistrationFactory,
    SessionFactory,
)
from tests.programmes.test_finder import at
from tests.website.factories import UserFactory


@pytest.fixture
def session(home):
    """A session that started an hour ago, with three registered households."""
    programme = ProgrammePageFactory(title="Naailes", registration_mode="per_session")
    session = SessionFactory(programme=programme, starts_at=at(0, 0), capacity=20)
    for _ in range(3):
        RegistrationFactory(session=session)
    return session


@pytest.fixture
def coordinator(session):
    from tests.website.factories import may_edit

    return may_edit(UserFactory(roles=["coordinators"]), session.programme)


def people(session):
    return list(attendance.expected_people(session).order_by("pk"))


def test_expected_are_the_registered_the_members_and_the_walk_ins_already_marked(session):
    group = ProgrammePageFactory(registration_mode="membership", kind="group")
    meeting = SessionFactory(programme=group, starts_at=at(0, 10))
    member = MembershipFactory(programme=group)
    MembershipFactory(programme=group, status="applied")
    assert set(attendance.expected_people(meeting)) == set(member.members.all())
    assert len(people(session)) == 3


def test_marks_are_saved_and_logged_once_per_save(session):
    everyone = people(session)
    changed = attendance.record_attendance(
        session, {everyone[0].pk: "present", everyone[1].pk: "absent", everyone[2].pk: "excused"}, by=None
    )
    assert changed == 3
    assert dict(Attendance.objects.values_list("person_id", "status")) == {
        everyone[0].pk: "present",
        everyone[1].pk: "absent",
        everyone[2].pk: "excused",
    }
    assert Attendance.objects.get(person=everyone[0]).checked_in_at is not None
    (entry,) = ModelLogEntry.objects.filter(action="programmes.attendance.recorded")
    assert entry.data["marks"] == {
        str(everyone[0].pk): "present",
        str(everyone[1].pk): "absent",
        str(everyone[2].pk): "excused",
    }


def test_the_same_save_sent_twice_changes_nothing(session):
    person = people(session)[0]
    attendance.record_attendance(session, {person.pk: "present"}, by=None, idempotency_key="tap1")
    attendance.record_attendance(session, {person.pk: "absent"}, by=None, idempotency_key="tap1")
    assert Attendance.objects.get().status == "present"
    assert ModelLogEntry.objects.filter(action="programmes.attendance.recorded").count() == 1


def test_two_devices_the_last_save_wins_and_both_are_logged(session):
    person = people(session)[0]
    first, second = UserFactory(roles=["coordinators"]), UserFactory(roles=["coordinators"])
    attendance.record_attendance(session, {person.pk: "present"}, by=first, idempotency_key="a")
    attendance.record_attendance(session, {person.pk: "excused"}, by=second, idempotency_key="b")
    mark = Attendance.objects.get()
    assert (mark.status, mark.recorded_by) == ("excused", second)
    assert set(
        ModelLogEntry.objects.filter(action="programmes.attendance.recorded").values_list("user_id", flat=True)
    ) == {first.pk, second.pk}


def test_the_first_present_mark_is_the_check_in(session):
    late, early = people(session)[:2]
    attendance.record_attendance(session, {late.pk: "absent", early.pk: "present"}, by=None)
    checked_in = Attendance.objects.get(person=early).checked_in_at
    attendance.record_attendance(session, {late.pk: "present", early.pk: "absent"}, by=None)
    attendance.record_attendance(session, {early.pk: "present"}, by=None)
    assert Attendance.objects.get(person=late).checked_in_at is not None
    assert Attendance.objects.get(person=early).checked_in_at == checked_in


def roll_call_entries():
    return list(ModelLogEntry.objects.filter(action__startswith="programmes.attendance.").order_by("pk"))


def test_the_desks_save_is_one_change_with_one_audit_entry(session):
    everyone = people(session)
    marks = {everyone[0].pk: "present", everyone[1].pk: "absent"}
    changed = attendance.take_roll_call(
        session, marks, adults=2, children=3, note=" Kind en Gezin was er. ", by=None, idempotency_key="roll1"
    )
    assert changed == 2
    assert dict(Attendance.objects.values_list("person_id", "status")) == marks
    record = RollCall.objects.get()
    assert (record.walk_in_adults, record.walk_in_children, record.note) == (2, 3, "Kind en Gezin was er.")
    (entry,) = roll_call_entries()
    assert entry.action == "programmes.attendance.recorded"
    # Ids and codes only: the note's text never goes into the log.
    assert entry.data == {
        "marks": {str(everyone[0].pk): "present", str(everyone[1].pk): "absent"},
        "adults": 2,
        "children": 3,
        "note_changed": True,
    }


def test_the_desks_save_without_a_mark_changed_is_logged_as_what_changed(session):
    attendance.take_roll_call(session, {}, adults=4, children=6, note="", by=None)
    attendance.take_roll_call(session, {}, adults=4, children=6, note="Thema: slapen", by=None)
    assert [(entry.action, entry.data) for entry in roll_call_entries()] == [
        ("programmes.attendance.head_count", {"adults": 4, "children": 6}),
        ("programmes.attendance.note", {"note_changed": True}),
    ]


def test_saving_the_same_roll_call_again_writes_nothing(session):
    marks = {person.pk: "present" for person in people(session)}
    attendance.take_roll_call(session, marks, adults=1, children=0, note="", by=None, idempotency_key="a")
    saved = RollCall.objects.get().updated_at
    assert attendance.take_roll_call(session, marks, adults=1, children=0, note="", by=None, idempotency_key="b") == 0
    assert RollCall.objects.get().updated_at == saved
    assert len(roll_call_entries()) == 1


def test_a_first_save_with_nothing_counted_still_records_the_session(session):
    # "Nobody came" is a record: figures count the session as taken.
    assert attendance.take_roll_call(session, {}, adults=0, children=0, note="", by=None) == 0
    assert RollCall.objects.filter(session=session).exists()
    assert not roll_call_entries()


def test_the_desks_save_sent_twice_changes_nothing(session):
    person = people(session)[0]
    attendance.take_roll_call(
        session, {person.pk: "present"}, adults=1, children=0, note="", by=None, idempotency_key="k"
    )
    again = attendance.take_roll_call(
        session, {person.pk: "absent"}, adults=5, children=5, note="x", by=None, idempotency_key="k"
    )
    assert again == 0
    assert Attendance.objects.get().status == "present"
    record = RollCall.objects.get()
    assert (record.walk_in_adults, record.walk_in_children, record.note) == (1, 0, "")
    assert len(roll_call_entries()) == 1


def test_a_key_used_for_another_session_is_refused_not_called_saved(session):
    person = people(session)[0]
    other = SessionFactory(starts_at=at(0, 0))
    attendance.take_roll_call(other, {}, adults=1, children=0, note="", by=None, idempotency_key="k")
    with pytest.raises(AttendanceError) as excinfo:
        attendance.take_roll_call(
            session, {person.pk: "present"}, adults=2, children=0, note="", by=None, idempotency_key="k"
        )
    assert excinfo.value.code == "key"
    with pytest.raises(AttendanceError):
        attendance.record_attendance(session, {person.pk: "present"}, by=None, idempotency_key="k")
    assert not Attendance.objects.exists()
    assert not RollCall.objects.filter(session=session).exists()


def test_a_note_with_a_nul_is_refused(session):
    with pytest.raises(AttendanceError) as excinfo:
        attendance.save_note(session, "Thema\x00: slapen", by=None)
    assert excinfo.value.code == "note"
    assert not RollCall.objects.exists()


def test_the_desks_save_leaves_out_who_is_no_longer_expected(session):
    person = people(session)[0]
    stranger = ChildFactory(household=HouseholdFactory())
    marks = {person.pk: "present", stranger.pk: "present"}
    assert attendance.take_roll_call(session, marks, adults=0, children=0, note="", by=None) == 1
    assert list(Attendance.objects.values_list("person_id", flat=True)) == [person.pk]


@pytest.mark.parametrize(
    ("change", "marks", "adults", "code"),
    [
        ({"status": "cancelled", "cancel_reason": "Ziek"}, "present", 1, "cancelled_session"),
        ({}, "maybe", 1, "status"),
        ({}, "present", 1000, "head_count"),
    ],
)
def test_a_refused_roll_call_changes_nothing(session, change, marks, adults, code):
    for name, value in change.items():
        setattr(session, name, value)
    session.save()
    person = people(session)[0]
    with pytest.raises(AttendanceError) as excinfo:
        attendance.take_roll_call(session, {person.pk: marks}, adults=adults, children=0, note="x", by=None)
    assert excinfo.value.code == code
    assert not Attendance.objects.exists()
    assert not RollCall.objects.exists()


@pytest.mark.parametrize(
    ("change", "marks", "code"),
    [
        ({"status": "cancelled", "cancel_reason": "Ziek"}, None, "cancelled_session"),
        ({"starts_at": at(3, 9), "ends_at": at(3, 11)}, None, "not_yet"),
        ({}, "maybe", "status"),
        ({}, "stranger", "unknown_person"),
    ],
)
def test_refused_marks_change_nothing(session, change, marks, code):
    for name, value in change.items():
        setattr(session, name, value)
    session.save()
    person = people(session)[0]
    if marks == "stranger":
        marks = {ChildFactory(household=HouseholdFactory()).pk: "present"}
    else:
        marks = {person.pk: marks or "present"}
    with pytest.raises(AttendanceError) as excinfo:
        attendance.record_attendance(session, marks, by=None)
    assert excinfo.value.code == code
    assert not Attendance.objects.exists()


def test_head_counts_are_absolute_so_resending_counts_once(session):
    attendance.set_head_count(session, adults=4, children=6, by=None)
    attendance.set_head_count(session, adults=4, children=6, by=None)
    record = RollCall.objects.get()
    assert (record.walk_in_adults, record.walk_in_children) == (4, 6)
    assert ModelLogEntry.objects.filter(action="programmes.attendance.head_count").count() == 1


@pytest.mark.parametrize("value", [-1, 1000, "7", None])
def test_a_head_count_out_of_range_is_refused(session, value):
    with pytest.raises(AttendanceError) as excinfo:
        attendance.set_head_count(session, adults=value, children=0, by=None)
    assert excinfo.value.code == "head_count"
    assert not RollCall.objects.exists()


class TestRollCallScreen:
    def url(self, session):
        return reverse("desk:roll_call", args=[session.pk])

    def test_anonymous_goes_to_the_login(self, client, session):
        response = client.get(self.url(session))
        assert response.status_code == 302
        assert "/desk/login/" in response["Location"]

    @pytest.mark.parametrize("roles", [["coordinators"], ["grocery_volunteers"]])
    def test_someone_who_does_not_coordinate_it_gets_a_404(self, client, session, roles):
        client.force_login(UserFactory(roles=roles))
        assert client.get(self.url(session)).status_code == 404
        assert client.post(self.url(session), {}).status_code == 404

    def test_a_user_without_the_desk_gets_a_403(self, client, session):
        client.force_login(UserFactory(roles=["editors"]))
        assert client.get(self.url(session)).status_code == 403

    def test_one_save_marks_everyone_and_counts_the_walk_ins(self, client, session, coordinator):
        client.force_login(coordinator)
        everyone = people(session)
        data = {f"person-{p.pk}": "present" for p in everyone} | {
            "walk_in_adults": "2",
            "walk_in_children": "3",
            "note": "Kind en Gezin was er.",
            "idempotency_key": "abc123",
        }
        assert client.post(self.url(session), data).status_code == 302
        assert Attendance.objects.filter(status="present").count() == 3
        record = RollCall.objects.get()
        assert (record.walk_in_adults, record.walk_in_children, record.note) == (2, 3, "Kind en Gezin was er.")
        page = client.get(self.url(session))
        assert page.context["counts"]["present"] == 3

    def test_plus_and_minus_change_the_count_by_one(self, client, session, coordinator):
        client.force_login(coordinator)
        client.post(self.url(session), {"walk_in_adults": "2", "walk_in_children": "0", "adjust": "adults:+1"})
        client.post(self.url(session), {"walk_in_adults": "3", "walk_in_children": "0", "adjust": "children:-1"})
        record = RollCall.objects.get()
        assert (record.walk_in_adults, record.walk_in_children) == (3, 0)

    def test_an_empty_count_keeps_the_saved_one(self, client, session, coordinator):
        client.force_login(coordinator)
        client.post(self.url(session), {"walk_in_adults": "4", "walk_in_children": "2"})
        client.post(self.url(session), {"walk_in_adults": "", "walk_in_children": "3", "adjust": "adults:+1"})
        record = RollCall.objects.get()
        assert (record.walk_in_adults, record.walk_in_children) == (5, 3)

    @pytest.mark.parametrize(
        "data",
        [
            {"walk_in_adults": "veel"},
            {"walk_in_adults": "-4"},
            {"walk_in_children": "100000"},
            {"note": "x" * 1001},
            # PostgreSQL cannot store a NUL: a message, not a server error.
            {"note": "Kind\x00en Gezin"},
            {"person-999999": "present"},
            {"person-" + "9" * 30: "present"},
        ],
    )
    def test_bad_input_gets_a_message_and_saves_nothing(self, client, session, coordinator, data):
        client.force_login(coordinator)
        person = people(session)[0]
        response = client.post(self.url(session), {f"person-{person.pk}": "present"} | data)
        if any(name.startswith("person-") for name in data):
            # An id that is not on the list is ignored; the rest is saved.
            assert response.status_code == 302
            assert Attendance.objects.count() == 1
            return
        assert response.status_code == 400
        assert not Attendance.objects.exists()
        assert not RollCall.objects.exists()

    def test_a_mark_that_is_not_a_status_is_refused(self, client, session, coordinator):
        client.force_login(coordinator)
        person = people(session)[0]
        response = client.post(self.url(session), {f"person-{person.pk}": "<script>"})
        assert response.status_code == 400
        assert not Attendance.objects.exists()

    @pytest.mark.parametrize("extra", [2, 27])
    def test_queries_do_not_grow_with_the_people(
        self, client, session, coordinator, extra, django_assert_max_num_queries
    ):
        for _ in range(extra):
            RegistrationFactory(session=session)
        client.force_login(coordinator)
        everyone = people(session)
        data = {f"person-{p.pk}": "present" for p in everyone} | {"walk_in_adults": "0", "walk_in_children": "0"}
        with django_assert_max_num_queries(30):
            assert client.get(self.url(session)).status_code == 200
        with django_assert_max_num_queries(20):
            assert client.post(self.url(session), data).status_code == 302
        assert Attendance.objects.count() == len(everyone)


def test_saving_thirty_marks_takes_at_most_ten_queries(session, django_assert_max_num_queries):
    for _ in range(27):
        RegistrationFactory(session=session)
    marks = {p.pk: "present" for p in people(session)}
    assert len(marks) == 30
    with django_assert_max_num_queries(10):
        attendance.record_attendance(session, marks, by=None, idempotency_key="k30")


def test_the_desks_first_save_of_thirty_takes_at_most_ten_queries(session, django_assert_max_num_queries):
    for _ in range(27):
        RegistrationFactory(session=session)
    marks = {p.pk: "present" for p in people(session)}
    assert len(marks) == 30
    # Looked up once per process, at the first audit entry: not part of a save.
    ContentType.objects.get_for_model(Session)
    with django_assert_max_num_queries(10):
        attendance.take_roll_call(session, marks, adults=2, children=3, note="Thema", by=None, idempotency_key="k30")
    assert Attendance.objects.filter(status="present").count() == 30


class TestOneTap:
    def url(self, session):
        return reverse("desk:roll_call_mark", args=[session.pk])

    def test_a_tap_is_saved_once_per_key(self, client, session, coordinator):
        client.force_login(coordinator)
        person = people(session)[0]
        first = client.post(self.url(session), {"person": person.pk, "status": "present", "idempotency_key": "t1"})
        again = client.post(self.url(session), {"person": person.pk, "status": "present", "idempotency_key": "t1"})
        assert (first.json(), again.json()) == ({"changed": 1}, {"changed": 0})
        assert Attendance.objects.get().status == "present"

    @pytest.mark.parametrize(
        "data",
        [
            {"person": "abc", "status": "present", "idempotency_key": "k"},
            {"person": "1", "status": "present", "idempotency_key": "k-1"},
            {"person": "999999", "status": "present", "idempotency_key": "k"},
            {"person": "9" * 30, "status": "present", "idempotency_key": "k"},
            {"person": "1", "status": "present", "idempotency_key": "k" * 65},
            {"status": "present", "idempotency_key": "k"},
        ],
    )
    def test_a_bad_tap_is_a_400_with_a_message(self, client, session, coordinator, data):
        client.force_login(coordinator)
        response = client.post(self.url(session), data)
        assert response.status_code == 400
        assert response.json()["error"]
        assert not Attendance.objects.exists()

    def test_a_bad_status_is_a_400(self, client, session, coordinator):
        client.force_login(coordinator)
        person = people(session)[0]
        response = client.post(self.url(session), {"person": person.pk, "status": "ja", "idempotency_key": "k"})
        assert (response.status_code, response.json()["code"]) == (400, "status")

    def test_only_post_and_only_the_coordinator(self, client, session, coordinator):
        assert client.post(self.url(session), {}).status_code == 302
        client.force_login(UserFactory(roles=["coordinators"]))
        assert client.post(self.url(session), {}).status_code == 404
        client.force_login(coordinator)
        assert client.get(self.url(session)).status_code == 405


class TestWalkIns:
    def test_a_known_household_is_found_and_who_came_is_marked_present(self, client, session, coordinator):
        client.force_login(coordinator)
        household = HouseholdFactory(contact_name="Radka Petrova")
        child = ChildFactory(household=household, first_name="Mila")
        found = client.get(reverse("desk:walk_in", args=[session.pk]), {"q": "Petrova"})
        assert [h.pk for h in found.context["results"]] == [household.pk]
        response = client.post(
            reverse("desk:walk_in", args=[session.pk]), {"household": household.pk, "members": [child.pk]}
        )
        assert response.status_code == 302
        assert list(Attendance.objects.values_list("person_id", "status")) == [(child.pk, "present")]
        # From now on the child is on the roll call like everyone else.
        assert child in attendance.expected_people(session)

    def test_nobody_ticked_or_someone_elses_member_marks_nobody(self, client, session, coordinator):
        client.force_login(coordinator)
        household = HouseholdFactory()
        stranger = ChildFactory(household=HouseholdFactory())
        client.post(reverse("desk:walk_in", args=[session.pk]), {"household": household.pk, "members": [stranger.pk]})
        assert not Attendance.objects.exists()
        for not_an_id in ("abc", "²", "1" * 5000, ""):
            response = client.post(reverse("desk:walk_in", args=[session.pk]), {"household": not_an_id})
            assert response.status_code == 404

    def test_a_new_household_is_added_and_marked_present(self, client, session, coordinator):
        client.force_login(coordinator)
        response = client.post(
            reverse("desk:walk_in_new", args=[session.pk]),
            {
                "first_name": "Olena",
                "last_name": "Kovalenko",
                "phone": "0470 99 88 77",
                "language": "nl",
                "child_1_first_name": "Sofiia",
                "child_1_birth_date": "2019-04-02",
                "consent": "on",
            },
        )
        assert response.status_code == 302, response.context["form"].errors
        assert Attendance.objects.filter(status="present").count() == 2

    def test_walk_ins_of_another_programme_are_a_404(self, client, session):
        client.force_login(UserFactory(roles=["coordinators"]))
        assert client.get(reverse("desk:walk_in", args=[session.pk])).status_code == 404
        assert client.get(reverse("desk:walk_in_new", args=[session.pk])).status_code == 404


class TestAddMember:
    @pytest.fixture
    def group(self, home):
        return ProgrammePageFactory(title="Oudergroep Slovaaks", registration_mode="membership", kind="group")

    def test_the_coordinator_adds_a_household_to_the_group_at_once(
        self, client, group, django_capture_on_commit_callbacks
    ):
        from django.core import mail

        from tests.website.factories import may_edit

        client.force_login(may_edit(UserFactory(roles=["coordinators"]), group))
        household = HouseholdFactory(contact_name="Zuzana Horváthová")
        found = client.get(reverse("desk:add_member", args=[group.pk]), {"q": "Horváth"})
        assert [h.pk for h in found.context["results"]] == [household.pk]
        contact = household.members.get()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("desk:add_member", args=[group.pk]), {"household": household.pk, "members": [contact.pk]}
            )
        assert response.status_code == 302
        membership = household.memberships.get()
        assert (membership.status, membership.source) == ("active", "desk")
        # One mail, the welcome: "application received" is skipped once the membership is active.
        (welcome,) = mail.outbox
        with translation.override("nl"):
            assert welcome.subject == translation.gettext("Welcome to the group: %(title)s") % {"title": group.title}
        again = client.post(
            reverse("desk:add_member", args=[group.pk]), {"household": household.pk, "members": [contact.pk]}
        )
        assert again.status_code == 200
        assert household.memberships.count() == 1
        for not_an_id in ("abc", "²", "1" * 5000, ""):
            response = client.post(reverse("desk:add_member", args=[group.pk]), {"household": not_an_id})
            assert response.status_code == 404

    def test_another_coordinators_group_is_a_404(self, client, group):
        client.force_login(UserFactory(roles=["coordinators"]))
        assert client.get(reverse("desk:add_member", args=[group.pk])).status_code == 404
        assert client.post(reverse("desk:add_member", args=[group.pk]), {"household": "x"}).status_code == 404


class TestGroupFollowUp:
    def test_members_absent_three_times_in_a_row_are_flagged_and_their_history_shows(self, client, home):
        from tests.website.factories import may_edit

        group = ProgrammePageFactory(title="Oudergroep Bulgaars", registration_mode="membership", kind="group")
        client.force_login(may_edit(UserFactory(roles=["coordinators"]), group))
        faithful, missing = MembershipFactory(programme=group), MembershipFactory(programme=group)
        sessions = [SessionFactory(programme=group, starts_at=at(-days, 18)) for days in (28, 21, 14, 7)]
        for number, meeting in enumerate(sessions):
            marks = {faithful.members.get().pk: "present"}
            marks[missing.members.get().pk] = "present" if number == 0 else "absent"
            attendance.record_attendance(meeting, marks, by=None)
        page = client.get(reverse("desk:group_members", args=[group.pk]))
        flagged = {m.household_id for m in page.context["members"] if m.follow_up}
        assert flagged == {missing.household_id}
        history = client.get(reverse("desk:member_history", args=[group.pk, missing.pk]))
        assert [marks[0].status if marks[0] else None for _session, marks in history.context["rows"]] == [
            "absent",
            "absent",
            "absent",
            "present",
        ]

    def test_another_groups_member_history_is_a_404(self, client, home):
        from tests.website.factories import may_edit

        group = ProgrammePageFactory(registration_mode="membership", kind="group")
        other = MembershipFactory()
        client.force_login(may_edit(UserFactory(roles=["coordinators"]), group))
        assert client.get(reverse("desk:member_history", args=[group.pk, other.pk])).status_code == 404
        assert client.get(reverse("desk:member_history", args=[other.programme_id, other.pk])).status_code == 404
