"""`demo load` and `demo scale` on the real open data in ../shared/data."""

import datetime as dt
import json

import pytest
from sqlalchemy import func

from app import geo, schedule
from app.categories import AUDIENCES, CATEGORIES
from app.demo.opendata import load_areas
from app.extensions import db
from app.models import (
    Activity,
    ActivityText,
    Cancellation,
    Kiosk,
    Municipality,
    Neighbourhood,
    Place,
    Postcode,
    Volunteer,
    utcnow,
)

TABLES = (Municipality, Neighbourhood, Postcode, Place, Activity, ActivityText, Cancellation, Kiosk, Volunteer)
TARGETS = {"GM0503", "GM0546", "GM0855", "GM0352", "GM0392", "GM0397", "GM0377", "GM0473", "GM0453"}


def counts():
    return {model.__name__: db.session.scalar(db.select(func.count()).select_from(model)) for model in TABLES}


def run(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def loaded(app):
    return run(app, "demo", "load")


def test_demo_load_twice_adds_nothing_the_second_time(app, loaded):
    first = counts()
    run(app, "demo", "load")
    assert counts() == first
    assert first["Place"] >= 40 and first["Activity"] >= 120 and first["Kiosk"] == 2
    assert first["Postcode"] == 4086  # every distinct Dutch PC4 of GeoNames
    assert first["Cancellation"] > 0
    assert first["Volunteer"] == 4 * 9


def test_demo_volunteers_are_invented_and_live_in_their_own_town(loaded):
    for volunteer in db.session.scalars(db.select(Volunteer)):
        assert volunteer.last_name == "Voorbeeld" and volunteer.email.endswith("@voorbeeld.invalid")
        assert volunteer.phone is None  # nobody real is ever called
        assert volunteer.neighbourhood.municipality_id == volunteer.municipality_id
    assert {v.status for v in db.session.scalars(db.select(Volunteer))} >= {"applicant", "active", "paused"}


def test_the_nine_target_municipalities_with_help_numbers_only_where_known(loaded):
    municipalities = {m.code: m for m in db.session.scalars(db.select(Municipality))}
    assert set(municipalities) == TARGETS
    assert municipalities["GM0503"].slug == "delft" and municipalities["GM0503"].help_phone == "14 015"
    assert municipalities["GM0546"].help_phone == "14 071" and municipalities["GM0855"].help_phone == "14 013"
    assert municipalities["GM0392"].name == "Haarlem" and municipalities["GM0392"].help_phone is None
    assert all(m.help_text for m in municipalities.values())


def test_every_example_place_says_it_is_an_example_and_lies_in_its_real_buurt(loaded):
    places = db.session.scalars(db.select(Place)).all()
    assert all(p.is_example and p.name.startswith("Voorbeeld: ") for p in places)
    assert all(p.address.startswith("Voorbeeldstraat ") for p in places)
    assert all(p.website is None or p.website.startswith("https://example.org/") for p in places)
    assert all(p.phone is None or " 000 00 " in p.phone for p in places)
    for place in places:
        assert place.neighbourhood.kind == "buurt"
        if place.neighbourhood.outline:
            assert geo.outline_contains(json.loads(place.neighbourhood.outline), place.lat, place.lon), place.name
            assert geo.neighbourhood_at(place.lat, place.lon) == place.neighbourhood
    names = {p.neighbourhood.name for p in places}
    assert {"Reinier de Graafbuurt", "Buitenhof-Noord", "Meerburg", "Vlashof", "Groenewoud"} <= names
    assert {p.neighbourhood.parent.code for p in places} >= {"WK050325", "WK054604", "WK085504", "WK085506"}


def test_example_places_have_real_postcodes_of_their_town_and_varied_facts(loaded):
    places = db.session.scalars(db.select(Place)).all()
    for place in places:
        postcode = geo.postcode_centroid(geo.parse_postcode(place.postcode))
        assert postcode.municipality_id == place.neighbourhood.municipality_id, place.postcode
        assert geo.distance_m(place.lat, place.lon, postcode.lat, postcode.lon) < 3000
    assert {p.step_free for p in places} == {True, False} and {p.hearing_loop for p in places} == {True, False}
    half_a_year_ago = dt.date.today() - dt.timedelta(days=183)
    assert any(p.last_checked < half_a_year_ago for p in places)
    assert any(p.last_checked > half_a_year_ago for p in places)


def test_delft_has_all_its_wijken_and_buurten_with_outlines(loaded):
    delft = db.session.scalar(db.select(Municipality).where(Municipality.code == "GM0503"))
    areas = db.session.scalars(db.select(Neighbourhood).where(Neighbourhood.municipality_id == delft.id)).all()
    wijken = [a for a in areas if a.kind == "wijk"]
    buurten = [a for a in areas if a.kind == "buurt"]
    assert len(wijken) == 13 and all(w.outline for w in wijken)
    assert len(buurten) == 91 and all(b.parent in wijken for b in buurten)
    assert sum(1 for b in buurten if b.outline) == 89  # the 2023 outlines joined on name
    assert all(" " not in (a.outline or "") for a in areas)  # compact: pages draw it


def test_renumbered_wijken_are_not_joined_to_buurten_of_another_municipality(loaded):
    buurten = db.session.scalars(db.select(Neighbourhood).where(Neighbourhood.parent_id.is_not(None))).all()
    assert all(b.parent.municipality_id == b.municipality_id and b.parent.kind == "wijk" for b in buurten)
    assert all(b.code[2:6] == b.parent.code[2:6] for b in buurten)


def test_every_day_has_mornings_afternoons_and_evenings_in_buitenhof(loaded):
    activities = [a for a in db.session.scalars(db.select(Activity))
                  if a.place.neighbourhood.parent.code == "WK050325"]
    today = dt.date.today()
    for offset in range(7):
        day = today + dt.timedelta(days=offset)
        hours = [o.start.hour for a in activities for o in schedule.occurrences(a, day, day + dt.timedelta(days=1))]
        assert sum(h < 12 for h in hours) >= 2, day
        assert sum(12 <= h < 18 for h in hours) >= 2, day
        assert sum(h >= 18 for h in hours) >= 2, day


def test_activities_cover_every_category_and_kind_of_schedule(loaded):
    activities = db.session.scalars(db.select(Activity)).all()
    today = dt.date.today()
    assert {a.category for a in activities} == set(CATEGORIES)
    assert {a.audience for a in activities} <= set(AUDIENCES) and len({a.audience for a in activities}) > 1
    rules = {a.rrule for a in activities}
    assert {"FREQ=WEEKLY;BYDAY=TU,TH", "FREQ=MONTHLY;BYDAY=+1WE", "FREQ=MONTHLY;BYDAY=-1FR", None} <= rules
    assert all(today <= a.first_date <= today + dt.timedelta(days=21) for a in activities if a.rrule is None)
    assert all(a.first_date < today for a in activities if a.rrule)
    assert {a.languages for a in activities} >= {"nl", "nl en", "nl ar", "nl tr", "nl pl uk"}
    assert {a.signup_required for a in activities} == {True, False}
    assert any(a.cost_cents == 0 for a in activities) and any(150 <= a.cost_cents <= 500 for a in activities)
    starts = [a.start_time for a in activities]
    assert min(starts) == dt.time(9, 0) and any(s >= dt.time(20, 0) for s in starts)


def test_one_activity_runs_past_midnight(loaded):
    late = [a for a in db.session.scalars(db.select(Activity))
            if dt.datetime.combine(dt.date.today(), a.start_time) + dt.timedelta(minutes=a.duration_minutes)
            > dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time.min)]
    assert late and all(a.rrule for a in late)


