import contextlib
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from programmes.errors import ProgrammeError
from programmes.models import Session
from programmes.services import scheduling
from programmes.services.scheduling import regenerate_sessions
from tests.programmes.factories import ProgrammePageFactory, ScheduleRuleFactory, SessionFactory, VenueFactory
from tests.website.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
TODAY = datetime.date(2026, 9, 1)


def local(*args):
    return datetime.datetime(*args, tzinfo=BRUSSELS)


def entries(session, action):
    return ModelLogEntry.objects.filter(action=action, object_id=str(session.pk))


@pytest.fixture
def coordinator(db):
    return UserFactory(roles=["coordinators"])


@pytest.fixture
def programme(home):
    return ProgrammePageFactory(title="Babbelonie", default_capacity=12)


@pytest.fixture
def rule(programme):
    """Every Monday and Wednesday 9:00–11:00 from 1 September 2026."""
    return ScheduleRuleFactory(programme=programme, weekdays="MO,WE", first_date=TODAY)


def sessions(programme):
    return list(Session.objects.filter(programme=programme).order_by("starts_at"))


def session_on(programme, *args):
    return Session.objects.get(programme=programme, original_start=local(*args))


def change(rule, **fields):
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.save()


# Regeneration


def test_regeneration_creates_a_year_of_sessions_from_today(programme):
    ScheduleRuleFactory(programme=programme, weekdays="WE", first_date=TODAY)
    result = regenerate_sessions(programme, today=TODAY)
    created = sessions(programme)
    assert len(result.created) == len(created) == 53
    assert created[0].starts_at == local(2026, 9, 2, 9, 0)
    assert created[-1].starts_at == local(2027, 9, 1, 9, 0)


def test_regeneration_keys_sessions_by_their_planned_start(programme, rule):
    regenerate_sessions(programme, today=TODAY)
    assert all(s.original_start == s.starts_at for s in sessions(programme))
    assert all(s.rule == rule for s in sessions(programme))


def test_generated_sessions_take_the_programmes_venue_and_capacity(programme, rule):
    regenerate_sessions(programme, today=TODAY)
    first = sessions(programme)[0]
    assert first.venue == programme.venue
    assert first.capacity == 12
    assert first.ends_at == local(2026, 9, 2, 11, 0)


def test_a_rules_venue_and_capacity_override_the_programmes(programme):
    other = VenueFactory(name="Ontmoetingscentrum Battel", neighbourhood="Battel")
    ScheduleRuleFactory(programme=programme, weekdays="WE", first_date=TODAY, venue=other, capacity=6)
    regenerate_sessions(programme, today=TODAY)
    first = sessions(programme)[0]
    assert (first.venue, first.capacity) == (other, 6)


def test_regenerating_twice_creates_nothing_new(programme, rule):
    regenerate_sessions(programme, today=TODAY)
    before = Session.objects.count()
    result = regenerate_sessions(programme, today=TODAY)
    assert (result.created, result.updated, result.deleted, result.flagged) == ([], [], 0, [])
    assert Session.objects.count() == before
    assert set(Session.objects.values_list("sequence", flat=True)) == {0}


def test_the_next_day_adds_only_the_day_that_came_into_the_horizon(programme, rule):
    regenerate_sessions(programme, today=TODAY)
    before = Session.objects.count()
    result = regenerate_sessions(programme, today=datetime.date(2026, 9, 2))  # horizon now ends on Thursday 2 Sept 2027
    assert result.created == []
    result = regenerate_sessions(programme, today=datetime.date(2026, 9, 7))  # ends on Monday 6 Sept 2027
    assert [s.starts_at for s in result.created] == [local(2027, 9, 6, 9, 0)]
    assert Session.objects.count() == before + 1


def test_changing_the_end_time_updates_future_sessions_and_bumps_their_sequence(programme, rule):
    regenerate_sessions(programme, today=TODAY)
    change(rule, end_time=datetime.time(11, 30))
    result = regenerate_sessions(programme, today=TODAY)
    assert len(result.updated) == Session.objects.count()
    assert all(timezone.localtime(s.ends_at).time() == datetime.time(11, 30) for s in sessions(programme))
    assert set(Session.objects.values_list("sequence", flat=True)) == {1}


