"""Activities under /staff/activities: the schedule editor that needs no RRULE typing, its sentence and
coming dates, texts per language with their states, bad input refused next to its field, the scoping
of listings, no lost update, and what residents see (only published, every feed at once)."""

import datetime as dt
import re

import pytest

from app import schedule
from app.extensions import db
from app.models import Activity, AuditEvent, ListingChange

from .conftest import editor_client, sign_in
from .helpers import page

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=schedule.TZ)  # a Tuesday


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: NOW)


@pytest.fixture
def place_of_b(town, make_place):
    return make_place(name="Bibliotheek Buitenhof", neighbourhood=town["buurt"], owner=town["b"],
                      organisation="Bibliotheek B", postcode="2625 AB", status="published")


def valid_form(place, **changes) -> dict:
    return {"place": str(place.id), "category": "coffee", "audience": "everyone", "cost": "0",
            "languages": ["nl", "ar"], "signup_required": "no", "status": "published",
            "title_nl": "Koffieochtend", "description_nl": "Kom binnen voor koffie.",
            "repeat": "weekly", "first_date": "2026-11-03", "days": ["TU", "TH"], "every": "1", "nth": "1",
            "weekday": "MO", "end_date": "", "start_time": "10:00", "duration": "2:00", "action": "save",
            **changes}


def create(client, place, **changes) -> Activity:
    response = client.post("/staff/activities/new", data=valid_form(place, **changes))
    assert response.status_code == 302, page(response)
    return db.session.scalar(db.select(Activity).order_by(Activity.id.desc()))


def editor_form(client, activity) -> dict:
    """The form as the editor page shows it, ready to post again."""
    html = page(client.get(f"/staff/activities/{activity.id}"))
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    return {**valid_form(activity.place), "version": version}


def sentence(html: str) -> str:
    return re.search(r'<p class="sentence">(.*?)</p>', html, re.S).group(1)


def coming(html: str) -> list[str]:
    block = re.search(r'<ol class="coming-dates">(.*?)</ol>', html, re.S).group(1)
    return re.findall(r"<li>(.*?)</li>", block)


# Creating and the schedule editor ---------------------------------------------------------------

def test_a_coordinator_creates_a_weekly_activity_and_its_history_and_audit_say_so(staff_client, place_of_b):
    activity = create(staff_client, place_of_b)
    assert (activity.rrule, activity.first_date, activity.start_time, activity.duration_minutes) == (
        "FREQ=WEEKLY;BYDAY=TU,TH", dt.date(2026, 11, 3), dt.time(10, 0), 120)
    assert (activity.category, activity.languages, activity.status, activity.signup_required) == (
        "coffee", "nl ar", "published", False)
    assert activity.weekdays == 0b0001010  # Tuesday and Thursday: the finder's weekday column
    assert activity.text("nl").title == "Koffieochtend"
    fields = {c.field for c in db.session.scalars(db.select(ListingChange).where(
        ListingChange.activity_id == activity.id))}
    assert {"rrule", "start_time", "title:nl", "description:nl", "category"} <= fields
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "activity.create"))
    assert audit.staff_id == staff_client.staff.id and audit.detail.startswith(f"activity {activity.id}")
    html = page(staff_client.get(f"/staff/activities/{activity.id}"))
    assert sentence(html) == "elke week op dinsdag en donderdag, 10:00–12:00"
    assert "Geschiedenis" in html and staff_client.staff.name in html


def test_show_the_schedule_saves_nothing_and_shows_the_sentence_and_the_next_eight_dates(staff_client, place_of_b):
    response = staff_client.post("/staff/activities/new", data=valid_form(
        place_of_b, action="preview", repeat="monthly", nth="2", weekday="TU"))
    html = page(response)
    assert response.status_code == 200 and db.session.scalar(db.select(db.func.count(Activity.id))) == 0
    assert sentence(html) == "elke tweede dinsdag van de maand, 10:00–12:00"
    assert coming(html) == ["dinsdag 8 december 2026 10:00", "dinsdag 12 januari 2027 10:00",
                            "dinsdag 9 februari 2027 10:00", "dinsdag 9 maart 2027 10:00",
                            "dinsdag 13 april 2027 10:00", "dinsdag 11 mei 2027 10:00",
                            "dinsdag 8 juni 2027 10:00", "dinsdag 13 juli 2027 10:00"]


