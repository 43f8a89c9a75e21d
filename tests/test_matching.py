"""Suggestions and a match's life: the hard rules leave out who cannot be proposed (and say how many
each rule left out), the score ranks the rest by distance, shared interests and waiting (ties by id),
each with its reasons in plain Dutch; propose → first meeting → active → check-in → ended, the request's
status following and the resident's status page saying it without naming the volunteer; scoping, audit,
lost updates."""

import datetime as dt

import pytest

from app import schedule
from app.extensions import db
from app.models import AuditEvent, BuddyRequest, Match, Municipality, Volunteer, VolunteerEvent
from app.staff.volunteers import suggestions

from .conftest import sign_in
from .helpers import count, page

NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=schedule.TZ)  # a Tuesday
TODAY = NOW.date()
UTC_NOW = NOW.astimezone(dt.UTC).replace(tzinfo=None)
HOME = (51.995, 4.345)  # the centre of postcode 2625 (the delft fixture)
METRES_PER_DEGREE_LAT = 111_195


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(schedule, "local_now", lambda: NOW)


def north(metres: float) -> tuple[float, float]:
    return HOME[0] + metres / METRES_PER_DEGREE_LAT, HOME[1]


def make_volunteer(town_id: int, name: str, metres: float = 800, waited_days: int = 40, **kwargs) -> Volunteer:
    """An active Arabic-speaking woman, maatje, free on Tuesday afternoon, who likes walking: she fits the
    request below unless a keyword changes that."""
    lat, lon = north(metres)
    values = {"municipality_id": town_id, "first_name": name, "postcode": "2625", "lat": lat, "lon": lon,
              "languages": "ar nl", "interests": "walk", "days": "tu th", "parts_of_day": "afternoon",
              "gender": "woman", "capacity": 1, "roles": "maatje", "status": "active",
              "vog_date": dt.date(2025, 1, 15), "created_at": UTC_NOW - dt.timedelta(days=waited_days), **kwargs}
    row = Volunteer(**values)
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def delft_town(delft):
    return db.session.get(Municipality, delft.municipality_id)


@pytest.fixture
def asked(delft, make_request):
    """A resident of 2625 asks for a woman who speaks Arabic, on Tuesday afternoon, to walk or have coffee."""
    return make_request(delft, languages="ar", preference="woman", days="tu", parts_of_day="afternoon",
                        wishes="walk coffee", postcode="2625")


def end_match(request, volunteer, status="ended"):
    db.session.add(Match(municipality_id=request.municipality_id, request_id=request.id, volunteer_id=volunteer.id,
                         status=status, created_at=UTC_NOW - dt.timedelta(days=100)))
    db.session.commit()


# The table of matching cases --------------------------------------------------------------------------

def test_the_table_of_cases_gives_the_order_the_reasons_and_who_each_rule_left_out(delft_town, asked, make_request,
                                                                                    delft):
    amira = make_volunteer(delft_town.id, "Amira", metres=800, waited_days=40)
    bouchra = make_volunteer(delft_town.id, "Bouchra", metres=3000, waited_days=10, interests="games")
    make_volunteer(delft_town.id, "Carla", languages="nl")  # no shared language
    make_volunteer(delft_town.id, "Dirk", gender="man")  # the resident asked for a woman
    full = make_volunteer(delft_town.id, "Esra")  # capacity 1, and an active match with someone else
    end_match(make_request(delft), full, status="active")
    make_volunteer(delft_town.id, "Fatima", vog_date=dt.date(2023, 11, 20))  # lapsed four days ago
    make_volunteer(delft_town.id, "Gul", days="mo")  # no common day
    hanna = make_volunteer(delft_town.id, "Hanna")  # this pair ended before
    end_match(asked, hanna)
    make_volunteer(delft_town.id, "Ilse", status="paused")
    make_volunteer(delft_town.id, "Jet", roles="go_along")

    result = suggestions.suggest(asked, TODAY, UTC_NOW)

    assert [s.volunteer.first_name for s in result.suggestions] == ["Amira", "Bouchra"]
    assert result.suggestions[0].reasons == [
        "spreekt Arabisch", "woont 800 m verderop", "houdt ook van wandelen", "kan op dinsdagmiddag",
        "wacht al 40 dagen op een maatje", "is een vrouw, zoals gevraagd"]
    assert result.suggestions[1].reasons == [
        "spreekt Arabisch", "woont 3,0 km verderop", "kan op dinsdagmiddag", "wacht al 10 dagen op een maatje",
        "is een vrouw, zoals gevraagd"]
    assert result.excluded == {"status": 1, "vog": 1, "role": 1, "capacity": 1, "language": 1, "gender": 1,
                               "time": 1, "ended": 1}
    assert result.considered == 10
    assert suggestions.exclusion_words(asked, result.excluded) == [
        "1 is niet actief", "1 heeft geen geldige VOG", "1 is geen maatje", "1 heeft geen plek meer",
        "1 spreekt geen Arabisch", "1 is geen vrouw", "1 kan niet op de gevraagde dagen en tijden",
        "1 had al een koppeling met deze vraag die is beëindigd"]
    assert amira.id < bouchra.id


