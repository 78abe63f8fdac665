import datetime
import itertools
from decimal import Decimal
from unittest.mock import patch

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, Revision, Site

from programmes.models import ProgrammeIndexPage, ProgrammePage, ScheduleRule, Session, Venue
from website.models import HomePage, OrganisationSettings, StandardPage


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_seed_demo_builds_the_site_in_three_languages(seeded, client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert set(HomePage.objects.values_list("locale__language_code", flat=True)) == {"nl", "fr", "en"}
    for path in ("/", "/fr/", "/en/", "/sociale-kruidenier/", "/fr/epicerie-sociale/", "/en/social-grocery/"):
        assert client.get(path).status_code == 200, path


def test_seed_demo_links_the_ways_in_and_the_privacy_statement(seeded):
    home = HomePage.objects.get(locale__language_code="nl")
    assert home.finder_page
    assert home.badge_page
    assert home.playground_page
    organisation = OrganisationSettings.objects.get()
    assert organisation.privacy_page.title == "Privacyverklaring"
    organisation.full_clean()


def test_seed_demo_creates_one_user_per_role(seeded):
    users = get_user_model().objects.prefetch_related("groups")
    roles = {user.username: {g.name for g in user.groups.all()} for user in users}
    # Her role, and the team that edits every programme (so she coordinates them).
    assert roles["els"] == {"Coordinators", "Team Aanbod"}
    # Their role, and the grocery's teams (social work, the door).
    assert roles["sofie"] == {"Social workers", "Sociale dienst 't Schap"}
    assert roles["marc"] == {"Grocery volunteers", "Deurploeg 't Schap"}
    # Their role, and the playground's animator team.
    assert roles["yasmina"] == {"Animators", "Animatoren De Speelvogel"}
    assert roles["pieter"] == {"Editors"}
    assert users.get(username="admin").is_superuser


def test_the_demo_coordinator_coordinates_every_programme(seeded):
    from programmes.models import ProgrammePage
    from programmes.permissions import may_coordinate

    els = get_user_model().objects.get(username="els")
    programmes = ProgrammePage.objects.filter(locale__language_code="nl").specific()
    assert len(programmes) >= 5
    assert all(may_coordinate(els, programme) for programme in programmes)


def test_seed_demo_runs_twice_without_changing_anything(seeded):
    counts = (Page.objects.count(), StandardPage.objects.count(), get_user_model().objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Page.objects.count(), StandardPage.objects.count(), get_user_model().objects.count()) == counts


@override_settings(KANSEN_DEMO_DATA_ALLOWED=False)
def test_seed_demo_refuses_to_run_where_demo_data_is_not_allowed(db):
    with pytest.raises(CommandError, match="not allowed"):
        call_command("seed_demo")
    assert not HomePage.objects.exists()
    assert not get_user_model().objects.exists()


def test_production_settings_do_not_allow_demo_data():
    from website.settings import base

    assert base.KANSEN_DEMO_DATA_ALLOWED is False


# Programmes: the finder, programmes in three languages, venues and sessions.
# Seeding takes seconds: the class seeds once and every test rolls back to it.


def _seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _dutch_programmes():
    return ProgrammePage.objects.filter(locale__language_code="nl").order_by("path")


class TestSeededProgrammes(TestCase):
    @classmethod
    def setUpTestData(cls):
        _seed()

    def test_the_finder_is_a_programme_index_first_in_the_menu(self):
        for home in HomePage.objects.select_related("locale"):
            finder = home.finder_page.specific
            assert isinstance(finder, ProgrammeIndexPage)
            assert finder.locale_id == home.locale_id
            assert finder.live
            assert home.get_children().live().in_menu().first().specific == finder
        finders = ProgrammeIndexPage.objects.select_related("locale")
        assert {(f.locale.language_code, f.slug) for f in finders} == {
            ("nl", "aanbod"),
            ("fr", "activites"),
            ("en", "activities"),
        }
        assert len({f.translation_key for f in finders}) == 1
        assert not StandardPage.objects.filter(slug="aanbod").exists()

    def test_programmes_exist_in_three_languages(self):
        dutch = list(_dutch_programmes())
        assert len(dutch) >= 8
        assert {p.kind for p in dutch} >= {"meetup", "group", "grocery"}
        for page in dutch:
            assert page.live
            assert page.get_parent().slug == "aanbod"
            assert page.contact_email.endswith("@kansen.example")
            page.full_clean()
            languages = set(page.languages.values_list("code", flat=True))
            assert languages, page.title
            translations = {
                t.locale.language_code: t.specific for t in page.get_translations().select_related("locale")
            }
            assert set(translations) == {"fr", "en"}, page.title
            for translation in translations.values():
                assert translation.live
                assert translation.get_parent().locale_id == translation.locale_id
                assert isinstance(translation.get_parent().specific, ProgrammeIndexPage)
                assert set(translation.languages.values_list("code", flat=True)) == languages, translation.title
                shared = ("kind", "venue_id", "registration_mode", "price", "social_tariff", "min_age_months")
                assert [getattr(translation, f) for f in shared] == [getattr(page, f) for f in shared]
                assert translation.intro != page.intro
                # Sessions hang on the Dutch page only.
                assert not translation.schedule_rules.exists()
                assert not translation.sessions.exists()
                translation.full_clean()

    def test_programmes_match_the_real_projects(self):
        programmes = {p.slug: p for p in _dutch_programmes()}
        living = programmes["ouderontbijt-de-living"]
        rule = living.schedule_rules.get()
        assert (rule.preset, rule.nths, rule.weekdays, rule.excluded_months) == ("monthly", ["1"], ["WE"], ["7", "8"])
        assert living.registration_mode == "walk_in"
        assert living.is_free
        assert living.for_parents
        assert "Kind en Gezin" in str(living.body)

        grocery = programmes["sociale-kruidenier-open"]
        assert grocery.kind == "grocery"
        assert grocery.registration_mode == "walk_in"
        assert grocery.default_capacity is None
        assert "badge" in grocery.intro
        assert grocery.schedule_rules.get().rrule == "FREQ=MONTHLY;BYDAY=1TH,3TH"

        assert set(programmes["oudergroep-bulgaars"].languages.values_list("code", flat=True)) == {"bg", "nl"}
        assert set(programmes["oudergroep-slovaaks"].languages.values_list("code", flat=True)) == {"sk", "nl"}
        children = programmes["kindergroep-de-speelvogels"]
        assert (children.min_age_months, children.max_age_months, children.default_capacity) == (72, 155, 15)
        assert (children.price, children.social_tariff) == (Decimal("2.00"), Decimal("0.50"))
        assert programmes["huiswerkklas"].schedule_rules.get().skip_school_holidays

        rules = ScheduleRule.objects.filter(programme__in=programmes.values())
        for rule in rules:
            rule.full_clean()
        assert rules.filter(preset="one_off").exists()

    def test_venues_are_real_places_in_town(self):
        venues = Venue.objects.all()
        assert 4 <= venues.count() <= 6
        assert venues.values("neighbourhood").distinct().count() >= 2
        for venue in venues:
            venue.full_clean()
            assert Decimal("51.00") < venue.latitude < Decimal("51.05")
            assert Decimal("4.44") < venue.longitude < Decimal("4.51")
            assert venue.accessibility_notes

    def test_every_dutch_programme_has_upcoming_sessions(self):
        for page in _dutch_programmes():
            assert Session.objects.filter(programme=page).upcoming().scheduled().exists(), page.title
        # A year of history for the attendance figures, from the first of the month a year ago.
        first = (timezone.localdate() - datetime.timedelta(days=365)).replace(day=1)
        assert not Session.objects.filter(starts_at__date__lt=first).exists()
        assert Session.objects.filter(starts_at__date__lt=first + datetime.timedelta(days=31)).exists()

    def test_one_session_is_cancelled_with_a_reason_and_one_moved(self):
        admin = get_user_model().objects.get(username="admin")
        cancelled = Session.objects.get(status=Session.Status.CANCELLED)
        assert cancelled.cancel_reason == "Zieke begeleider — we zien je volgende week!"
        assert cancelled.starts_at > timezone.now()
        moved = Session.objects.get(changed_by_hand=True)
        assert moved.venue != moved.programme.specific.venue
        assert moved.starts_at != moved.original_start
        assert moved.status == Session.Status.SCHEDULED
        for session, action in ((cancelled, "programmes.session.cancelled"), (moved, "programmes.session.moved")):
            assert session.sequence >= 1
            entry = ModelLogEntry.objects.get(object_id=str(session.pk), action=action)
            assert entry.user == admin

    def test_households_have_a_full_session_with_a_waiting_list_and_a_year_of_attendance(self):
        from programmes.models import Attendance, Household, Registration, RollCall

        assert Household.objects.count() >= 20
        assert Household.objects.filter(possible_duplicate_of__isnull=False).exists()
        assert Registration.objects.waiting().exists()
        year_ago = timezone.localdate() - datetime.timedelta(days=300)
        assert Attendance.objects.filter(session__local_date__lt=year_ago).exists()
        assert set(Attendance.objects.values_list("status", flat=True)) == {"present", "absent", "excused"}
        for page in _dutch_programmes().filter(registration_mode__in=["per_session", "membership"]):
            if Session.objects.filter(programme=page, local_date__lt=timezone.localdate()).scheduled().exists():
                assert Attendance.objects.filter(session__programme=page).exists(), page.title
        assert RollCall.objects.filter(walk_in_adults__gt=0).exists()

    def test_the_grocery_has_badges_in_every_state_and_a_year_of_visits(self):
        from django.db.models import Count

        from groceries.models import Badge, GroceryPage, Renewal, Visit
        from groceries.permissions import badge_groceries, door_groceries

        grocery = GroceryPage.objects.get(locale__language_code="nl")
        assert GroceryPage.objects.filter(translation_key=grocery.translation_key).count() == 3
        assert grocery.package_sizes.count() == 3
        today = timezone.localdate()
        badges = list(Badge.objects.all())
        assert len({badge.household_id for badge in badges}) == 60
        assert {badge.state(today) for badge in badges} == {"active", "expired", "suspended", "replaced"}
        assert Badge.objects.expiring(datetime.timedelta(weeks=2)).exists()
        assert Renewal.objects.exists()
        per_opening = Visit.objects.values("opening").annotate(households=Count("pk"))
        assert per_opening.count() >= 20
        recent = per_opening.filter(opening__local_date__gte=today - datetime.timedelta(days=120))
        assert all(40 <= row["households"] <= 60 for row in recent)
        volunteer = get_user_model().objects.get(username="marc")
        social_worker = get_user_model().objects.get(username="sofie")
        assert list(door_groceries(volunteer)) == [grocery]
        assert list(badge_groceries(social_worker)) == [grocery]

    def test_the_playground_plays_in_the_school_holidays(self):
        from holiday_play.models import HolidayPeriod, PlaygroundPage

        playground = PlaygroundPage.objects.get(locale__language_code="nl")
        assert PlaygroundPage.objects.filter(translation_key=playground.translation_key).count() == 3
        assert playground.age_groups.count() == 3
        assert HolidayPeriod.objects.count() >= 10
        days = Session.objects.filter(programme=playground)
        assert days.filter(local_date__gte=timezone.localdate()).exists()
        assert not days.filter(local_date__week_day__in=[1, 7]).exists()  # no weekends
        homework = ProgrammePage.objects.get(slug="huiswerkklas")
        christmas = HolidayPeriod.objects.filter(name="Kerstvakantie").last()
        assert not Session.objects.filter(
            programme=homework, local_date__range=(christmas.first_day, christmas.last_day)
        ).exists()

    def test_the_playground_has_eighty_children_with_profiles_and_contacts(self):
        from holiday_play.models import ChildContact, ChildProfile

        profiles = ChildProfile.objects.select_related("child")
        assert profiles.count() == 80
        assert all(profile.child.is_child and profile.child.birth_date for profile in profiles)
        households = {profile.child.household_id for profile in profiles}
        assert len(households) < 80  # brothers and sisters
        assert 0.3 <= profiles.filter(social_tariff=True).count() / 80 <= 0.5
        assert {"halal", "vegetarisch", "geen varkensvlees"} <= set(profiles.values_list("diet", flat=True))
        assert profiles.exclude(allergies="").count() >= 4
        assert profiles.exclude(medical_notes="").exclude(medication="").exists()
        assert profiles.exclude(uitpas_number="").exists()
        assert profiles.filter(photo_consent=True).count() > 60
        today = timezone.localdate()
        alone = profiles.filter(may_go_home_alone=True)
        assert alone.exists()
        assert all((today - profile.child.birth_date).days >= 10 * 365 for profile in alone)
        contacts = ChildContact.objects.values("profile").annotate(n=Count("pk"))
        assert contacts.count() == 80
        assert {row["n"] for row in contacts} <= {1, 2, 3}
        assert ChildContact.objects.filter(may_pick_up=True, emergency=True).exists()
        assert set(ChildContact.objects.values_list("relationship", flat=True)) >= {"mama", "papa", "oma"}

    def test_each_age_group_of_the_playground_takes_its_animators_from_the_roster(self):
        from holiday_play.models import PlaygroundPage
        from holiday_play.services.day_list import day_list

        for playground in PlaygroundPage.objects.all():
            assert all(group.role_id for group in playground.age_groups.all()), playground
        playground = PlaygroundPage.objects.get(locale__language_code="nl")
        coming = playground.sessions.filter(
            local_date__gte=timezone.localdate(), shifts__assignments__status__in=["signed_up", "confirmed"]
        )
        groups = day_list(playground, coming.order_by("starts_at").first())
        assert all(group.rostered is not None for group in groups)
        assert any(group.rostered for group in groups)

    def test_the_playground_has_a_season_of_bookings_and_check_outs(self):
        from holiday_play.models import AnimatorCount, Booking, PlaygroundPage, Signal
        from programmes.models import Attendance

        playground = PlaygroundPage.objects.get(locale__language_code="nl")
        today = timezone.localdate()
        past = Booking.objects.filter(play_day__programme=playground, play_day__local_date__lt=today)
        assert past.count() > 500
        assert past.filter(source="walk_in").exists()
        assert past.filter(paid=True).count() > 0.8 * past.count()
        marks = Attendance.objects.filter(session__programme=playground)
        present = marks.filter(status="present")
        assert present.count() > 0.85 * marks.count()
        assert marks.filter(status="absent").exists()
        checked_out = present.exclude(checked_out_at=None)
        assert checked_out.count() == present.count()
        first = checked_out.order_by("checked_in_at").first()
        local_in, local_out = timezone.localtime(first.checked_in_at), timezone.localtime(first.checked_out_at)
        assert datetime.time(8, 30) <= local_in.time() <= datetime.time(9, 30)
        assert datetime.time(16) <= local_out.time() <= datetime.time(17)
        picked_up = past.filter(status="confirmed").exclude(picked_up_by="")
        assert picked_up.count() == present.count()
        from django.utils.translation import override

        from holiday_play.services.day_list import picked_up_by_text, went_home_alone

        # In the words the desk writes (services.day_list) when it checks a child out.
        with override("nl"):
            alone = went_home_alone()
        booking = picked_up.exclude(picked_up_by=alone).filter(pickup_override="").first()
        assert booking.picked_up_by in {
            picked_up_by_text(contact) for contact in booking.child.child_profile.contacts.filter(may_pick_up=True)
        }
        assert booking.checked_out_by.username == "yasmina"
        assert picked_up.filter(picked_up_by=alone).exists()
        assert picked_up.exclude(pickup_override="").exists()
        # The coming holiday: a full age group with a waiting list.
        waiting = Booking.objects.waiting().filter(play_day__local_date__gt=today)
        assert waiting.exists()
        full = waiting.first()
        taken = Booking.objects.confirmed().filter(play_day=full.play_day, age_group=full.age_group).count()
        assert taken == full.age_group.capacity
        counts = AnimatorCount.objects.filter(play_day__programme=playground)
        assert counts.exists()
        assert not counts.filter(play_day__local_date__gte=today).exists()
        signals = Signal.objects.filter(playground=playground)
        assert signals.count() == 3
        assert signals.filter(followed_up_at__isnull=False).count() == 1
        assert set(signals.values_list("author__username", flat=True)) == {"yasmina", "els"}

    def test_a_second_run_adds_no_programmes_or_sessions(self):
        from holiday_play.models import Booking
        from programmes.models import Attendance, Certificate, Shift, ShiftAssignment, ShiftTemplate, Volunteer

        def counts():
            return (
                ProgrammeIndexPage.objects.count(),
                ProgrammePage.objects.count(),
                ScheduleRule.objects.count(),
                Venue.objects.count(),
                Session.objects.count(),
                Session.objects.filter(status=Session.Status.CANCELLED).count(),
                Session.objects.filter(changed_by_hand=True).count(),
                Revision.objects.count(),
                Booking.objects.count(),
                Attendance.objects.count(),
                Volunteer.objects.count(),
                Certificate.objects.count(),
                ShiftTemplate.objects.count(),
                Shift.objects.count(),
                ShiftAssignment.objects.count(),
            )

        before = counts()
        _seed()
        assert counts() == before

    def test_the_volunteers_are_people_from_town_who_use_the_desk(self):
        from programmes.models import Volunteer

        volunteers = list(Volunteer.objects.select_related("user").prefetch_related("languages"))
        assert len(volunteers) >= 25
        assert {"marc", "yasmina", "veerle", "fatima", "ivan"} <= {v.user.username for v in volunteers}
        spoken = set()
        for volunteer in volunteers:
            assert volunteer.user.get_full_name(), volunteer
            assert volunteer.phone.startswith("04"), volunteer
            assert volunteer.skills, volunteer
            assert volunteer.availability, volunteer
            assert volunteer.agreement_signed_on <= timezone.localdate(), volunteer
            assert volunteer.user.has_perm("website.use_desk"), volunteer
            assert volunteer.user.check_password("kansen-demo"), volunteer
            spoken |= {language.code for language in volunteer.languages.all()}
        assert {"nl", "fr", "ar", "bg", "tr", "ro", "en"} <= spoken
        assert Volunteer.objects.filter(active=False).exists()
        # The door volunteer's and the animator's groups are theirs (test above); the others' fit their roles.
        veerle = get_user_model().objects.get(username="veerle")
        assert set(veerle.groups.values_list("name", flat=True)) == {"Grocery volunteers", "Deurploeg 't Schap"}

    def test_certificates_are_in_every_state_relative_to_today(self):
        from programmes.models import Certificate, VolunteerSettings

        today = timezone.localdate()
        soon = today + datetime.timedelta(weeks=VolunteerSettings.load().renewal_reminder_weeks)
        model_2 = Certificate.objects.filter(kind="model_2")
        assert model_2.covering(today).filter(valid_until__gt=soon).exists()  # valid and confirmed
        assert model_2.covering(today).filter(valid_until__lte=soon).exists()  # renew now
        expired = (
            model_2.confirmed()
            .filter(valid_until__lt=today)
            .exclude(volunteer__in=model_2.covering(today).values("volunteer"))
        )
        assert expired.exists()
        unconfirmed = model_2.filter(confirmed_at__isnull=True)
        assert unconfirmed.filter(declared_by_volunteer=True, valid_until__gte=today).exists()
        assert Certificate.objects.filter(kind="first_aid").exists()
        assert all(
            certificate.confirmed_by_id and certificate.confirmed_at.date() <= today
            for certificate in Certificate.objects.confirmed()
        )

    def test_every_session_of_the_rostered_programmes_has_its_standard_shifts(self):
        from programmes.models import Shift

        programmes = {p.slug: p for p in _dutch_programmes()}
        expected = {
            "sociale-kruidenier-open": {"Onthaal/deur": (2, -30), "Kassa": (1, 0), "Stock": (1, -60)},
            "ouderontbijt-de-living": {"Kok": (2, -45)},
            "oudergroep-bulgaars": {"Tolk": (1, 0)},
            "oudergroep-slovaaks": {"Tolk": (1, 0)},
            "speelplein-de-speelvogel": {
                "Animator kleuters": (2, 0),
                "Animator middengroep": (2, 0),
                "Animator tieners": (1, 0),
            },
        }
        for slug, roles in expected.items():
            programme = programmes[slug]
            assert {t.role.name: t.needed for t in programme.shift_templates.all()} == {
                role: needed for role, (needed, _offset) in roles.items()
            }
            # The page's revision holds them too, or the next publication drops them.
            assert programme.get_latest_revision_as_object().shift_templates.count() == len(roles), slug
            sessions = Session.objects.filter(programme=programme)
            assert sessions.filter(local_date__gte=timezone.localdate()).exists(), slug
            for session in sessions.prefetch_related("shifts__role"):
                shifts = {shift.role.name: shift for shift in session.shifts.all()}
                assert set(shifts) == set(roles), (slug, session)
                for role, (needed, offset) in roles.items():
                    shift = shifts[role]
                    assert shift.needed == needed
                    assert shift.effective_starts_at == session.starts_at + datetime.timedelta(minutes=offset)
                    assert shift.effective_ends_at == session.ends_at
        assert not Shift.objects.exclude(session__programme__in=[programmes[slug] for slug in expected]).exists()

    def test_past_shifts_record_who_came_and_their_hours(self):
        from programmes.models import ShiftAssignment

        now = timezone.now()
        past = ShiftAssignment.objects.filter(shift__session__ends_at__lte=now).select_related("shift__session")
        assert past.count() > 300
        assert set(past.values_list("status", flat=True)) == {"came", "no_show"}
        assert 0.01 <= past.filter(status="no_show").count() / past.count() <= 0.1
        assert not past.filter(status="no_show", hours__isnull=False).exists()
        for assignment in past.filter(status="came"):
            shift = assignment.shift
            length = Decimal((shift.effective_ends_at - shift.effective_starts_at).total_seconds()) / 3600
            assert assignment.hours == length, assignment
            assert assignment.created_at < shift.effective_starts_at
        coming = ShiftAssignment.objects.filter(shift__session__starts_at__gt=now)
        assert set(coming.values_list("status", flat=True)) <= {"signed_up", "confirmed", "cancelled"}
        assert not coming.filter(hours__isnull=False).exists()

    def test_no_volunteer_is_on_two_shifts_at_once(self):
        from programmes.models import ShiftAssignment

        shifts = {}
        for assignment in ShiftAssignment.objects.active().select_related("shift__session"):
            shift = assignment.shift
            shifts.setdefault(assignment.volunteer_id, []).append((shift.effective_starts_at, shift.effective_ends_at))
        assert len(shifts) >= 20
        for volunteer, times in shifts.items():
            times.sort()
            for (_start, end), (next_start, _end) in itertools.pairwise(times):
                assert next_start >= end, volunteer

    def test_every_animator_had_a_confirmed_model_2_on_the_day(self):
        from programmes.models import ShiftAssignment

        animators = (
            ShiftAssignment.objects.active()
            .filter(shift__role__child_facing=True)
            .select_related("shift__session", "volunteer")
            .prefetch_related("volunteer__certificates")
        )
        assert animators.count() > 100
        for assignment in animators:
            day = assignment.shift.local_date
            assert any(c.kind == "model_2" and c.covers(day) for c in assignment.volunteer.certificates.all()), (
                assignment
            )
            assert assignment.volunteer.agreement_signed_on <= day

    def test_the_door_volunteer_has_a_door_shift_at_every_coming_opening(self):
        from groceries.models import GroceryPage
        from groceries.permissions import door_at

        grocery = GroceryPage.objects.get(locale__language_code="nl")
        marc = get_user_model().objects.get(username="marc")
        today = timezone.localdate()
        openings = Session.objects.filter(
            programme=grocery, local_date__gte=today, local_date__lte=today + datetime.timedelta(weeks=8)
        ).scheduled()
        assert openings.exists()
        for opening in openings:
            door = opening.shifts.get(role__name="Onthaal/deur")
            assert door.assignments.active().filter(volunteer__user=marc).exists(), opening
            assert door_at(marc, grocery, opening, now=opening.starts_at).open, opening
        upcoming = Session.objects.filter(programme=grocery).upcoming().scheduled().earliest("starts_at")
        assert upcoming.shifts.get(role__name="Onthaal/deur").assignments.active().exists()

    def test_coming_shifts_are_partly_short_and_never_over(self):
        from programmes.models import Shift

        today = timezone.localdate()
        coming = Shift.objects.filter(
            session__local_date__gte=today, session__local_date__lte=today + datetime.timedelta(weeks=8)
        ).annotate(taken=Count("assignments", filter=~Q(assignments__status="cancelled")))
        states = {"short" if s.taken < s.needed else "ok" if s.taken == s.needed else "over" for s in coming}
        assert states == {"short", "ok"}
        assert (
            not Shift.objects.annotate(taken=Count("assignments", filter=~Q(assignments__status="cancelled")))
            .filter(taken__gt=F("needed"))
            .exists()
        )

    def test_the_finder_and_the_programme_pages_answer(self):
        response = self.client.get("/aanbod/")
        assert response.status_code == 200
        assert "Oudergroep Bulgaars" in response.text
        for path in ("/fr/activites/", "/en/activities/"):
            assert self.client.get(path).status_code == 200, path
        for page in ProgrammePage.objects.all():
            assert self.client.get(page.url).status_code == 200, page.url


def test_seed_demo_replaces_the_finder_information_page_of_an_older_demo(db):
    """A demo site seeded before the finder existed gets the finder in place of its 'Aanbod' page."""
    from website import demo

    with patch.object(demo, "_build_finder"), patch.object(demo.programmes_demo, "seed"):
        demo.seed(log=lambda line: None)
    homes = list(HomePage.objects.order_by("pk"))
    old = homes[0].add_child(instance=StandardPage(title="Aanbod", slug="aanbod", locale=homes[0].locale))
    for home in homes:
        home.finder_page = old
        home.save_revision().publish()

    _seed()
    assert not StandardPage.objects.filter(slug="aanbod").exists()
    finder = HomePage.objects.get(locale__language_code="nl").finder_page.specific
    assert isinstance(finder, ProgrammeIndexPage)
    assert finder.url_path.endswith("/aanbod/")
    assert _dutch_programmes().exists()