# What the editor saves, the sentence it shows, the finder's weekday column, the coming dates and the
# feeds agree. (form changes, rule, sentence, weekday mask, the first three coming starts)
CASES = [
    ({"repeat": "monthly", "nth": "-1", "weekday": "FR", "start_time": "15:00", "duration": "1:30"},
     "FREQ=MONTHLY;BYDAY=-1FR", "elke laatste vrijdag van de maand, 15:00–16:30", 0b0010000,
     ["2026-11-27 15:00", "2026-12-25 15:00", "2027-01-29 15:00"]),
    ({"days": ["MO"], "every": "2", "first_date": "2026-11-30", "start_time": "10:30"},
     "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "om de 2 weken op maandag, 10:30–12:30, vanaf 30 november 2026", 0b0000001,
     ["2026-11-30 10:30", "2026-12-14 10:30", "2026-12-28 10:30"]),
    # The clocks go back on Sunday 25 October 2026 and forward on 28 March 2027: 10:00 stays 10:00.
    ({"days": ["SU"], "first_date": "2027-03-21", "end_date": "2027-04-04"},
     "FREQ=WEEKLY;BYDAY=SU;UNTIL=20270404",
     "elke week op zondag, 10:00–12:00, vanaf 21 maart 2027, tot en met 4 april 2027", 0b1000000,
     ["2027-03-21 10:00", "2027-03-28 10:00", "2027-04-04 10:00"]),
    ({"days": ["SA"], "start_time": "22:00", "duration": "3:00"},
     "FREQ=WEEKLY;BYDAY=SA", "elke week op zaterdag, 22:00–01:00 (tot de volgende dag)", 0b0100000,
     ["2026-11-28 22:00", "2026-12-05 22:00", "2026-12-12 22:00"]),
    ({"repeat": "once", "first_date": "2026-12-31", "start_time": "20:00", "duration": "5:00"},
     None, "op donderdag 31 december 2026, 20:00–01:00 (tot de volgende dag)", 0b0001000,
     ["2026-12-31 20:00"]),
]


@pytest.mark.parametrize(("changes", "rule", "words", "mask", "starts"), CASES)
def test_schedule_round_trip_editor_sentence_weekday_column_dates_and_feeds_agree(
        staff_client, client, place_of_b, changes, rule, words, mask, starts):
    activity = create(staff_client, place_of_b, **changes)
    assert (activity.rrule, activity.weekdays) == (rule, mask)
    html = page(staff_client.get(f"/staff/activities/{activity.id}"))
    assert sentence(html) == words
    found = schedule.occurrences(activity, NOW.date(), NOW.date() + dt.timedelta(days=200))[:3]
    assert [f"{o.start:%Y-%m-%d %H:%M}" for o in found] == starts
    assert all(o.start.utcoffset() == dt.timedelta(hours=1 if o.start.month in (11, 12, 1, 2) or
                                                   o.start < dt.datetime(2027, 3, 28, 3, tzinfo=schedule.TZ)
                                                   else 2) for o in found)
    event = client.get(f"/nl/activities/{activity.id}.ics").get_data(as_text=True).split("BEGIN:VEVENT")[1]
    assert f"DTSTART;TZID=Europe/Amsterdam:{schedule.first_start(activity):%Y%m%dT%H%M%S}" in event
    # Beside a DTSTART with a zone, the end date's last second is written in UTC (23:59:59 summer time).
    written = re.search(r"RRULE:(\S+)", event)
    assert (set(written.group(1).split(";")) == set(rule.replace("0404", "0404T215959Z").split(";"))) if rule \
        else written is None
    # The form shows the stored schedule again, as chosen.
    assert "checked" in re.search(rf'value="{changes.get("repeat", "weekly")}"[^>]*>', html).group(0)


