"""Something is wrong here: on every place and activity page a resident says, with a few taps, that it is
gone or that a time or the address is wrong. The suggestion goes to the staff queue (/staff/corrections).

Nothing about who suggested it is kept: no kiosk, no address, no session, only the listing, the choice,
the optional text and the page's language. The resident side never shows that a suggestion exists.
"""

from flask import redirect, render_template, session, url_for
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address

from ..extensions import db, limiter
from ..i18n import page_language
from ..models import CORRECTION_REASONS, Correction, Place
from ..notify import notify_correction
from ..visitors import visitor_key
from .forms import CorrectionForm
from .views import bp, load_activity

# Far more than one person at a tablet ever suggests, far less than a robot would; per tablet or browser,
# and a ceiling per address that all the tablets of a library share.
LIMIT_PER_VISITOR = "10 per hour"
LIMIT_PER_ADDRESS = "200 per hour"
RETURN_AFTER_SECONDS = 60  # on a kiosk the thank-you page goes back to the start by itself
SENT = "correction_sent"  # the session's note, for one view of the thank-you page, of which listing it was

# key → (label, pictogram). A place shows no times of its own: its "time" is its activities' times.
ACTIVITY_REASONS = {
    "gone": (_l("Het is er niet meer"), "gone"),
    "time": (_l("De tijd klopt niet"), "clock"),
    "address": (_l("Het adres klopt niet"), "location"),
    "other": (_l("Iets anders"), "speech-balloon"),
}
PLACE_REASONS = {**ACTIVITY_REASONS, "time": (_l("Een tijd van een activiteit klopt niet"), "clock")}
assert set(ACTIVITY_REASONS) == set(PLACE_REASONS) == set(CORRECTION_REASONS)


def published_place(place_id: int) -> Place:
    return db.first_or_404(db.select(Place).where(Place.id == place_id, Place.published))


@bp.route("/<lang:lang>/places/<int(max=2147483647):place_id>/correction", methods=("GET", "POST"))
@limiter.limit(LIMIT_PER_VISITOR, key_func=visitor_key, methods=["POST"])
@limiter.limit(LIMIT_PER_ADDRESS, key_func=get_remote_address, methods=["POST"])
def correct_place(place_id):
    """Something is wrong with this place: a few big choices and a short text if the resident wants."""
    place = published_place(place_id)
    pages = url_for("places.place", place_id=place.id), url_for("places.place_thanks", place_id=place.id)
    return suggest(Correction(place_id=place.id), PLACE_REASONS, place.name, *pages)


@bp.route("/<lang:lang>/activities/<int(max=2147483647):activity_id>/correction", methods=("GET", "POST"))
@limiter.limit(LIMIT_PER_VISITOR, key_func=visitor_key, methods=["POST"])
@limiter.limit(LIMIT_PER_ADDRESS, key_func=get_remote_address, methods=["POST"])
def correct_activity(activity_id):
    """Something is wrong with this activity: gone, the time, the address, or something else."""
    activity = load_activity(activity_id)
    pages = (url_for("places.activity", activity_id=activity.id),
             url_for("places.activity_thanks", activity_id=activity.id))
    correction = Correction(place_id=activity.place_id, activity_id=activity.id)
    return suggest(correction, ACTIVITY_REASONS, activity.text(page_language()).title, *pages)


def suggest(correction: Correction, reasons: dict, name: str, listing: str, thanks_page: str):
    """The form; a valid answer is stored (and only that), then the thank-you page."""
    form = CorrectionForm(options=reasons)
    if form.validate_on_submit():
        correction.reason, correction.text = form.reason.data, form.text.data or None
        correction.language = page_language()
        db.session.add(correction)
        db.session.commit()
        notify_correction(correction)
        session[SENT] = listing
        return redirect(thanks_page)
    return render_template("places/correction.html", form=form, name=name, listing=listing), \
        400 if form.errors else 200


@bp.route("/<lang:lang>/places/<int(max=2147483647):place_id>/correction/thanks")
def place_thanks(place_id):
    """Thank you: we pass it on. Shown once, right after sending; else the place itself."""
    return thanks(url_for("places.place", place_id=published_place(place_id).id))


@bp.route("/<lang:lang>/activities/<int(max=2147483647):activity_id>/correction/thanks")
def activity_thanks(activity_id):
    """Thank you: we pass it on. Shown once, right after sending; else the activity itself."""
    return thanks(url_for("places.activity", activity_id=load_activity(activity_id).id))


def thanks(listing: str):
    # Once: a reload, the back button or the next person at the tablet gets the listing, not a hint
    # that someone suggested something here.
    if session.pop(SENT, None) != listing:
        return redirect(listing)
    return render_template("places/correction_thanks.html", listing=listing, return_after=RETURN_AFTER_SECONDS)


@bp.errorhandler(429)
def too_many(error):
    return render_template("places/correction_too_many.html"), 429