@pytest.mark.parametrize(("first", "second", "expected"), [
    # nearer wins when all else is equal
    ({"metres": 300}, {"metres": 2500}, ["A", "B"]),
    # a shared interest (15 points) outweighs 1 km (8 points)
    ({"metres": 2000, "interests": "coffee"}, {"metres": 1000, "interests": "games"}, ["A", "B"]),
    # waiting 90 days (30 points) outweighs 2 km closer (16 points)
    ({"metres": 2500, "waited_days": 90}, {"metres": 500, "waited_days": 0}, ["A", "B"]),
    # a tie is broken by id: the same every time
    ({}, {}, ["A", "B"]),
    # beyond 5 km distance gives nothing; the one who waited longer comes first
    ({"metres": 9000, "waited_days": 30}, {"metres": 6000, "waited_days": 3}, ["A", "B"]),
])
def test_the_score_orders_by_distance_interests_and_waiting(delft_town, asked, first, second, expected):
    make_volunteer(delft_town.id, "A", **{"waited_days": 0, **first})
    make_volunteer(delft_town.id, "B", **{"waited_days": 0, **second})
    assert [s.volunteer.first_name for s in suggestions.suggest(asked, TODAY, UTC_NOW).suggestions] == expected


def test_capacity_counts_proposed_introduced_and_active_matches_not_ended_ones(delft_town, asked, delft, make_request):
    two = make_volunteer(delft_town.id, "Twee", capacity=2)
    end_match(make_request(delft), two, status="proposed")
    end_match(make_request(delft), two, status="ended")
    assert [s.volunteer.first_name for s in suggestions.suggest(asked, TODAY, UTC_NOW).suggestions] == ["Twee"]
    end_match(make_request(delft), two, status="introduced")
    result = suggestions.suggest(asked, TODAY, UTC_NOW)
    assert result.suggestions == [] and result.excluded == {"capacity": 1}


def test_a_vog_is_valid_until_the_day_three_years_on(delft_town, asked):
    make_volunteer(delft_town.id, "Op het nippertje", vog_date=dt.date(2023, 11, 25))  # lapses tomorrow
    make_volunteer(delft_town.id, "Net te laat", vog_date=dt.date(2023, 11, 24))  # lapsed today
    make_volunteer(delft_town.id, "Zonder VOG", vog_date=None)
    result = suggestions.suggest(asked, TODAY, UTC_NOW)
    assert [s.volunteer.first_name for s in result.suggestions] == ["Op het nippertje"]
    assert result.excluded == {"vog": 2}


