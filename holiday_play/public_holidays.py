"""Belgian public holidays: no playground on these days."""

import datetime

from dateutil.easter import easter


def public_holidays(year):
    easter_sunday = easter(year)
    return {
        datetime.date(year, 1, 1),  # Nieuwjaar
        easter_sunday + datetime.timedelta(days=1),  # Paasmaandag
        datetime.date(year, 5, 1),  # Dag van de Arbeid
        easter_sunday + datetime.timedelta(days=39),  # O.L.H. Hemelvaart
        easter_sunday + datetime.timedelta(days=50),  # Pinkstermaandag
        datetime.date(year, 7, 21),  # Nationale feestdag
        datetime.date(year, 8, 15),  # O.L.V. Hemelvaart
        datetime.date(year, 11, 1),  # Allerheiligen
        datetime.date(year, 11, 11),  # Wapenstilstand
        datetime.date(year, 12, 25),  # Kerstmis
    }


def is_play_day(day):
    """A weekday that is not a public holiday."""
    return day.weekday() < 5 and day not in public_holidays(day.year)
