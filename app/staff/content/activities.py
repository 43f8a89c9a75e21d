"""Activities under /staff/activities: what happens at a place, when (the schedule editor, with its
sentence and coming dates beside it), and its texts per language with each one's state.

A save goes through app.listings, so every changed field is in the place's history; it carries the
version its page showed, so of two people saving at once the second is told."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from ... import listings, page_cache, schedule
from ...choices import SPOKEN_LANGUAGES
from ...extensions import db
from ...i18n import date_in_words
from ...models import Activity, ActivityText, ListingChange, Place
from .. import audit, changes
from ..access import activity_or_404, municipality_of, scoped_places
from ..sessions import require_sign_in
from . import schedules
from .forms import LANGUAGES, SOURCE_NAMES, STATUS_NAMES, ActivityForm, ArchiveForm, field_name, field_value
from .listings import PAGE_SIZE, int_arg, today

bp = Blueprint("activities", __name__, url_prefix="/staff/activities")
bp.before_request(require_sign_in)


def my_places() -> list[Place]:
    return list(db.session.scalars(scoped_places().where(Place.status != "archived").order_by(Place.name)))


@bp.route("")
def activities():
    """The activities at my places, with their schedule in words; search by name, filter by place."""
    search, place_id = request.args.get("q", "").strip()[:100], int_arg("place")
    page = min(int_arg("page") or 1, 10000)
    archived = request.args.get("archived") == "1"
    query = (db.select(Activity).join(Activity.place)
             .where(Activity.place_id.in_(scoped_places().with_only_columns(Place.id)),
                    (Activity.status == "archived") if archived else (Activity.status != "archived")))
    if place_id:
        query = query.where(Activity.place_id == place_id)
    if search:
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Activity.id.in_(db.select(ActivityText.activity_id).where(
            ActivityText.lang == "nl", ActivityText.title.ilike(f"%{escaped}%", escape="\\"))))
    total = db.session.scalar(query.with_only_columns(db.func.count(Activity.id)).order_by(None))
    rows = db.session.scalars(query.options(selectinload(Activity.texts), selectinload(Activity.place),
                                            selectinload(Activity.cancellations))
                              .order_by(Place.name, Activity.id).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return render_template("staff/content/activities.html", rows=rows, total=total, search=search, page=page,
                           pages=max(1, -(-total // PAGE_SIZE)), place_id=place_id, archived=archived,
                           places=my_places(), in_words=in_words)


@bp.route("/new", methods=("GET", "POST"))
def new():
    """A new activity at one of my places; a draft until it is published."""
    form = ActivityForm(places=my_places())
    if not form.is_submitted():
        form.place.data = str(int_arg("place") or "")
        form.languages.data = ["nl"]
    if form.validate_on_submit() and complete(form) and not previewing():
        activity = Activity(place=form.chosen_place)
        db.session.add(activity)
        save(activity, form)
        db.session.flush()
        audit.record("activity.create", municipality_id=municipality_of(activity.place),
                     detail=f"activity {activity.id} at place {activity.place_id}")
        db.session.commit()
        page_cache.clear()
        flash(_("Activiteit opgeslagen."))
        return redirect(url_for("activities.edit", activity_id=activity.id))
    return editor_page(form, None)


@bp.route("/<int(max=2147483647):activity_id>", methods=("GET", "POST"))
def edit(activity_id):
    """An activity's form; saving it changes what residents see at once (when it is published)."""
    activity = activity_or_404(activity_id)
    form = ActivityForm(places=places_for(activity))
    if not form.is_submitted():
        fill(form, activity)
    elif not changes.seen(activity, form):
        return someone_changed(activity_id)
    if form.validate_on_submit() and complete(form) and not previewing():
        changed = save(activity, form)
        audit.record("activity.edit", municipality_id=municipality_of(activity.place),
                     detail=f"activity {activity_id}: {' '.join(changed)}"[:200])
        page_cache.clear()
        return saved(activity_id, _("Activiteit opgeslagen."))
    return editor_page(form, activity)


@bp.route("/<int(max=2147483647):activity_id>/archive", methods=("POST",))
def archive(activity_id):
    """Archive an activity: residents no longer see it; staff find it under "archived"."""
    activity = activity_or_404(activity_id)
    form = ArchiveForm()
    if not form.validate_on_submit():
        abort(400)
    if not changes.seen(activity, form):
        return someone_changed(activity_id)
    listings.Change(current_user, "editor").set(activity, {"status": "archived"})
    audit.record("activity.archive", municipality_id=municipality_of(activity.place), detail=f"activity {activity_id}")
    page_cache.clear()
    return saved(activity_id, _("Activiteit gearchiveerd. Bewoners zien hem niet meer."))


def places_for(activity: Activity) -> list[Place]:
    """My places to choose from, and the activity's own even when it is archived."""
    places = my_places()
    return places if activity.place in places else [activity.place, *places]


def previewing() -> bool:
    """ "Show the schedule" re-renders the page with the sentence and dates of what was typed, unsaved."""
    return request.form.get("action") == "preview"


