"""What an HSDS field means in Vangnet and back: schedules, accessibility, languages, sign-up, status,
categories. Pure functions; the README's HSDS section describes the same mapping for people."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

from dateutil.rrule import rrulestr

from .... import schedule
from ....categories import AUDIENCES, CATEGORIES

# Our own taxonomies for what HSDS has no column for; their ids are the same in every export.
NAMESPACE = uuid.UUID("6f1c1a52-3a51-4c55-9d0c-8a8f3a0a5e11")
TAXONOMIES = {"category": ("Vangnet categorie", CATEGORIES), "audience": ("Vangnet doelgroep", AUDIENCES)}


def stable_id(*parts) -> str:
    """A UUID for a row that has no HSDS id yet: the same for the same parts in every export."""
    return str(uuid.uuid5(NAMESPACE, ":".join(map(str, parts))))


class ScheduleError(ValueError):
    def __init__(self, field: str, code: str, **values):
        super().__init__(code)
        self.field, self.code, self.values = field, code, values


def number(value) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int | Decimal) or value != int(value):
        raise ValueError(value)
    return int(value)


def schedule_values(row: dict, today: dt.date) -> dict:
    """An HSDS schedule row as an activity's rrule, first_date, start_time and duration_minutes.

    freq/interval/byday/bymonthday/count/wkst become RRULE parts; valid_to (else until) is UNTIL;
    valid_from (else dtstart) is the first date; opens_at/closes_at the time and the duration, where a
    closing time before the opening time is past midnight. No freq: a single date (valid_from)."""
    opens, closes = row.get("opens_at"), row.get("closes_at")
    if opens is None:
        raise ScheduleError("opens_at", "schedule_no_time")
    if closes is None:
        raise ScheduleError("closes_at", "schedule_no_time")
    minutes = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
    if minutes == 0:
        raise ScheduleError("closes_at", "schedule_no_duration")
    first = row.get("valid_from") or row.get("dtstart")
    last = row.get("valid_to") or row.get("until")
    if first and last and last < first:
        raise ScheduleError("valid_to", "schedule_ends_before_start")
    rule = recurrence(row, last)
    if rule is None and first is None:
        raise ScheduleError("valid_from", "schedule_no_date")
    values = {"rrule": rule, "first_date": first, "start_time": opens.replace(second=0, microsecond=0),
              "duration_minutes": minutes % (24 * 60)}
    start = dt.datetime.combine(first or today, values["start_time"])
    if rule and next(iter(rrulestr(rule, dtstart=start)), None) is None:
        raise ScheduleError("freq", "schedule_never")
    return values


def recurrence(row: dict, last: dt.date | None) -> str | None:
    freq = (row.get("freq") or "").strip().upper()
    for unsupported in ("byweekno", "byyearday"):
        if row.get(unsupported):
            raise ScheduleError(unsupported, "schedule_unsupported")
    if not freq:
        return None
    parts = [f"FREQ={freq}"]
    try:
        interval, count = number(row.get("interval")), number(row.get("count"))
    except ValueError:
        raise ScheduleError("interval", "schedule_impossible") from None
    if interval not in (None, 1):
        parts.append(f"INTERVAL={interval}")
    if count is not None:
        parts.append(f"COUNT={count}")
    for column in ("byday", "bymonthday", "wkst"):
        value = re.sub(r"\s+", "", str(row.get(column) or "")).upper()
        if value:
            parts.append(f"{column.upper()}={value}")
    if last is not None:
        parts.append(f"UNTIL={last:%Y%m%d}")
    try:
        rule = schedule.checked_rule(";".join(parts))
    except (ValueError, KeyError):
        raise ScheduleError(guilty_column(row), "schedule_impossible") from None
    if len(rule) > 200:  # what Activity.rrule holds
        raise ScheduleError("byday" if len(str(row.get("byday") or "")) > 50 else "bymonthday", "schedule_impossible")
    return rule


def guilty_column(row: dict) -> str:
    """The column most likely wrong in a rule our expander refuses."""
    byday = str(row.get("byday") or "")
    if byday and not all(schedule.BYDAY_ITEM.fullmatch(d.strip().upper()) for d in byday.split(",")):
        return "byday"
    if row.get("interval") is not None and not 1 <= row["interval"] <= 99:
        return "interval"
    return "bymonthday" if row.get("bymonthday") else "freq"


def schedule_row(rule: str | None, first: dt.date, start: dt.time, minutes: int) -> dict | None:
    """An activity's schedule as HSDS columns; None when HSDS cannot say it (yearly, by month, a
    daily rule every other day, longer than a day)."""
    closes = (dt.datetime.combine(first, start) + dt.timedelta(minutes=minutes)).time()
    row = {"valid_from": first, "dtstart": first, "opens_at": start, "closes_at": closes}
    if minutes >= 24 * 60 or minutes <= 0:
        return None
    if rule is None:
        return {**row, "valid_to": first}
    parts = dict(part.split("=", 1) for part in rule.split(";"))
    if parts.get("FREQ") == "DAILY" and parts.get("INTERVAL", "1") == "1" and "BYDAY" not in parts:
        parts.update(FREQ="WEEKLY", BYDAY=",".join(schedule.DAY_CODES))
    if parts["FREQ"] not in ("WEEKLY", "MONTHLY") or "BYMONTH" in parts:
        return None
    if "UNTIL" in parts:
        row["valid_to"] = dt.date(int(parts["UNTIL"][:4]), int(parts["UNTIL"][4:6]), int(parts["UNTIL"][6:8]))
    return {**row, "freq": parts["FREQ"], "interval": parts.get("INTERVAL", "1"), "byday": parts.get("BYDAY"),
            "bymonthday": parts.get("BYMONTHDAY"), "count": parts.get("COUNT"), "wkst": parts.get("WKST")}


# --- Accessibility: free text in HSDS, three yes/no facts in Vangnet ---

TOILET = ("toilet", "wc")
WHEELCHAIR = ("rolstoel", "wheelchair", "invalide", "aangepast", "accessible", "toegankelijk")
STEP_FREE = ("drempel", "drempelvrij", "gelijkvloers", "step-free", "step free", "level access", "lift",
             "elevator", "wheelchair", "rolstoel")
HEARING_LOOP = ("ringleiding", "hearing loop", "induction loop", "inductielus", "t-coil", "t-spoel")
ACCESSIBILITY_TEXTS = {
    "step_free": "Zonder drempels of trappen te bereiken.",
    "accessible_toilet": "Toilet voor rolstoelgebruikers.",
    "hearing_loop": "Ringleiding aanwezig.",
}


def accessibility(texts: list[str]) -> dict:
    """Sentence by sentence: a toilet for wheelchairs, a hearing loop, and (in a sentence not about the
    toilet) step-free access. Words in Dutch and English; a "not" or "geen" in the sentence says no."""
    found = dict.fromkeys(ACCESSIBILITY_TEXTS, False)
    for sentence in re.split(r"[.;\n!?]+", " ".join(texts).lower()):
        if re.search(r"\b(geen|niet|no|not|without wheelchair)\b", sentence):
            continue
        if any(word in sentence for word in HEARING_LOOP):
            found["hearing_loop"] = True
        if any(word in sentence for word in TOILET):
            found["accessible_toilet"] |= any(word in sentence for word in WHEELCHAIR)
        elif any(word in sentence for word in STEP_FREE) or "zonder drempels" in sentence:
            found["step_free"] = True
    return found


# --- Languages, sign-up, status, money ---

THREE_LETTER = {"nld": "nl", "dut": "nl", "eng": "en", "ara": "ar", "tur": "tr", "pol": "pl", "ukr": "uk",
                "fas": "fa", "per": "fa", "tir": "ti", "som": "so", "spa": "es", "fra": "fr", "fre": "fr",
                "deu": "de", "ger": "de", "urd": "ur", "rus": "ru", "por": "pt", "ita": "it"}


def language_code(code: str | None) -> str | None:
    """ "nl", "NL", "nl-NL" or "nld" → "nl"; None for what is not a language code."""
    code = (code or "").strip().lower().split("-")[0].split("_")[0]
    code = THREE_LETTER.get(code, code)
    return code if re.fullmatch(r"[a-z]{2}", code) else None


SIGN_UP_WORDS = ("aanmeld", "inschrijv", "opgeven", "reserveren", "sign up", "register", "booking", "appointment",
                 "afspraak")
SIGN_UP_TEXT, WALK_IN_TEXT = "Aanmelden is nodig.", "U kunt gewoon binnenlopen."


def signup_required(text: str | None) -> bool:
    return any(word in (text or "").lower() for word in SIGN_UP_WORDS)


# HSDS service status → our listing state (HSDS has no draft: a "temporarily closed" service waits).
STATUS_OF = {"active": "published", "temporarily closed": "draft", "inactive": "archived", "defunct": "archived"}


def cents(amount) -> int:
    return int((Decimal(amount) * 100).quantize(Decimal(1)))


def term_ids(kind: str) -> dict[str, str]:
    """Our taxonomy's term ids: key → UUID."""
    return {key: stable_id("term", kind, key) for key in TAXONOMIES[kind][1]}