def test_cancelled_dates_are_picked_from_the_coming_ones_and_said_in_the_sentence(
        staff_client, client, place_of_b):
    activity = create(staff_client, place_of_b, days=["TU"])
    form = editor_form(staff_client, activity)
    html = page(staff_client.get(f"/staff/activities/{activity.id}"))
    assert 'name="cancelled" value="2026-12-08"' in html
    response = staff_client.post(f"/staff/activities/{activity.id}", data={
        **form, "days": ["TU"], "cancelled": ["2026-12-08", "2026-12-15"]})
    assert response.status_code == 302
    html = page(staff_client.get(f"/staff/activities/{activity.id}"))
    assert sentence(html) == "elke week op dinsdag, 10:00–12:00, niet op 8 december en 15 december"
    assert "8 december 2026" not in " ".join(coming(html))
    resident = page(client.get(f"/nl/activities/{activity.id}"))
    assert "8 december" not in resident and "22 december" in resident
    feed = client.get(f"/nl/activities/{activity.id}.ics").get_data(as_text=True)
    assert "EXDATE" in feed and "20261208T100000" in feed


def test_a_date_that_is_not_on_the_schedule_cannot_be_cancelled(staff_client, place_of_b):
    activity = create(staff_client, place_of_b, days=["TU"])
    form = editor_form(staff_client, activity)
    staff_client.post(f"/staff/activities/{activity.id}", data={**form, "days": ["TU"], "cancelled": ["2026-12-09"]})
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).cancellations == []


# Bad input ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"first_date": "2027-02-31"}, "first_date", "Deze datum bestaat niet"),
    ({"duration": "30:00"}, "duration", "Een activiteit duurt minder dan 24 uur"),
    ({"duration": "0:00"}, "duration", "Een activiteit duurt minder dan 24 uur"),
    ({"duration": "twee uur"}, "duration", "Typ uren en minuten"),
    ({"start_time": "25:00"}, "start_time", "Typ de tijd als uren en minuten"),
    ({"start_time": " "}, "start_time", "Typ de begintijd"),
    ({"first_date": "\u3000"}, "first_date", "Kies de datum, of de eerste datum"),
    ({"days": []}, "days", "Kies minstens één dag"),
    ({"days": ["XX"]}, "days", "Kies dagen uit de lijst"),
    ({"end_date": "2026-10-01"}, "end_date", "De laatste datum ligt voor de eerste"),
    ({"repeat": "monthly", "nth": "5", "weekday": "TU"}, "nth", "Kies uit de lijst"),
    ({"repeat": "yearly"}, "repeat", "Kies hoe vaak"),
    ({"title_nl": ""}, "title_nl", "Typ de naam van de activiteit"),
    ({"title_nl": "<script>alert(1)</script>"}, "title_nl", "Gebruik alleen gewone tekst"),
    ({"title_ar": "", "description_ar": "وصف"}, "title_ar", "Typ ook de naam in deze taal"),
    ({"title_nl": "x" * 161}, "title_nl", "Niet meer dan 160 tekens"),
    ({"description_nl": "x" * 2001}, "description_nl", "Niet meer dan 2000 tekens"),
    ({"category": "casino"}, "category", "Kies een soort uit de lijst"),
    ({"cost": "veel"}, "cost", "Typ een bedrag in euro"),
    ({"cost": "NaN"}, "cost", "Typ een bedrag in euro"),
    ({"cost": "1e9"}, "cost", "Typ een bedrag in euro"),
    ({"languages": []}, "languages", "Kies minstens één taal"),
    ({"status": "archived"}, "status", "Kies concept of gepubliceerd"),
    ({"cancelled": ["morgen"]}, "cancelled", "Kies data uit de lijst"),
    ({"repeat": "once", "first_date": "2026-12-01", "end_date": ""}, None, ""),
])
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(staff_client, place_of_b, changes, field,
                                                                      message):
    response = staff_client.post("/staff/activities/new", data=valid_form(place_of_b, **changes))
    if field is None:  # the control case: a single date is fine
        assert response.status_code == 302
        return
    html = page(response)
    assert response.status_code == 400
    assert f'id="{field}-error"' in html or f'name="{field}"' in html
    assert message in html
    assert "<script>alert" not in html
    assert db.session.scalar(db.select(db.func.count(Activity.id))) == 0


def test_a_schedule_without_any_date_is_refused(staff_client, place_of_b):
    response = staff_client.post("/staff/activities/new", data=valid_form(
        place_of_b, days=["MO"], first_date="2026-12-01", end_date="2026-12-06"))
    assert response.status_code == 400
    assert "valt de activiteit op geen enkele dag" in page(response)


