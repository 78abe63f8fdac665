"""Sessions in, calendar out: pure functions, no requests, no database.

What real calendar apps need beyond RFC 5545 (see tests/programmes/test_ical.py):
- a VTIMEZONE for Europe/Brussels in the yearly-rule form (last Sunday of
  March and of October): icalendar's generated one lists every change as an
  RDATE, which some Outlook versions misread;
- stable bytes: DTSTAMP and LAST-MODIFIED come from the session's own
  modification time, so an unchanged session gives the same output;
- REFRESH-INTERVAL and X-PUBLISHED-TTL as real durations (PT12H);
- a stored UID and a SEQUENCE that grows with every change, so that a moved or
  cancelled session replaces the one already in the family's calendar.
"""

import datetime
from dataclasses import dataclass

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vDuration, vGeo, vRecur

TZID = "Europe/Brussels"
REFRESH = datetime.timedelta(hours=12)
PRODID = "-//Kansen//Sociaal Huis//NL"


@dataclass(frozen=True)
class FeedEvent:
    """What a calendar needs to know of one session, already in the reader's language."""

    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    modified_at: datetime.datetime
    sequence: int
    summary: str
    description: str
    location: str
    url: str
    category: str
    cancelled: bool = False
    latitude: float | None = None
    longitude: float | None = None


def brussels_timezone():
    """VTIMEZONE for Europe/Brussels with yearly rules (valid since 1996)."""
    timezone = Timezone()
    timezone.add("tzid", TZID)
    timezone.add("x-lic-location", TZID)
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("dtstart", datetime.datetime(1996, 10, 27, 3, 0))
    standard.add("tzoffsetfrom", datetime.timedelta(hours=2))
    standard.add("tzoffsetto", datetime.timedelta(hours=1))
    standard.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("dtstart", datetime.datetime(1981, 3, 29, 2, 0))
    daylight.add("tzoffsetfrom", datetime.timedelta(hours=1))
    daylight.add("tzoffsetto", datetime.timedelta(hours=2))
    daylight.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    timezone.add_component(standard)
    timezone.add_component(daylight)
    return timezone


def build_calendar(events, *, name):
    """A VCALENDAR with one VEVENT per session."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    calendar.add_component(brussels_timezone())
    for event in events:
        calendar.add_component(build_event(event))
    return calendar


def build_event(event):
    vevent = Event()
    vevent.add("uid", event.uid)
    modified = event.modified_at.astimezone(datetime.UTC)
    vevent.add("dtstamp", modified)
    vevent.add("last-modified", modified)
    vevent.add("sequence", event.sequence)
    vevent.add("dtstart", event.starts_at)
    vevent.add("dtend", event.ends_at)
    vevent.add("summary", event.summary)
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.latitude is not None and event.longitude is not None:
        vevent.add("geo", vGeo((float(event.latitude), float(event.longitude))))
    vevent.add("url", event.url)
    vevent.add("categories", [event.category])
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    return vevent


def serialise(calendar):
    return calendar.to_ical()