def test_any_day_and_no_gender_wish_let_every_day_and_gender_fit(delft_town, delft, make_request):
    request = make_request(delft, languages="ar", preference="any", days="any", parts_of_day="", postcode="2625")
    make_volunteer(delft_town.id, "Dirk", gender="man", days="sa", parts_of_day="evening")
    make_volunteer(delft_town.id, "Geen dagen", days="")  # gave no day at all: cannot be planned
    result = suggestions.suggest(request, TODAY, UTC_NOW)
    assert [s.volunteer.first_name for s in result.suggestions] == ["Dirk"]
    assert "kan op zaterdagavond" in result.suggestions[0].reasons
    assert not any("zoals gevraagd" in reason for reason in result.suggestions[0].reasons)
    assert result.excluded == {"time": 1}


def test_a_go_along_request_asks_for_the_go_along_role(delft_town, delft, make_request):
    request = make_request(delft, kind="go_along", languages="ar", days="tu", parts_of_day="afternoon")
    make_volunteer(delft_town.id, "Maatje")
    make_volunteer(delft_town.id, "Meeganger", roles="maatje go_along")
    result = suggestions.suggest(request, TODAY, UTC_NOW)
    assert [s.volunteer.first_name for s in result.suggestions] == ["Meeganger"]
    assert suggestions.exclusion_words(request, result.excluded) == ["1 gaat niet mee naar activiteiten"]


def test_waiting_counts_from_the_last_match_or_from_becoming_active(delft_town, asked, delft, make_request):
    old_hand = make_volunteer(delft_town.id, "Oud", waited_days=400)
    end_match(make_request(delft), old_hand)  # proposed 100 days ago, ended since
    back = make_volunteer(delft_town.id, "Terug", waited_days=400)
    db.session.add(VolunteerEvent(volunteer_id=back.id, kind="status", value="active",
                                  at=UTC_NOW - dt.timedelta(days=12)))
    db.session.commit()
    waited = {s.volunteer.first_name: s.waiting_days for s in suggestions.suggest(asked, TODAY, UTC_NOW).suggestions}
    assert waited == {"Oud": 100, "Terug": 12}


def test_another_municipality_s_volunteers_are_never_suggested(delft_town, asked, make_municipality):
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    make_volunteer(leiden.id, "Leidse")
    result = suggestions.suggest(asked, TODAY, UTC_NOW)
    assert result.suggestions == [] and result.considered == 0


# The page --------------------------------------------------------------------------------------------

def test_the_suggestions_page_shows_the_ranked_volunteers_with_reasons_and_is_audited(staff_client, delft_town, asked):
    make_volunteer(delft_town.id, "Amira")
    make_volunteer(delft_town.id, "Carla", languages="nl")
    html = page(staff_client.get(f"/staff/volunteers/for/{asked.reference}"))
    assert "Amira" in html and "woont 800 m verderop" in html and "Carla" not in html
    assert "1 spreekt geen Arabisch" in html
    assert count(AuditEvent) and db.session.scalar(db.select(AuditEvent.reference).where(
        AuditEvent.action == "request.suggestions")) == asked.reference


def test_when_nobody_fits_the_page_says_which_rule_left_out_how_many(staff_client, delft_town, delft, make_request):
    request = make_request(delft, languages="tr", days="tu", parts_of_day="afternoon")
    for name in ("A", "B", "C"):
        make_volunteer(delft_town.id, name)
    html = page(staff_client.get(f"/staff/volunteers/for/{request.reference}"))
    assert "Er is nu niemand die past." in html and "3 spreken geen Turks" in html


def test_the_request_page_links_to_its_suggestions(staff_client, asked, delft, make_request):
    assert f"/staff/volunteers/for/{asked.reference}" in page(staff_client.get(f"/staff/requests/{asked.reference}"))
    concern = make_request(delft, kind="concern")
    assert "/staff/volunteers/for/" not in page(staff_client.get(f"/staff/requests/{concern.reference}"))
    assert staff_client.get(f"/staff/volunteers/for/{concern.reference}").status_code == 404