def test_what_was_typed_stays_in_the_form_after_an_error(staff_client, place_of_b):
    html = page(staff_client.post("/staff/activities/new", data=valid_form(
        place_of_b, duration="30:00", title_ar="صباح القهوة")))
    assert 'value="30:00"' in html and 'value="صباح القهوة"' in html and 'value="Koffieochtend"' in html


# Texts per language ------------------------------------------------------------------------------

def test_a_translation_is_outdated_when_the_dutch_changes_and_residents_see_the_dutch_until_it_is_checked(
        staff_client, client, place_of_b):
    activity = create(staff_client, place_of_b, title_ar="صباح القهوة", description_ar="تعال.")
    assert "صباح القهوة" in page(client.get(f"/ar/activities/{activity.id}"))
    form = editor_form(staff_client, activity)
    staff_client.post(f"/staff/activities/{activity.id}", data={
        **form, "title_ar": "صباح القهوة", "description_ar": "تعال.", "title_nl": "Koffie-ochtend"})
    html = page(staff_client.get(f"/staff/activities/{activity.id}"))
    assert "verouderd: de Nederlandse tekst is daarna veranderd" in html
    assert "ontbreekt" in html  # English, Turkish, Polish, Ukrainian
    arabic = page(client.get(f"/ar/activities/{activity.id}"))
    assert "صباح القهوة" not in arabic and '<span lang="nl" dir="ltr">Koffie-ochtend</span>' in arabic
    form = editor_form(staff_client, activity)
    staff_client.post(f"/staff/activities/{activity.id}", data={
        **form, "title_ar": "صباح القهوة", "description_ar": "تعال.", "title_nl": "Koffie-ochtend",
        "still_right_ar": "1"})
    assert "صباح القهوة" in page(client.get(f"/ar/activities/{activity.id}"))


# Residents ---------------------------------------------------------------------------------------

def test_a_draft_activity_reaches_no_resident_until_it_is_published(staff_client, client, place_of_b):
    activity = create(staff_client, place_of_b, status="draft")
    assert client.get(f"/nl/activities/{activity.id}").status_code == 404
    assert "Koffieochtend" not in page(client.get(f"/nl/places/{place_of_b.id}"))
    assert client.get(f"/nl/activities/{activity.id}.ics").status_code == 404
    form = editor_form(staff_client, activity)
    staff_client.post(f"/staff/activities/{activity.id}", data={**form, "status": "published"})
    assert "Koffieochtend" in page(client.get(f"/nl/places/{place_of_b.id}"))
    assert client.get(f"/nl/activities/{activity.id}").status_code == 200


def test_archiving_takes_it_away_from_residents(staff_client, client, place_of_b):
    activity = create(staff_client, place_of_b)
    response = staff_client.post(f"/staff/activities/{activity.id}/archive", data={"version": str(activity.version)})
    assert response.status_code == 302
    assert client.get(f"/nl/activities/{activity.id}").status_code == 404
    assert "Koffieochtend" in page(staff_client.get("/staff/activities?archived=1"))
    assert "Koffieochtend" not in page(staff_client.get("/staff/activities"))


# Two people at once, and the scoping -------------------------------------------------------------

def test_of_two_people_saving_at_once_the_second_is_told_and_nothing_of_theirs_is_saved(staff_client, place_of_b):
    activity = create(staff_client, place_of_b)
    form = editor_form(staff_client, activity)
    assert staff_client.post(f"/staff/activities/{activity.id}", data={**form, "title_nl": "Eerste"}).status_code == 302
    response = staff_client.post(f"/staff/activities/{activity.id}", data={**form, "title_nl": "Tweede"},
                                 follow_redirects=True)
    assert "Iemand anders heeft deze activiteit net veranderd" in page(response)
    db.session.expire_all()
    assert db.session.get(Activity, activity.id).text("nl").title == "Eerste"


