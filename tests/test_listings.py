"""app.listings: one way to change a listing, for the editor, the HSDS import and the demo loader."""

import datetime as dt

from app import listings
from app.extensions import db
from app.models import ListingChange


def history_of(place):
    return [(c.field, c.old, c.new, c.source) for c in reversed(listings.history(place))]


def test_every_changed_field_is_kept_with_old_and_new_value_and_unchanged_ones_are_not(make_place):
    place = make_place(name="Buurthuis")
    change = listings.Change(by=None, source="import")
    assert change.set(place, {"name": "Buurthuis De Linde", "step_free": True, "city": place.city}) == [
        "name", "step_free"]
    db.session.commit()
    assert history_of(place) == [("name", "Buurthuis", "Buurthuis De Linde", "import"),
                                 ("step_free", "false", "true", "import")]


def test_a_translation_is_current_until_the_dutch_changes_then_residents_see_the_dutch(make_activity):
    activity = make_activity(title="Koffieochtend", texts={"ar": ("صباح القهوة", "تعال.")})
    assert listings.text_state(activity, "ar") == "current"
    assert listings.text_state(activity, "tr") == "missing"
    assert activity.text("ar").lang == "ar"
    listings.Change(by=None, source="demo").text(activity, "nl", "Koffie-ochtend", "Kom binnen.")
    db.session.commit()
    assert listings.text_state(activity, "ar") == "outdated"
    assert activity.text("ar").lang == "nl"
    listings.Change(by=None, source="demo").text(activity, "ar", "صباح القهوة", "تعال للقهوة.")
    assert listings.text_state(activity, "ar") == "current" and activity.text("ar").lang == "ar"


def test_cancelled_dates_replace_the_earlier_ones_in_one_history_line(make_activity):
    activity = make_activity()
    change = listings.Change(by=None, source="demo")
    change.cancellations(activity, [dt.date(2026, 5, 12)])
    change.cancellations(activity, [dt.date(2026, 5, 19), dt.date(2026, 5, 12)])
    db.session.commit()
    assert sorted(c.date for c in activity.cancellations) == [dt.date(2026, 5, 12), dt.date(2026, 5, 19)]
    lines = [(c.old, c.new) for c in db.session.scalars(
        db.select(ListingChange).where(ListingChange.field == "cancelled").order_by(ListingChange.id))]
    assert lines == [(None, "2026-05-12"), ("2026-05-12", "2026-05-12 2026-05-19")]


def test_confirming_a_place_checks_it_and_every_language_of_its_activities(make_activity):
    activity = make_activity(texts={"en": ("Coffee morning", "Come in.")})
    listings.Change(by=None, source="editor").confirm(activity.place, dt.date(2026, 12, 2))
    db.session.commit()
    assert activity.place.last_checked == dt.date(2026, 12, 2)
    assert {text.lang: text.checked_on for text in activity.texts} == {
        "nl": dt.date(2026, 12, 2), "en": dt.date(2026, 12, 2)}