@pytest.fixture
def leiden_client(app, make_staff, totp_clock, make_municipality, delft):
    client = app.test_client()
    leiden = make_municipality(code="GM0546", slug="leiden", name="Leiden")
    client.staff = make_staff(email="lot@leiden.example", name="Lot", municipality=leiden)
    assert sign_in(client, client.staff, totp_clock).status_code == 302
    return client


def test_another_municipality_s_request_and_match_are_a_404_on_every_route_and_logged(leiden_client, delft_town, asked):
    volunteer = make_volunteer(delft_town.id, "Amira")
    end_match(asked, volunteer, status="introduced")
    match_id = db.session.scalar(db.select(Match.id))
    gets = [f"/staff/volunteers/for/{asked.reference}", f"/staff/volunteers/matches/{match_id}",
            f"/staff/volunteers/matches/{match_id}/ticket/resident"]
    posts = [f"/staff/volunteers/for/{asked.reference}/propose"] + [
        f"/staff/volunteers/matches/{match_id}/{step}" for step in ("meeting", "active", "checkin", "end")]
    for path in gets:
        assert leiden_client.get(path).status_code == 404, path
    for path in posts:
        assert leiden_client.post(path, data={"volunteer_id": str(volunteer.id), "version": "1",
                                              "reason": "moved"}).status_code == 404, path
    assert count(Match) == 1 and db.session.get(Match, match_id).status == "introduced"
    refused = db.session.scalar(db.select(db.func.count()).where(AuditEvent.action == "access.refused"))
    assert refused == len(gets) + len(posts)


# A match's life ----------------------------------------------------------------------------------------

def status_words(client, reference, lang="nl"):
    return page(client.post(f"/{lang}/ask/status", data={"code": reference}))


def test_propose_plan_activate_check_in_and_end_with_the_request_and_resident_following(
        staff_client, client, delft_town, asked, make_place, delft):
    amira = make_volunteer(delft_town.id, "Amira")
    near = make_place(name="Buurthuis De Bras", lat=HOME[0] + 0.003, lon=HOME[1])
    near.neighbourhood_id = delft.id
    db.session.commit()

    proposed = staff_client.post(f"/staff/volunteers/for/{asked.reference}/propose",
                                 data={"volunteer_id": str(amira.id), "version": str(asked.version)})
    match = db.session.scalar(db.select(Match))
    assert proposed.headers["Location"] == f"/staff/volunteers/matches/{match.id}"
    db.session.refresh(asked)
    assert (match.status, asked.status) == ("proposed", "in_progress")
    assert "Amira" not in status_words(client, asked.reference)

    html = page(staff_client.get(f"/staff/volunteers/matches/{match.id}"))
    assert "Buurthuis De Bras" in html
    planned = staff_client.post(f"/staff/volunteers/matches/{match.id}/meeting", data={
        "version": "1", "day": "2026-12-01", "time": "14:30", "place": str(near.id)})
    assert planned.status_code == 302
    db.session.refresh(match), db.session.refresh(asked)
    assert (match.status, match.meeting_at, asked.status) == ("introduced", dt.datetime(2026, 12, 1, 14, 30), "matched")
    words = status_words(client, asked.reference)
    assert "Wij hebben een maatje voor u gevonden." in words and "Amira" not in words

    ticket = page(staff_client.get(f"/staff/volunteers/matches/{match.id}/ticket/resident"))
    assert "Amira" in ticket and "14:30" in ticket and "Buurthuis De Bras" in ticket and "+316" not in ticket
    assert "Fenna" in page(staff_client.get(f"/staff/volunteers/matches/{match.id}/ticket/volunteer"))

    assert staff_client.post(f"/staff/volunteers/matches/{match.id}/active", data={"version": "2"}).status_code == 302
    db.session.refresh(match)
    assert (match.status, match.checkin_due) == ("active", TODAY + dt.timedelta(weeks=6))
    assert "U heeft uw maatje ontmoet." in status_words(client, asked.reference)
    assert "لقد التقيت" in status_words(client, asked.reference, "ar")

    staff_client.post(f"/staff/volunteers/matches/{match.id}/checkin", data={"version": "3", "outcome": "went_well"})
    staff_client.post(f"/staff/volunteers/matches/{match.id}/end", data={"version": "4", "reason": "need_met"})
    db.session.refresh(match), db.session.refresh(asked)
    assert (match.checkin_outcome, match.status, match.ended_reason) == ("went_well", "ended", "need_met")
    assert (asked.status, asked.closed_reason) == ("closed", "helped")
    actions = list(db.session.scalars(db.select(AuditEvent.action).where(AuditEvent.action.like("match.%"))
                                      .order_by(AuditEvent.id)))
    assert actions == ["match.propose", "match.view", "match.meeting", "match.ticket", "match.ticket",
                       "match.active", "match.checkin", "match.end"]