def test_changing_the_programmes_capacity_updates_future_sessions(programme, rule):
    regenerate_sessions(programme, today=TODAY)
    programme.default_capacity = 15
    programme.save()
    regenerate_sessions(programme, today=TODAY)
    assert set(Session.objects.values_list("capacity", flat=True)) == {15}


def test_removing_a_weekday_deletes_its_sessions_without_people(programme, rule):
    regenerate_sessions(programme, today=TODAY)
    change(rule, weekdays="WE")
    result = regenerate_sessions(programme, today=TODAY)
    assert result.deleted == 52  # the Mondays from 7 September 2026 to 30 August 2027
    assert {timezone.localtime(s.starts_at).weekday() for s in sessions(programme)} == {2}


def test_a_session_with_people_is_never_deleted_but_flagged(programme, rule, monkeypatch):
    regenerate_sessions(programme, today=TODAY)
    monday = session_on(programme, 2026, 9, 14, 9, 0)
    monkeypatch.setattr(Session, "has_people", lambda session: session.pk == monday.pk)
    change(rule, weekdays="WE")
    regenerate_sessions(programme, today=TODAY)
    monday_after = Session.objects.get(pk=monday.pk)
    assert monday_after.needs_attention
    assert (monday_after.starts_at, monday_after.sequence) == (monday.starts_at, 0)


def test_a_session_with_people_keeps_its_time_when_the_rule_changes_but_is_flagged(programme, rule, monkeypatch):
    regenerate_sessions(programme, today=TODAY)
    wednesday = session_on(programme, 2026, 9, 16, 9, 0)
    monkeypatch.setattr(Session, "has_people", lambda session: session.pk == wednesday.pk)
    change(rule, end_time=datetime.time(12, 0))
    regenerate_sessions(programme, today=TODAY)
    after = Session.objects.get(pk=wednesday.pk)
    assert after.needs_attention
    assert (after.ends_at, after.sequence) == (wednesday.ends_at, 0)


def test_only_the_session_with_people_is_flagged(programme, rule, monkeypatch):
    regenerate_sessions(programme, today=TODAY)
    wednesday = session_on(programme, 2026, 9, 16, 9, 0)
    monkeypatch.setattr(Session, "has_people", lambda session: session.pk == wednesday.pk)
    change(rule, end_time=datetime.time(12, 0))
    result = regenerate_sessions(programme, today=TODAY)
    assert [s.pk for s in result.flagged] == [wednesday.pk]
    assert list(Session.objects.exclude(needs_attention="").values_list("pk", flat=True)) == [wednesday.pk]


def test_sessions_changed_by_hand_are_left_alone(programme, rule, coordinator):
    regenerate_sessions(programme, today=TODAY)
    moved = scheduling.move_session(
        session_on(programme, 2026, 9, 16, 9, 0),
        starts_at=local(2026, 9, 17, 13, 30),
        ends_at=local(2026, 9, 17, 15, 30),
        by=coordinator,
    )
    change(rule, end_time=datetime.time(12, 0))
    regenerate_sessions(programme, today=TODAY)
    after = Session.objects.get(pk=moved.pk)
    assert (after.starts_at, after.ends_at, after.sequence) == (moved.starts_at, moved.ends_at, moved.sequence)
    assert not after.needs_attention


def test_a_session_changed_by_hand_is_kept_when_its_day_leaves_the_schedule(programme, rule, coordinator):
    regenerate_sessions(programme, today=TODAY)
    moved = scheduling.move_session(
        session_on(programme, 2026, 9, 14, 9, 0),
        starts_at=local(2026, 9, 15, 9, 0),
        ends_at=local(2026, 9, 15, 11, 0),
        by=coordinator,
    )
    change(rule, weekdays="WE")
    regenerate_sessions(programme, today=TODAY)
    after = Session.objects.get(pk=moved.pk)
    assert after.starts_at == moved.starts_at
    assert after.needs_attention


