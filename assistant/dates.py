"""Due dates written the way people write them in notes, resolved against a reference date.

Pure: a phrase and a reference date (today in the note-taker's time zone) in, a date out. The
three languages of the interface are understood: "next Friday", "by 12 March", "in two weeks",
"innen 15. mars", "om to uker", "senast 3 april", "nästa vecka", "week 12" / "uke 12" / "vecka 12".

Rules, so the answer never surprises:
- a weekday alone ("Friday", "på fredag", "by Friday") is the first such day after the reference date;
- "next Friday" / "neste fredag" / "nästa fredag" is that weekday in the week after the reference week;
- "next week" / "neste uke" / "nästa vecka" is the Friday of the next week;
- a day and month without a year is the first such date on or after the reference date;
- "week N" is the Friday of ISO week N, this year or, if it has passed, next year.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

WEEKDAYS = {
    # en
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    # nb
    "mandag": 0,
    "tirsdag": 1,
    "onsdag": 2,
    "torsdag": 3,
    "fredag": 4,
    "lørdag": 5,
    "søndag": 6,
    # sv
    "måndag": 0,
    "tisdag": 1,
    # onsdag, torsdag, fredag are shared with nb
    "lördag": 5,
    "söndag": 6,
}

MONTHS = {
    "january": 1,
    "jan": 1,
    "januar": 1,
    "januari": 1,
    "february": 2,
    "feb": 2,
    "februar": 2,
    "februari": 2,
    "march": 3,
    "mar": 3,
    "mars": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "mai": 5,
    "maj": 5,
    "june": 6,
    "jun": 6,
    "juni": 6,
    "july": 7,
    "jul": 7,
    "juli": 7,
    "august": 8,
    "aug": 8,
    "augusti": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
    "desember": 12,
    "des": 12,
}

NUMBERS = {
    "one": 1,
    "a": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "en": 1,
    "ett": 1,
    "ei": 1,
    "to": 2,
    "två": 2,
    "tre": 3,
    "fire": 4,
    "fyra": 4,
    "fem": 5,
    "seks": 6,
    "sex": 6,
}

_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMBER = r"\d{1,2}|" + "|".join(sorted(NUMBERS, key=len, reverse=True))
_B = r"(?<![\wæøåäö])"  # word start that knows the Nordic letters
_E = r"(?![\wæøåäö])"

NEXT = r"(?:next|neste|nästa|kommende|kommande)"
WEEK = r"(?:week|weeks|uke|uker|uka|veke|vecka|veckor|veckan)"
DAY = r"(?:day|days|dag|dager|dagar)"
IN = r"(?:in|within|om|innen|inom|i løpet av|inden)"
# Words in front of a date that belong to the phrase shown back to the reader ("innen 15. mars").
BY = r"(?:(?:by|before|on|until|due|innen|senest|senast|før|innan|före|till|den|på|per)\s+)?"


@dataclass(frozen=True)
class Found:
    """A due date found in a sentence, and the words that said it."""

    date: datetime.date
    phrase: str


def _pattern(body: str) -> re.Pattern:
    return re.compile(_B + body + _E, re.IGNORECASE)


# Order matters: the more specific phrase is tried first.
_DAY_MONTH = _pattern(
    rf"{BY}(?P<day>\d{{1,2}})\.?\s*(?:of\s+)?(?P<month>{_MONTH})\.?(?:\s+(?P<year>\d{{4}}))?"
)
_MONTH_DAY = _pattern(
    rf"{BY}(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?"
)
_NUMERIC = _pattern(BY + r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?:(?P<year>\d{4}))?")
_ISO = _pattern(BY + r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
_NEXT_WEEKDAY = _pattern(rf"{BY}{NEXT}\s+(?P<weekday>{_WEEKDAY})")
_WEEKDAY_ALONE = _pattern(rf"{BY}(?P<weekday>{_WEEKDAY})")
_NEXT_WEEK = _pattern(rf"{NEXT}\s+{WEEK}|(?:neste|nästa)\s+(?:uke|vecka)")
_IN_WEEKS = _pattern(rf"{IN}\s+(?P<n>{_NUMBER})\s+{WEEK}")
_IN_DAYS = _pattern(rf"{IN}\s+(?P<n>{_NUMBER})\s+{DAY}")
_WEEK_NUMBER = _pattern(BY + r"(?:week|uke|veke|vecka|v\.)\s*(?P<week>\d{1,2})")
_TOMORROW = _pattern(r"tomorrow|i morgen|imorgen|i morgon|imorgon")
_MONTH_END = _pattern(
    r"(?:by\s+)?the\s+end\s+of\s+the\s+month|end\s+of\s+(?:the\s+)?month|"
    r"(?:innen\s+)?utgangen\s+av\s+(?:måneden|mnd)|slutten\s+av\s+måneden|"
    r"(?:i\s+)?slutet\s+av\s+månaden|månadsskiftet|månedsskiftet"
)


def find_due(text: str, today: datetime.date) -> Found | None:
    """The first due date the text names, resolved against `today`; None when it names none."""
    for finder in (
        _explicit,
        _next_weekday,
        _weekday,
        _next_week,
        _in_weeks,
        _in_days,
        _week_number,
        _tomorrow,
        _month_end,
    ):
        found = finder(text, today)
        if found is not None:
            return found
    return None


def _explicit(text: str, today: datetime.date) -> Found | None:
    candidates = []
    for pattern, numeric_month in ((_ISO, True), (_DAY_MONTH, False), (_MONTH_DAY, False), (_NUMERIC, True)):
        for match in pattern.finditer(text):
            month = int(match["month"]) if numeric_month else MONTHS[match["month"].lower()]
            resolved = _on_or_after(today, int(match["day"]), month, match["year"])
            if resolved is not None:
                phrase = match.group(0) if numeric_month else match.group(0).rstrip(".")
                candidates.append((match.start(), Found(resolved, phrase)))
                break
    return min(candidates, key=lambda pair: pair[0])[1] if candidates else None


def _on_or_after(today: datetime.date, day: int, month: int, year: str | None) -> datetime.date | None:
    try:
        if year:
            return datetime.date(int(year), month, day)
        candidate = datetime.date(today.year, month, day)
        return candidate if candidate >= today else datetime.date(today.year + 1, month, day)
    except ValueError:
        return None  # 31 February is not a date; the phrase is not used


def _next_weekday(text: str, today: datetime.date) -> Found | None:
    match = _NEXT_WEEKDAY.search(text)
    if match is None:
        return None
    monday_next_week = today + datetime.timedelta(days=7 - today.weekday())
    return Found(
        monday_next_week + datetime.timedelta(days=WEEKDAYS[match["weekday"].lower()]), match.group(0)
    )


def _weekday(text: str, today: datetime.date) -> Found | None:
    match = _WEEKDAY_ALONE.search(text)
    if match is None:
        return None
    ahead = (WEEKDAYS[match["weekday"].lower()] - today.weekday()) % 7 or 7
    return Found(today + datetime.timedelta(days=ahead), match.group(0))


def _next_week(text: str, today: datetime.date) -> Found | None:
    match = _NEXT_WEEK.search(text)
    if match is None:
        return None
    return Found(today + datetime.timedelta(days=7 - today.weekday() + 4), match.group(0))


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word.lower()]


def _in_weeks(text: str, today: datetime.date) -> Found | None:
    match = _IN_WEEKS.search(text)
    if match is None:
        return None
    return Found(today + datetime.timedelta(weeks=_count(match["n"])), match.group(0))


def _in_days(text: str, today: datetime.date) -> Found | None:
    match = _IN_DAYS.search(text)
    if match is None:
        return None
    return Found(today + datetime.timedelta(days=_count(match["n"])), match.group(0))


def _week_number(text: str, today: datetime.date) -> Found | None:
    match = _WEEK_NUMBER.search(text)
    if match is None:
        return None
    week = int(match["week"])
    for year in (today.year, today.year + 1):
        try:
            friday = datetime.date.fromisocalendar(year, week, 5)
        except ValueError:
            return None
        if friday >= today:
            return Found(friday, match.group(0))
    return None


def _tomorrow(text: str, today: datetime.date) -> Found | None:
    match = _TOMORROW.search(text)
    return Found(today + datetime.timedelta(days=1), match.group(0)) if match else None


def _month_end(text: str, today: datetime.date) -> Found | None:
    match = _MONTH_END.search(text)
    if match is None:
        return None
    first_of_next = (today.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return Found(first_of_next - datetime.timedelta(days=1), match.group(0))