def test_cancellations_fall_on_days_the_activity_would_happen(loaded):
    for cancellation in db.session.scalars(db.select(Cancellation)):
        activity = cancellation.activity
        rule = schedule.parse_rule(activity.rrule, activity.first_date, activity.start_time)
        assert dt.datetime.combine(cancellation.date, activity.start_time) in rule


def test_about_half_the_activities_are_translated_and_all_have_dutch(loaded):
    activities = db.session.scalars(db.select(Activity)).all()
    assert all(any(t.lang == "nl" and t.title and t.description for t in a.texts) for a in activities)
    translated = [a for a in activities if {t.lang for t in a.texts} >= {"en", "ar", "tr", "pl", "uk"}]
    assert len(activities) // 3 <= len(translated) <= len(activities) * 2 // 3


def test_demo_kiosks_stand_in_their_buurt_and_print_their_activation_links(app, loaded):
    kiosks = {k.name: k for k in db.session.scalars(db.select(Kiosk))}
    buitenhof = kiosks["Voorbeeld: Bibliotheek Buitenhof"]
    assert buitenhof.neighbourhood.code == "BU05032500" and buitenhof.has_printer
    assert buitenhof.default_language == "nl" and buitenhof.idle_seconds == 120
    assert geo.neighbourhood_at(buitenhof.lat, buitenhof.lon) == buitenhof.neighbourhood
    assert kiosks["Voorbeeld: Wijkcentrum Meerburg"].neighbourhood.code == "BU05460400"
    assert loaded.output.count("/kiosk/activate/") == 2
    assert f"/kiosk/activate/{buitenhof.activation_token}" in loaded.output


def test_an_activated_kiosk_keeps_its_key_and_gets_no_new_link(app, loaded):
    kiosk = db.session.scalar(db.select(Kiosk).where(Kiosk.name == "Voorbeeld: Bibliotheek Buitenhof"))
    kiosk.activation_token, kiosk.browser_key, kiosk.activated_at = None, "key", utcnow()
    db.session.commit()
    again = run(app, "demo", "load")
    assert again.output.count("/kiosk/activate/") == 1 and "Meerburg" in again.output
    db.session.refresh(kiosk)
    assert kiosk.activation_token is None and kiosk.browser_key == "key"


def test_demo_scale_on_an_empty_database_spreads_places_over_the_country(app):
    run(app, "demo", "scale", "--places", "200", "--activities", "600", "--seed", "7")
    assert counts()["Place"] == 200 and counts()["Activity"] == 600 and counts()["ActivityText"] == 600
    places = db.session.scalars(db.select(Place)).all()
    assert all(p.is_example and p.name.startswith("Voorbeeld") for p in places)
    assert len({p.neighbourhood.municipality_id for p in places}) > 100
    assert all(geo.in_netherlands(p.lat, p.lon) and geo.parse_postcode(p.postcode) for p in places)
    assert db.session.scalar(db.select(func.count()).select_from(Municipality)) > 300


def test_demo_scale_adds_to_the_demo_set_without_breaking_it(app, loaded):
    before = counts()
    run(app, "demo", "scale", "--places", "200", "--activities", "600")
    after = counts()
    assert after["Place"] == before["Place"] + 200 and after["Activity"] == before["Activity"] + 600
    run(app, "demo", "load")
    assert counts() == after
    activity = db.session.scalar(db.select(Activity).order_by(Activity.id.desc()).limit(1))
    assert activity.weekdays == schedule.weekday_mask(activity.rrule, activity.first_date)


def test_demo_loaders_need_no_command(app):
    neighbourhoods = load_areas({"GM0503"})
    assert neighbourhoods["BU05032500"].parent.code == "WK050325"
    assert db.session.scalar(db.select(func.count()).select_from(Municipality)) == 1