def test_regeneration_leaves_sessions_added_by_hand_alone(programme, rule, coordinator):
    added = scheduling.add_session(
        programme, starts_at=local(2026, 9, 19, 14, 0), ends_at=local(2026, 9, 19, 16, 0), by=coordinator
    )
    regenerate_sessions(programme, today=TODAY)
    change(rule, weekdays="WE")
    regenerate_sessions(programme, today=TODAY)
    after = Session.objects.get(pk=added.pk)
    assert (after.starts_at, after.sequence, after.needs_attention) == (added.starts_at, 0, "")


def test_past_sessions_are_untouched(programme, rule):
    regenerate_sessions(programme, today=TODAY)
    past = list(Session.objects.filter(starts_at__lt=local(2026, 10, 1, 0, 0)).values_list("pk", "ends_at"))
    change(rule, weekdays="WE", end_time=datetime.time(12, 0))
    regenerate_sessions(programme, today=datetime.date(2026, 10, 1))
    assert list(Session.objects.filter(pk__in=[pk for pk, _ in past]).values_list("pk", "ends_at")) == past
    future = Session.objects.filter(starts_at__gte=local(2026, 10, 1, 0, 0))
    assert {timezone.localtime(s.ends_at).time() for s in future} == {datetime.time(12, 0)}


def test_a_cancelled_session_stays_cancelled_when_the_rule_changes(programme, rule, coordinator):
    regenerate_sessions(programme, today=TODAY)
    cancelled = scheduling.cancel_session(session_on(programme, 2026, 9, 16, 9, 0), reason="Ziek", by=coordinator)
    change(rule, end_time=datetime.time(12, 0))
    regenerate_sessions(programme, today=TODAY)
    assert Session.objects.get(pk=cancelled.pk).is_cancelled


def test_regeneration_keeps_a_capacity_changed_by_hand(programme, rule, coordinator):
    regenerate_sessions(programme, today=TODAY)
    changed = scheduling.change_capacity(session_on(programme, 2026, 9, 16, 9, 0), capacity=20, by=coordinator)
    regenerate_sessions(programme, today=TODAY)
    assert Session.objects.get(pk=changed.pk).capacity == 20


def test_deleting_a_rule_deletes_its_future_sessions_without_people(programme, rule):
    regenerate_sessions(programme, today=TODAY)
    rule.delete()
    regenerate_sessions(programme, today=TODAY)
    assert not Session.objects.filter(programme=programme).exists()


def test_replacing_a_rule_by_an_equal_one_keeps_the_sessions(programme, rule):
    regenerate_sessions(programme, today=TODAY)
    before = Session.objects.count()
    rule.delete()
    ScheduleRuleFactory(programme=programme, weekdays="MO,WE", first_date=TODAY)
    regenerate_sessions(programme, today=TODAY)
    assert Session.objects.count() == before


def test_a_rule_that_lands_on_a_session_added_by_hand_keeps_that_session(programme, coordinator):
    added = scheduling.add_session(
        programme, starts_at=local(2026, 9, 16, 9, 0), ends_at=local(2026, 9, 16, 11, 0), by=coordinator
    )
    ScheduleRuleFactory(programme=programme, weekdays="WE", first_date=TODAY)
    regenerate_sessions(programme, today=TODAY)
    assert Session.objects.filter(programme=programme, original_start=added.original_start).get() == added


# add_session


def test_add_session_adds_a_session_changed_by_hand(programme, coordinator):
    added = scheduling.add_session(
        programme, starts_at=local(2026, 12, 19, 14, 0), ends_at=local(2026, 12, 19, 16, 0), by=coordinator
    )
    assert (added.rule, added.changed_by_hand, added.original_start) == (None, True, added.starts_at)
    assert (added.venue, added.capacity) == (programme.venue, 12)


def test_add_session_takes_another_venue_and_capacity(programme, coordinator):
    other = VenueFactory(name="Speelplein Tivoli")
    added = scheduling.add_session(
        programme,
        starts_at=local(2026, 12, 19, 14, 0),
        ends_at=local(2026, 12, 19, 16, 0),
        venue=other,
        capacity=30,
        by=coordinator,
    )
    assert (added.venue, added.capacity) == (other, 30)


