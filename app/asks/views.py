"""Asking for help: the buddy, go-along and worry wizards (one question per page), check your answers,
privacy and consent, the confirmation with a reference code, and checking on a request. "I would like
to help" walks the same pages and makes an applicant volunteer.

Answers live in a server-side draft (app.drafts); URLs, titles and cookies carry none of them.
"""

import datetime as dt

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from .. import drafts, schedule
from ..extensions import db, limiter
from ..geo import municipalities_with_wijken
from ..models import Activity, CrisisLine, Municipality
from ..references import formatted
from ..visitors import visitor_key
from .forms import HelpSendForm, SendForm, StatusForm
from .requests import find_by_token, make_request, place_of
from .wizards import URGENT, WIZARDS, WORRY, Step, Wizard

bp = Blueprint("asks", __name__)
RETURN_AFTER_SECONDS = 60  # a kiosk's confirmation page goes back to the start by itself
WIZARD_SLUGS = 'any(buddy, "go-along", worry, help)'


def load_wizard(slug: str) -> Wizard:
    return WIZARDS.get(slug) or abort(404)


def refuse_bots() -> None:
    """The hidden honeypot field: people never see it, form-filling robots fill it in."""
    if request.method == "POST" and request.form.get("website"):
        abort(403)


bp.before_request(refuse_bots)


@bp.route(f"/<lang:lang>/ask/<{WIZARD_SLUGS}:wizard>/")
def begin(wizard):
    """The first question (the draft is made when it is answered)."""
    chosen = load_wizard(wizard)
    if chosen.kind == "go_along" and drafts.current_draft("go_along") is None:
        return redirect(url_for("places.where"))  # a go-along request starts from an activity
    return redirect(url_for("asks.question", wizard=wizard, step=chosen.steps[0].name))


@bp.route("/<lang:lang>/ask/go-along/<int(max=2147483647):activity_id>", methods=("POST",))
def go_along(activity_id):
    """Someone to go along the first time: the activity and its date are filled in already."""
    activity = db.get_or_404(Activity, activity_id)
    if not (activity.published and activity.place.published):
        abort(404)
    day = chosen_date(activity, request.form.get("date", ""))
    draft = drafts.start_draft("go_along")
    neighbourhood = activity.place.neighbourhood
    drafts.save_answer(draft, "_activity", {
        "id": activity.id, "date": day.isoformat(),
        "neighbourhood_id": neighbourhood.id if neighbourhood else None,
        "municipality_id": neighbourhood.municipality_id if neighbourhood else None,
    })
    db.session.commit()
    return redirect(url_for("asks.question", wizard="go-along", step=load_wizard("go-along").steps[0].name))


def chosen_date(activity: Activity, text: str) -> dt.date:
    """The date asked for if the activity happens then, else its next date; 404 if it has none."""
    now = schedule.local_now()
    day = schedule.day_from(text, now.date())
    if day is not None and schedule.occurrences(activity, day, day + dt.timedelta(days=1)):
        return day
    coming = schedule.next_occurrence(activity, now)
    return coming.start.date() if coming else abort(404)


def page_guard(chosen: Wizard, step: Step, answers: dict, draft) -> str | None:
    """Where to go instead, if this page does not apply or an earlier one is still unanswered."""
    if draft is None and (chosen.kind == "go_along" or step is not chosen.steps[0]):
        return url_for("asks.begin", wizard=chosen.slug)
    missing = chosen.first_unanswered(answers)
    applicable = chosen.applicable(answers)
    if step not in applicable or (missing and applicable.index(missing) < applicable.index(step)):
        if missing is None:
            return url_for("asks.check", wizard=chosen.slug)
        return url_for("asks.question", wizard=chosen.slug, step=missing.name)
    return None


def next_page(chosen: Wizard, step: Step, answers: dict) -> str:
    """After a change from the check page: back there (via any page the change made necessary)."""
    following = chosen.first_unanswered(answers) if request.args.get("change") else chosen.after(step, answers)
    if following is None:
        return url_for("asks.check", wizard=chosen.slug)
    return url_for("asks.question", wizard=chosen.slug, step=following.name, change=request.args.get("change"))