def test_a_volunteer_who_no_longer_fits_cannot_be_proposed(staff_client, delft_town, asked):
    lapsed = make_volunteer(delft_town.id, "Fatima", vog_date=dt.date(2023, 1, 1))
    response = staff_client.post(f"/staff/volunteers/for/{asked.reference}/propose",
                                 data={"volunteer_id": str(lapsed.id), "version": str(asked.version)})
    assert response.status_code == 302 and count(Match) == 0


def test_a_match_that_ends_before_meeting_sends_the_request_back_to_searching_and_never_again(
        staff_client, delft_town, asked):
    amira = make_volunteer(delft_town.id, "Amira")
    staff_client.post(f"/staff/volunteers/for/{asked.reference}/propose",
                      data={"volunteer_id": str(amira.id), "version": str(asked.version)})
    match = db.session.scalar(db.select(Match))
    staff_client.post(f"/staff/volunteers/matches/{match.id}/end", data={"version": "1", "reason": "declined_resident"})
    db.session.refresh(asked)
    assert asked.status == "in_progress"
    result = suggestions.suggest(db.session.get(BuddyRequest, asked.id), TODAY, UTC_NOW)
    assert result.suggestions == [] and result.excluded == {"ended": 1}


@pytest.mark.parametrize(("field", "value"), [
    ("day", "2026-11-23"), ("day", "2028-01-01"), ("day", "2026-02-30"), ("day", "morgen"),
    ("time", "25:00"), ("time", "1430"), ("time", "٢:٣٠"), ("place", "999999"), ("place", ""),
])
def test_a_bad_first_meeting_is_refused_next_to_its_field(staff_client, delft_town, asked, make_place, delft, field,
                                                          value):
    amira = make_volunteer(delft_town.id, "Amira")
    near = make_place(name="Buurthuis", lat=HOME[0], lon=HOME[1])
    near.neighbourhood_id = delft.id
    end_match(asked, amira, status="proposed")
    match = db.session.scalar(db.select(Match))
    form = {"version": "1", "day": "2026-12-01", "time": "14:30", "place": str(near.id), field: value}
    response = staff_client.post(f"/staff/volunteers/matches/{match.id}/meeting", data=form)
    assert response.status_code == 400 and "error-message" in page(response)
    db.session.refresh(match)
    assert (match.status, match.meeting_at) == ("proposed", None)


def test_of_two_coordinators_acting_at_once_the_second_is_told(staff_client, delft_town, asked):
    amira = make_volunteer(delft_town.id, "Amira")
    end_match(asked, amira, status="active")
    match = db.session.scalar(db.select(Match))
    first = staff_client.post(f"/staff/volunteers/matches/{match.id}/end", data={"version": "1", "reason": "moved"})
    second = staff_client.post(f"/staff/volunteers/matches/{match.id}/end", data={"version": "1", "reason": "other"})
    assert first.status_code == second.status_code == 302
    db.session.refresh(match)
    assert match.ended_reason == "moved"
    assert "Een collega heeft deze koppeling net veranderd" in page(staff_client.get(second.headers["Location"]))