def test_add_session_is_logged(programme, coordinator):
    added = scheduling.add_session(
        programme, starts_at=local(2026, 12, 19, 14, 0), ends_at=local(2026, 12, 19, 16, 0), by=coordinator
    )
    assert entries(added, "programmes.session.added").get().user == coordinator


def test_add_session_refuses_an_end_before_the_start(programme, coordinator):
    with pytest.raises(ProgrammeError) as error:
        scheduling.add_session(
            programme, starts_at=local(2026, 12, 19, 14, 0), ends_at=local(2026, 12, 19, 13, 0), by=coordinator
        )
    assert error.value.code == "ends_before_start"
    assert not Session.objects.exists()


def test_add_session_at_the_start_of_an_existing_session_is_refused_with_a_clear_error(programme, coordinator):
    SessionFactory(programme=programme, starts_at=local(2026, 12, 19, 14, 0))
    with pytest.raises(ProgrammeError):
        scheduling.add_session(
            programme, starts_at=local(2026, 12, 19, 14, 0), ends_at=local(2026, 12, 19, 16, 0), by=coordinator
        )


# cancel_session


@pytest.fixture
def session(programme):
    return SessionFactory(programme=programme, starts_at=local(2026, 10, 7, 9, 0))


def test_cancel_session_cancels_with_the_reason(session, coordinator):
    scheduling.cancel_session(session, reason="  De begeleider is ziek.  ", by=coordinator)
    session.refresh_from_db()
    assert (session.status, session.cancel_reason) == (Session.Status.CANCELLED, "De begeleider is ziek.")


def test_cancel_session_bumps_the_sequence(session, coordinator):
    cancelled = scheduling.cancel_session(session, reason="Staking", by=coordinator)
    assert cancelled.sequence == Session.objects.get(pk=session.pk).sequence == 1


def test_cancel_session_is_logged(session, coordinator):
    scheduling.cancel_session(session, reason="Staking", by=coordinator)
    assert entries(session, "programmes.session.cancelled").get().user == coordinator


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_cancel_session_requires_a_reason(session, coordinator, reason):
    with pytest.raises(ProgrammeError) as error:
        scheduling.cancel_session(session, reason=reason, by=coordinator)
    assert error.value.code == "reason_required"
    session.refresh_from_db()
    assert (session.status, session.sequence) == (Session.Status.SCHEDULED, 0)
    assert not ModelLogEntry.objects.exists()


def test_cancelling_again_with_the_same_reason_is_refused(session, coordinator):
    scheduling.cancel_session(session, reason="Staking", by=coordinator)
    with pytest.raises(ProgrammeError) as error:
        scheduling.cancel_session(session, reason="Staking", by=coordinator)
    assert error.value.code == "already_cancelled"
    session.refresh_from_db()
    assert (session.cancel_reason, session.sequence) == ("Staking", 1)
    assert entries(session, "programmes.session.cancelled").count() == 1


def test_cancelling_again_with_another_reason_corrects_the_reason(session, coordinator):
    scheduling.cancel_session(session, reason="Staking", by=coordinator)
    scheduling.cancel_session(session, reason="Staking van de bussen", by=coordinator)
    session.refresh_from_db()
    assert (session.cancel_reason, session.sequence) == ("Staking van de bussen", 2)


def test_cancel_session_keeps_the_reason_within_200_characters(session, coordinator):
    scheduling.cancel_session(session, reason="x" * 250, by=coordinator)
    session.refresh_from_db()
    assert len(session.cancel_reason) == 200


# move_session


def test_move_session_sets_the_new_time_and_marks_it_changed_by_hand(session, coordinator):
    scheduling.move_session(
        session, starts_at=local(2026, 10, 8, 13, 0), ends_at=local(2026, 10, 8, 15, 0), by=coordinator
    )
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == (local(2026, 10, 8, 13, 0), local(2026, 10, 8, 15, 0))
    assert session.changed_by_hand
    assert session.original_start == local(2026, 10, 7, 9, 0)