@bp.route(f"/<lang:lang>/ask/<{WIZARD_SLUGS}:wizard>/<step>", methods=("GET", "POST"))
def question(wizard, step):
    """One question page of a wizard."""
    chosen = load_wizard(wizard)
    current = chosen.step(step) or abort(404)
    draft = drafts.current_draft(chosen.kind)
    answers = drafts.answers(draft)
    elsewhere = page_guard(chosen, current, answers, draft)
    if elsewhere:
        return redirect(elsewhere)
    form = current.form() if request.method == "POST" else current.form(data=answers.get(current.name))
    form.prepare(answers)
    if form.validate_on_submit():
        if getattr(form, "outside", None) is not None:
            return render_template("asks/outside.html", wizard=chosen, postcode=form.outside,
                                   municipalities=municipalities_with_wijken())
        draft = draft or drafts.start_draft(chosen.kind)
        drafts.save_answer(draft, current.name, form.values())
        db.session.commit()
        if current.name == "urgency" and form.urgency.data in URGENT:
            return redirect(url_for("asks.urgent", change=request.args.get("change")))
        return redirect(next_page(chosen, current, drafts.answers(draft)))
    back = back_link(chosen, current, answers)
    return render_template("asks/question.html", wizard=chosen, step=current, form=form, back=back)


@bp.route("/<lang:lang>/ask/worry/urgent")
def urgent():
    """Danger now: 112, large. A crisis: the crisis numbers. Then, if the resident wants, the report."""
    draft = drafts.current_draft(WORRY.kind)
    urgency = drafts.answers(draft).get("urgency", {}).get("urgency")
    if urgency not in URGENT:
        return redirect(url_for("asks.begin", wizard=WORRY.slug))
    step = WORRY.step("urgency")
    return render_template("asks/urgent.html", wizard=WORRY, danger=urgency == "danger",
                           lines=crisis_lines(), go_on=next_page(WORRY, step, drafts.answers(draft)))


def crisis_lines() -> list[tuple[list[str], list[tuple[str, str]]]]:
    """The crisis numbers of this kiosk's municipality, or of every municipality off a kiosk.

    Municipalities with the same numbers share one list: someone in a crisis reads each number once.
    Each group is (municipality names, [(line name, phone)]).
    """
    query = db.select(CrisisLine).join(Municipality, CrisisLine.municipality_id == Municipality.id)
    kiosk = g.get("kiosk")
    if kiosk is not None and kiosk.neighbourhood is not None:
        query = query.where(CrisisLine.municipality_id == kiosk.neighbourhood.municipality_id)
    per_town: dict[str, list[tuple[str, str]]] = {}
    for line in db.session.scalars(query.order_by(Municipality.name, CrisisLine.position)):
        per_town.setdefault(line.municipality.name, []).append((line.name, line.phone))
    groups: dict[tuple, list[str]] = {}
    for town, lines in per_town.items():
        groups.setdefault(tuple(lines), []).append(town)
    return [(towns, list(lines)) for lines, towns in groups.items()]


def back_link(chosen: Wizard, step: Step, answers: dict) -> str:
    if request.args.get("change"):
        return url_for("asks.check", wizard=chosen.slug)
    earlier = [s for s in chosen.applicable(answers) if chosen.steps.index(s) < chosen.steps.index(step)]
    if earlier:
        return url_for("asks.question", wizard=chosen.slug, step=earlier[-1].name)
    return url_for("public.home")


def summary_rows(chosen: Wizard, answers: dict) -> list[dict]:
    rows = []
    for step in chosen.applicable(answers):
        form = step.form(formdata=None, data=answers.get(step.name))
        form.prepare(answers)
        question = form.legend or form.questions()[0].label.text
        change = url_for("asks.question", wizard=chosen.slug, step=step.name, change=1)
        rows.append({"question": question, "answer": form.summary() or _("Niet ingevuld"), "change": change})
    return rows


def finished_draft(chosen: Wizard):
    """This session's draft and its answers, or a redirect to the first page still to answer."""
    draft = drafts.current_draft(chosen.kind)
    if draft is None:
        return None, None, redirect(url_for("asks.begin", wizard=chosen.slug))
    answers = drafts.answers(draft)
    missing = chosen.first_unanswered(answers)
    if missing is not None:
        return draft, answers, redirect(url_for("asks.question", wizard=chosen.slug, step=missing.name))
    return draft, answers, None