def test_every_match_post_needs_its_csrf_token_and_changes_nothing_without_it(strict_app):
    import re

    import pyotp

    from app.models import StaffMembership, StaffUser
    from app.references import new_reference
    from app.staff.auth.passwords import hash_password

    from .conftest import STAFF_PASSWORD

    with strict_app.app_context():
        delft_town = db.session.scalar(db.select(Municipality))
        staff = StaffUser(email="ria@delft.example", name="Ria", password_hash=hash_password(STAFF_PASSWORD),
                          totp_secret=pyotp.random_base32(), totp_confirmed=True)
        staff.memberships = [StaffMembership(municipality_id=delft_town.id, role="coordinator")]
        request = BuddyRequest(reference=new_reference(), language="nl", municipality_id=delft_town.id, kind="buddy",
                               for_whom="me", first_name="Fenna", contact_method="phone", languages="ar",
                               days="tu", parts_of_day="afternoon", consent_at=UTC_NOW, consent_version="test",
                               submission_token="csrf-test")
        db.session.add_all([staff, request])
        db.session.flush()
        volunteer = make_volunteer(delft_town.id, "Amira")
        db.session.add(Match(municipality_id=delft_town.id, request_id=request.id, volunteer_id=volunteer.id,
                             status="introduced"))
        db.session.commit()
        secret, reference, volunteer_id = staff.totp_secret, request.reference, volunteer.id
        match_id = db.session.scalar(db.select(Match.id))

    client = strict_app.test_client()

    def token(path):
        return re.search(r'name="csrf_token" value="([^"]+)"', page(client.get(path))).group(1)

    client.post("/staff/sign-in", data={"email": "ria@delft.example", "password": STAFF_PASSWORD,
                                        "csrf_token": token("/staff/sign-in")})
    assert client.post("/staff/sign-in/code", data={"code": pyotp.TOTP(secret).now(),
                                                    "csrf_token": token("/staff/sign-in/code")}).status_code == 302
    url = f"/staff/volunteers/matches/{match_id}"
    posts = {f"/staff/volunteers/for/{reference}/propose": {"volunteer_id": str(volunteer_id), "version": "1"},
             f"{url}/meeting": {"day": "2026-12-01", "time": "14:30", "place": "", "version": "1"},
             f"{url}/active": {"version": "1"}, f"{url}/checkin": {"outcome": "went_well", "version": "1"},
             f"{url}/end": {"reason": "moved", "version": "1"}}
    for path, data in posts.items():
        assert client.post(path, data=data).status_code == 400, path
    with_token = client.post(f"{url}/active", data={"version": "1", "csrf_token": token(url)})
    assert with_token.status_code == 302  # the same post with its token works
    with strict_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Match)) == 1
        assert db.session.scalar(db.select(Match.status)) == "active"


def test_the_volunteer_s_timeline_names_each_step_of_their_matches(staff_client, delft_town, asked):
    amira = make_volunteer(delft_town.id, "Amira")
    staff_client.post(f"/staff/volunteers/for/{asked.reference}/propose",
                      data={"volunteer_id": str(amira.id), "version": str(asked.version)})
    match = db.session.scalar(db.select(Match))
    staff_client.post(f"/staff/volunteers/matches/{match.id}/end", data={"version": "1", "reason": "moved"})
    html = page(staff_client.get(f"/staff/volunteers/{amira.id}"))
    assert "koppeling: Voorgesteld" in html and "koppeling: Beëindigd (Verhuisd)" in html


def test_a_volunteer_already_proposed_for_the_request_is_not_suggested_or_proposed_again(staff_client, delft_town,
                                                                                          asked):
    amira = make_volunteer(delft_town.id, "Amira", capacity=3)
    for _ in range(2):
        staff_client.post(f"/staff/volunteers/for/{asked.reference}/propose",
                          data={"volunteer_id": str(amira.id), "version": str(asked.version)})
        db.session.refresh(asked)
    assert count(Match) == 1
    assert suggestions.suggest(asked, TODAY, UTC_NOW).suggestions == []