def test_move_session_bumps_the_sequence_and_is_logged(session, coordinator):
    moved = scheduling.move_session(
        session, starts_at=local(2026, 10, 8, 13, 0), ends_at=local(2026, 10, 8, 15, 0), by=coordinator
    )
    assert moved.sequence == 1
    assert entries(session, "programmes.session.moved").get().user == coordinator


def test_move_session_to_another_venue(session, coordinator):
    other = VenueFactory(name="Bibliotheek Het Predikheren")
    scheduling.move_session(session, starts_at=session.starts_at, ends_at=session.ends_at, venue=other, by=coordinator)
    session.refresh_from_db()
    assert session.venue == other


def test_move_session_clears_needs_attention(session, coordinator):
    Session.objects.filter(pk=session.pk).update(needs_attention="Controleer deze sessie.")
    moved = scheduling.move_session(
        session, starts_at=local(2026, 10, 8, 13, 0), ends_at=local(2026, 10, 8, 15, 0), by=coordinator
    )
    assert moved.needs_attention == ""


def test_move_session_refuses_an_end_before_the_start(session, coordinator):
    with pytest.raises(ProgrammeError) as error:
        scheduling.move_session(
            session, starts_at=local(2026, 10, 8, 13, 0), ends_at=local(2026, 10, 8, 12, 0), by=coordinator
        )
    assert error.value.code == "ends_before_start"
    session.refresh_from_db()
    assert (session.starts_at, session.sequence, session.changed_by_hand) == (local(2026, 10, 7, 9, 0), 0, False)
    assert not ModelLogEntry.objects.exists()


# change_capacity


def test_change_capacity_sets_the_places_and_bumps_the_sequence(session, coordinator):
    changed = scheduling.change_capacity(session, capacity=8, by=coordinator)
    assert (changed.capacity, changed.sequence) == (8, 1)
    assert entries(session, "programmes.session.capacity_changed").get().data == {"capacity": 8, "reserved_places": 0}


def test_change_capacity_to_none_means_no_limit(session, coordinator):
    assert scheduling.change_capacity(session, capacity=None, by=coordinator).capacity is None


def test_change_capacity_refuses_a_negative_number(session, coordinator):
    with pytest.raises(ProgrammeError) as error:
        scheduling.change_capacity(session, capacity=-1, by=coordinator)
    assert error.value.code == "negative_capacity"
    session.refresh_from_db()
    assert (session.capacity, session.sequence) == (12, 0)
    assert not ModelLogEntry.objects.exists()


# reinstate_session


def test_reinstate_session_undoes_the_cancellation(session, coordinator):
    scheduling.cancel_session(session, reason="Staking", by=coordinator)
    reinstated = scheduling.reinstate_session(session, by=coordinator)
    assert (reinstated.status, reinstated.cancel_reason, reinstated.sequence) == (Session.Status.SCHEDULED, "", 2)
    assert entries(session, "programmes.session.reinstated").get().user == coordinator


def test_reinstating_a_session_that_is_not_cancelled_changes_nothing(session, coordinator):
    with contextlib.suppress(ProgrammeError):
        scheduling.reinstate_session(session, by=coordinator)
    session.refresh_from_db()
    assert session.sequence == 0
    assert not entries(session, "programmes.session.reinstated").exists()


def test_every_change_bumps_the_sequence_by_one(session, coordinator):
    scheduling.cancel_session(session, reason="Staking", by=coordinator)
    scheduling.reinstate_session(session, by=coordinator)
    scheduling.move_session(
        session, starts_at=local(2026, 10, 8, 13, 0), ends_at=local(2026, 10, 8, 15, 0), by=coordinator
    )
    scheduling.change_capacity(session, capacity=8, by=coordinator)
    session.refresh_from_db()
    assert session.sequence == 4
    assert ModelLogEntry.objects.filter(object_id=str(session.pk)).count() == 4


def test_services_work_from_the_stored_session_not_a_stale_copy(session, coordinator):
    stale = Session.objects.get(pk=session.pk)
    scheduling.change_capacity(session, capacity=8, by=coordinator)
    cancelled = scheduling.cancel_session(stale, reason="Staking", by=coordinator)
    assert (cancelled.capacity, cancelled.sequence) == (8, 2)