@bp.route(f"/<lang:lang>/ask/<{WIZARD_SLUGS}:wizard>/check")
def check(wizard):
    """Check your answers, each with a link to change it."""
    chosen = load_wizard(wizard)
    draft, answers, elsewhere = finished_draft(chosen)
    if elsewhere:
        return elsewhere
    activity = answers.get("_activity")
    return render_template(
        "asks/check.html", wizard=chosen, rows=summary_rows(chosen, answers),
        activity=db.session.get(Activity, activity["id"]) if activity else None,
        activity_date=dt.date.fromisoformat(activity["date"]) if activity else None,
    )


# Sending: far more than one person at a tablet can send, far less than a robot would. Per tablet or
# browser session, and a ceiling per address that all the tablets of a library share.
SEND_LIMIT_PER_VISITOR = "20 per hour"
SEND_LIMIT_PER_ADDRESS = "300 per hour"


@bp.route(f"/<lang:lang>/ask/<{WIZARD_SLUGS}:wizard>/send", methods=("GET", "POST"))
@limiter.limit(SEND_LIMIT_PER_VISITOR, key_func=visitor_key, methods=["POST"])
@limiter.limit(SEND_LIMIT_PER_ADDRESS, key_func=get_remote_address, methods=["POST"])
def send(wizard):
    """What we do with your answers, your consent, and sending the request (exactly once)."""
    chosen = load_wizard(wizard)
    form = HelpSendForm() if chosen.kind == "volunteer" else SendForm()
    sent = form.validate_on_submit()
    earlier = find_by_token(form.submission.data) if sent else None
    if earlier is not None:  # a double tap, a second tab, or a retry after a lost answer
        return finish(chosen, earlier, again=True)
    draft, answers, elsewhere = finished_draft(chosen)
    if elsewhere:
        # Another tab may have sent it between the two looks: it stores the request, then drops the draft.
        earlier = find_by_token(form.submission.data) if sent else None
        if earlier is not None:
            return finish(chosen, earlier, again=True)
        if form.is_submitted():
            flash(_("Uw antwoorden zijn er niet meer. Begin alstublieft opnieuw."))
        return elsewhere
    if place_of(answers)[0] is None:
        return redirect(url_for("asks.question", wizard=chosen.slug, step=chosen.steps[0].name, change=1))
    if sent and form.submission.data == draft.submission_token:
        return finish(chosen, make_request(chosen, answers, draft.submission_token))
    form.submission.data = draft.submission_token
    return render_template("asks/send.html", wizard=chosen, form=form)


def finish(chosen: Wizard, row, again: bool = False):
    """End of the flow: the draft goes, the session starts afresh (a new cookie), the code is shown."""
    drafts.discard_draft()
    visit = session.get("visit")  # the send limit per visitor goes on counting
    session.clear()
    if visit:
        session["visit"] = visit
    drafts.keep_receipt({"wizard": chosen.slug, "reference": row.reference, "again": again})
    db.session.commit()
    return redirect(url_for("asks.done", wizard=chosen.slug))


@bp.route(f"/<lang:lang>/ask/<{WIZARD_SLUGS}:wizard>/done")
def done(wizard):
    """Confirmation: the reference code and what happens next, printable; nothing personal."""
    chosen = load_wizard(wizard)
    done_request = drafts.receipt()
    if done_request is None or done_request.get("wizard") != chosen.slug:
        return redirect(url_for("public.home"))
    return render_template("asks/done.html", wizard=chosen, reference=done_request["reference"],
                           again=done_request.get("again"), return_after=RETURN_AFTER_SECONDS)


# Guessing codes: a few tries per tablet or session, and a generous ceiling per address, because
# all the tablets of a library share one.
STATUS_LIMIT_PER_VISITOR = "10 per 10 minutes"
STATUS_LIMIT_PER_ADDRESS = "300 per hour"


@bp.route("/<lang:lang>/ask/status", methods=("GET", "POST"))
@limiter.limit(STATUS_LIMIT_PER_VISITOR, key_func=visitor_key, methods=["POST"])
@limiter.limit(STATUS_LIMIT_PER_ADDRESS, key_func=get_remote_address, methods=["POST"])
def status():
    """Check my request: the code shows how it stands in plain words, and nothing personal."""
    form = StatusForm()
    found = form.found if form.validate_on_submit() else None
    return render_template("asks/status.html", form=form, found=found)


@bp.errorhandler(429)
def too_many_tries(error):
    return render_template("asks/too_many.html", codes=request.endpoint == "asks.status"), 429


@bp.context_processor
def helpers():
    return {"formatted_reference": formatted, "kiosk_mode": g.get("kiosk") is not None}
