"""Dates as markup gives them (ISO, RFC 2822, "March 5, 2024", 2024년 3월 5일, epochs, URL
paths) normalised to ISO 8601, and the plausibility check."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from .dateline import MONTHS

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_MON = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
       r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_TIME = r"(?:[T\s,]+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:(am|pm)\b)?" \
        r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?"
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\.?" + _TIME, re.IGNORECASE)
_KO = re.compile(r"(\d{4})\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]?"
                 r"(?:[^\d]{0,8}?(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(?!\d)")
_MDY = re.compile(_MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TIME, re.IGNORECASE)
_DMY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?" + _MON + r",?\s+(\d{4})" + _TIME,
                  re.IGNORECASE)
_NUM = re.compile(r"(?<!\d)(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\d)" + _TIME, re.IGNORECASE)
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")


def _fmt(y: int, mo: int, d: int, hh=None, mm=None, ss=None, ampm=None, tz=None) -> str | None:
    try:
        day = date(y, mo, d)
    except (ValueError, TypeError):
        return None
    if not 1900 <= y <= 2100:
        return None
    if hh is None:
        return day.isoformat()
    h, m, s = int(hh), int(mm), int(ss or 0)
    if ampm:
        ampm = ampm.lower()
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
    if h > 23 or m > 59 or s > 59:
        return day.isoformat()
    # (the two-digit parts from a table: format specs cost more than the rest of this)
    out = day.isoformat() + "T" + _TWO[h] + ":" + _TWO[m] + ":" + _TWO[s]
    if tz:
        tz = tz.upper()
        if tz in ("Z", "UTC", "GMT"):
            out += "+00:00"
        else:
            tz = tz.replace(":", "")
            out += tz[:3] + ":" + tz[3:]
    return out


_TWO = [f"{i:02d}" for i in range(60)]


def normalise_date(value) -> str | None:
    """An ISO 8601 date or datetime string from the common ways pages write dates, or None.

    Accepts ISO 8601 ("2025-12-22", "2025-12-22T16:42:00Z"), "2025-12-22 16:42",
    "2025.12.22", "2025/12/22", "20251222", RFC 2822 ("Mon, 22 Dec 2025 16:42:00 +0900"),
    "December 5, 2024", "5 December 2024", "Dec. 5, 2024 at 3:04 pm", Korean / Japanese
    "2025년 12월 22일" / "2025年12月22日", numeric "12/05/2024" (month first, unless the first
    number cannot be a month) and "05.12.2024" (day first), and Unix timestamps.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value))
    if not isinstance(value, str):
        return None
    s = value.strip()[:120]
    if not s:
        return None
    if _EPOCH.match(s):
        try:
            ts = int(s[:10])
            dt = datetime.fromtimestamp(ts, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return _fmt(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, None, "Z")
    m = _ISO.search(s)
    if m:
        return _fmt(int(m[1]), int(m[2]), int(m[3]), *m.groups()[3:])
    m = _KO.search(s)
    if m:
        return _fmt(int(m[1]), int(m[2]), int(m[3]), m[4], m[5], m[6])
    if "," in s and re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}", s):
        try:  # RFC 2822
            dt = parsedate_to_datetime(s)
        except (TypeError, ValueError, IndexError):
            dt = None
        if dt is not None:
            off = dt.utcoffset()
            tz = None
            if off is not None:
                mins = int(off.total_seconds() // 60)
                sign = "-" if mins < 0 else "+"
                tz = f"{sign}{abs(mins) // 60:02d}{abs(mins) % 60:02d}"
            return _fmt(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, None, tz)
    m = _MDY.search(s)
    if m:
        return _fmt(int(m[3]), _MONTHS[m[1].lower().rstrip(".")], int(m[2]), *m.groups()[3:])
    m = _DMY.search(s)
    if m:
        return _fmt(int(m[3]), _MONTHS[m[2].lower().rstrip(".")], int(m[1]), *m.groups()[3:])
    m = _NUM.search(s)
    if m:
        a, sep, b, y = int(m[1]), m[2], int(m[3]), int(m[4])
        day_first = sep == "." or a > 12
        mo, d = (b, a) if day_first else (a, b)
        return _fmt(y, mo, d, *m.groups()[4:])
    m = _COMPACT.search(s)
    if m and len(s) <= 16:
        return _fmt(int(m[1]), int(m[2]), int(m[3]), m[4], m[5], m[6])
    return None


_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|\.|$)|"
                       r"/((?:19|20)\d{2})(\d{2})(\d{2})/|"
                       r"/((?:19|20)\d{2})/([a-z]{3,9})/(\d{1,2})(?:/|-|\.|$)", re.IGNORECASE)


def _url_date(url: str | None) -> str | None:
    if not url:
        return None
    if ("/19" not in url and "/20" not in url
            and "\n" not in url and "\t" not in url and "\r" not in url):
        return None       # no year after a slash (urlsplit drops tabs and newlines first)
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    m = _URL_DATE.search(path)
    if not m:
        return None
    if m[7]:                                # /2023/october/03/
        month = MONTHS.get(m[8].lower())
        return _fmt(int(m[7]), month, int(m[9])) if month else None
    y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
    return _fmt(int(y), int(mo), int(d))


def _plausible(iso: str | None) -> str | None:
    """Dates far in the future are template placeholders or parse accidents."""
    if not iso:
        return None
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return None
    # A day in the year this module was loaded in, or before it, is never a year past
    # today (today only grows): date.today() is asked of later years only.
    if day.year > _LOADED_YEAR and day > date.today() + timedelta(days=366):
        return None
    return iso


_LOADED_YEAR = date.today().year
