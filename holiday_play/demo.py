"""Demo data for holiday_play: the Flemish school holidays of this school
year and the last, as the government publishes them."""

import datetime

from holiday_play.models import HolidayPeriod

D = datetime.date
# (uid, name, first day, last day): the uids are those an import of the official file would give.
PERIODS = [
    ("herfstvakantie-2025", "Herfstvakantie", D(2025, 10, 27), D(2025, 11, 2)),
    ("kerstvakantie-2025", "Kerstvakantie", D(2025, 12, 22), D(2026, 1, 4)),
    ("krokusvakantie-2026", "Krokusvakantie", D(2026, 2, 16), D(2026, 2, 22)),
    ("paasvakantie-2026", "Paasvakantie", D(2026, 4, 6), D(2026, 4, 19)),
    ("zomervakantie-2026", "Zomervakantie", D(2026, 7, 1), D(2026, 8, 31)),
    ("herfstvakantie-2026", "Herfstvakantie", D(2026, 11, 2), D(2026, 11, 8)),
    ("kerstvakantie-2026", "Kerstvakantie", D(2026, 12, 21), D(2027, 1, 3)),
    ("krokusvakantie-2027", "Krokusvakantie", D(2027, 2, 8), D(2027, 2, 14)),
    ("paasvakantie-2027", "Paasvakantie", D(2027, 3, 29), D(2027, 4, 11)),
    ("zomervakantie-2027", "Zomervakantie", D(2027, 7, 1), D(2027, 8, 31)),
]


def seed(log=print):
    if HolidayPeriod.objects.exists():
        log("School holidays: already there, left as they are.")
        return
    for uid, name, first, last in PERIODS:
        HolidayPeriod.objects.create(uid=f"{uid}@onderwijs.vlaanderen.be", name=name, first_day=first, last_day=last)
    log(f"School holidays: {len(PERIODS)} periods in two school years.")