def test_another_organisations_editor_and_another_towns_coordinator_get_404_and_change_nothing(
        app, staff_client, place_of_b, town, totp_clock, make_staff):
    activity = create(staff_client, place_of_b)
    editor = editor_client(app, totp_clock, town["a"])
    leiden = app.test_client()
    leiden.staff = make_staff(email="lot@leiden.example", name="Lot", municipality=town["leiden"],
                              role="administrator")
    sign_in(leiden, leiden.staff, totp_clock)
    form = editor_form(staff_client, activity)
    for other in (editor, leiden):
        assert other.get(f"/staff/activities/{activity.id}").status_code == 404
        assert other.post(f"/staff/activities/{activity.id}", data={**form, "title_nl": "Weg"}).status_code == 404
        assert other.post(f"/staff/activities/{activity.id}/archive", data={"version": form["version"]}
                          ).status_code == 404
        assert other.post("/staff/activities/new", data=valid_form(place_of_b)).status_code == 400
        assert "Koffieochtend" not in page(other.get("/staff/activities"))
    db.session.expire_all()
    stored = db.session.get(Activity, activity.id)
    assert (stored.text("nl").title, stored.status) == ("Koffieochtend", "published")
    refused = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "access.refused")).all()
    assert len(refused) == 6


def test_the_editor_of_the_owning_organisation_keeps_its_activities(app, staff_client, place_of_b, town, totp_clock):
    activity = create(staff_client, place_of_b)
    editor = editor_client(app, totp_clock, town["b"])
    assert editor.get(f"/staff/activities/{activity.id}").status_code == 200
    form = editor_form(editor, activity)
    assert editor.post(f"/staff/activities/{activity.id}", data={**form, "title_nl": "Leesclub"}).status_code == 302


# Still correct? and the history --------------------------------------------------------------------

def test_alles_klopt_nog_confirms_the_place_and_every_language_of_its_activities_in_one_click(
        staff_client, client, place_of_b, make_place, town):
    activity = create(staff_client, place_of_b, title_ar="صباح القهوة")
    old = make_place(name="Oud Buurthuis", neighbourhood=town["buurt"], owner=town["b"], status="published",
                     last_checked=dt.date(2026, 3, 1))
    listing = page(staff_client.get("/staff/places"))
    assert "Langer dan een half jaar niet nagekeken" in listing
    assert re.search(r"Bibliotheek B</a></td><td>1</td>", listing)
    place_page = page(staff_client.get(f"/staff/places/{old.id}"))
    assert "Langer dan een half jaar niet nagekeken" in place_page
    version = re.search(r'action="/staff/places/\d+/confirm".*?name="version" value="(\d+)"', page(
        staff_client.get(f"/staff/places/{place_of_b.id}")), re.S).group(1)
    response = staff_client.post(f"/staff/places/{place_of_b.id}/confirm", data={"version": version})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(place_of_b), place_of_b.id).last_checked == NOW.date()
    assert {t.lang: t.checked_on for t in db.session.get(Activity, activity.id).texts} == {
        "nl": NOW.date(), "ar": NOW.date()}
    assert "24 november 2026" in page(client.get(f"/nl/activities/{activity.id}"))
    assert staff_client.post(f"/staff/places/{old.id}/confirm", data={"version": "99"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(type(old), old.id).last_checked == dt.date(2026, 3, 1)  # an old page: nothing done


def test_the_history_shows_who_changed_which_field_when_with_old_and_new_value(staff_client, place_of_b):
    activity = create(staff_client, place_of_b)
    form = editor_form(staff_client, activity)
    staff_client.post(f"/staff/activities/{activity.id}", data={**form, "start_time": "10:30", "duration": "2:00"})
    html = page(staff_client.get(f"/staff/activities/{activity.id}"))
    row = re.search(r"<tr>\s*<td><time[^>]*>[^<]*</time></td>\s*<td>Ria de Vries</td>\s*<td>Begintijd</td>\s*"
                    r"<td>10:00</td>\s*<td>10:30</td>", html)
    assert row, html
    assert "<td>Begintijd</td>" in page(staff_client.get(f"/staff/places/{place_of_b.id}"))


def test_the_editor_speaks_the_staff_members_language_whatever_the_browser_asks(staff_client, place_of_b):
    activity = create(staff_client, place_of_b)
    dutch = page(staff_client.get(f"/staff/activities/{activity.id}", headers={"Accept-Language": "en"}))
    assert "elke week op dinsdag en donderdag" in dutch and 'lang="nl"' in dutch
    staff_client.staff.language = "en"
    db.session.commit()
    english = page(staff_client.get(f"/staff/activities/{activity.id}"))
    assert "every week on Tuesday and Thursday" in english and "Show the schedule" in english
    assert "Search" in page(staff_client.get("/staff/activities")) and "Organisations" in english