def fill(form: ActivityForm, activity: Activity) -> None:
    """The stored activity in the form."""
    form.version.data = str(activity.version)
    form.place.data = str(activity.place_id)
    form.category.data, form.audience.data, form.status.data = activity.category, activity.audience, activity.status
    form.cost.data, form.languages.data = activity.cost_cents, activity.language_codes
    form.signup_required.data = "yes" if activity.signup_required else "no"
    for text in activity.texts:
        if text.lang in LANGUAGES:
            title, description = form.text_fields(text.lang)
            title.data, description.data = text.title, text.description
    plan = schedules.plan_of(activity)
    form.start_time.data, form.duration.data = activity.start_time, activity.duration_minutes
    form.first_date.data = activity.first_date
    form.cancelled.data = [c.date.isoformat() for c in activity.cancellations]
    if plan is not None:
        form.repeat.data, form.days.data, form.every.data = plan.repeat, list(plan.days), str(plan.every)
        form.nth.data, form.weekday.data, form.end_date.data = str(plan.nth), plan.weekday, plan.end_date


def complete(form: ActivityForm) -> bool:
    """What the fields cannot check alone: the schedule has a date, a translation has its name."""
    complete = True
    if schedule.first_start(form.plan().as_activity()) is None:
        form.end_date.errors.append(_("Met deze keuzes valt de activiteit op geen enkele dag. "
                                      "Kijk of de data goed zijn."))
        complete = False
    for lang in LANGUAGES:
        title, description = form.text_fields(lang)
        if description.data and not title.data:
            title.errors.append(_("Typ ook de naam in deze taal, of maak de beschrijving leeg"))
            complete = False
    return complete


def save(activity: Activity, form: ActivityForm) -> list[str]:
    """Copy the form onto the activity through app.listings; the names of the fields that changed."""
    change, plan = listings.Change(current_user, "editor"), form.plan()
    if activity.place is not form.chosen_place:
        change.note(activity, "place", activity.place.name if activity.place_id else None, form.chosen_place.name)
        activity.place = form.chosen_place
    change.set(activity, {
        "category": form.category.data, "audience": form.audience.data, "cost_cents": form.cost.data,
        "languages": " ".join(code for code in SPOKEN_LANGUAGES if code in form.languages.data),
        "signup_required": form.signup_required.data == "yes", "status": form.status.data,
        "rrule": plan.rule, "first_date": plan.first_date, "start_time": plan.start_time,
        "duration_minutes": plan.duration_minutes,
    })
    for lang in LANGUAGES:
        title, description = form.text_fields(lang)
        if title.data:
            change.text(activity, lang, title.data, description.data or "",
                        still_right=request.form.get(f"still_right_{lang}") == "1")
        else:
            change.drop_text(activity, lang)
    change.cancellations(activity, kept_cancellations(activity, plan))
    return change.fields


def kept_cancellations(activity: Activity, plan: schedules.Plan):
    """The dates ticked among the coming ones, and the past ones as they were."""
    coming = set(schedules.scheduled_dates(plan, today()))
    past = {c.date for c in activity.cancellations if c.date < today()}
    return past | (plan.cancelled & coming)


def in_words(activity: Activity) -> str:
    plan = schedules.plan_of(activity)
    return schedules.sentence(plan, today()) if plan else _("een rooster uit een import")


def editor_page(form: ActivityForm, activity: Activity | None):
    """The editor with, beside the schedule, its sentence and coming dates: of what was typed when it
    is complete, else of what is stored."""
    plan = form.plan() if form.is_submitted() and schedule_complete(form) else (
        schedules.plan_of(activity) if activity else None)
    dates = schedules.scheduled_dates(plan, today()) if plan else []
    form.cancelled.choices = [SelectChoice(day.isoformat(), day) for day in dates]
    states = {lang: listings.text_state(activity, lang) if activity else "missing" for lang in LANGUAGES}
    history = db.session.scalars(db.select(ListingChange).where(ListingChange.activity_id == activity.id)
                                 .order_by(ListingChange.at.desc(), ListingChange.id.desc()).limit(200)) \
        if activity else []
    status = 400 if form.errors else 200
    return render_template(
        "staff/content/activity.html", form=form, activity=activity, plan=plan, states=states,
        sentence=schedules.sentence(plan, today()) if plan else None,
        coming=schedules.coming(plan, today()) if plan else [], history=list(history), languages=LANGUAGES,
        custom_rule=activity is not None and schedules.plan_of(activity) is None,
    ), status


def schedule_complete(form: ActivityForm) -> bool:
    names = ("repeat", "first_date", "days", "every", "nth", "weekday", "end_date", "start_time", "duration",
             "cancelled")
    return not any(form[name].errors for name in names) and form.first_date.data and form.start_time.data \
        and form.duration.data and (form.repeat.data != "weekly" or form.days.data) and form.repeat.data in \
        schedules.REPEATS


def changed_meanwhile() -> str:
    return _("Iemand anders heeft deze activiteit net veranderd. Hieronder ziet u hoe die nu is. "
             "Is uw wijziging nog nodig? Doe die dan opnieuw.")


def saved(activity_id: int, message: str):
    return changes.save(url_for("activities.edit", activity_id=activity_id), message, changed_meanwhile())


def someone_changed(activity_id: int):
    return changes.refused(url_for("activities.edit", activity_id=activity_id), changed_meanwhile())


@bp.context_processor
def activity_words():
    return {"status_names": STATUS_NAMES, "source_names": SOURCE_NAMES, "field_name": field_name,
            "field_value": field_value, "date_words": lambda day: date_in_words(day, "yMMMMEEEEd"), "state_names": {
        "missing": _("ontbreekt"), "current": _("klopt met de Nederlandse tekst"),
        "outdated": _("verouderd: de Nederlandse tekst is daarna veranderd")}}
