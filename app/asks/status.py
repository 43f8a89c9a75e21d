"""What a resident may know about a request: its kind and its status in plain words, nothing else.
The same for someone who signed up as a volunteer with "I would like to help"."""

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import HelpRequest, Match, Volunteer
from ..references import find_request, find_volunteer

KINDS = {
    "buddy": _l("Uw vraag om een maatje"),
    "go_along": _l("Uw vraag om iemand die met u meegaat"),
    "concern": _l("Uw bericht over iemand om wie u zich zorgen maakt"),
}

# Status → words; a kind may say it its own way.
WORDS = {
    "new": _l("Wij hebben uw vraag ontvangen. Wij gaan er snel mee aan de slag."),
    "in_progress": _l("Wij zijn met uw vraag bezig."),
    "contacted": _l("Wij hebben contact met u gehad."),
    "matched": _l("Wij hebben iemand voor u gevonden."),
    "referred": _l("Wij hebben uw vraag doorgegeven aan een andere organisatie. Zij nemen contact met u op."),
    "closed": _l("Klaar. Wij hebben uw vraag afgerond."),
}
WORDS_BY_KIND = {
    ("buddy", "in_progress"): _l("Wij zoeken een maatje voor u."),
    ("buddy", "matched"): _l("Wij hebben een maatje voor u gevonden."),
    ("go_along", "in_progress"): _l("Wij zoeken iemand die met u meegaat."),
    ("concern", "new"): _l("Wij hebben uw bericht ontvangen."),
    ("concern", "in_progress"): _l("Wij kijken naar uw bericht."),
    ("concern", "contacted"): _l("Wij zijn met uw bericht bezig."),
    ("concern", "closed"): _l("Klaar. Wij hebben uw bericht afgerond."),
}
# After the retention period (app.retention) the request holds nothing about the person any more.
ANONYMISED = _l("Het is al een tijd klaar. Daarom hebben wij uw naam, uw telefoonnummer en wat u schreef gewist.")

# While a request is matched, how far its match is; never who the volunteer is.
WORDS_BY_MATCH = {
    ("buddy", "introduced"): _l("Wij hebben een maatje voor u gevonden. Wij spreken een eerste kennismaking af."),
    ("buddy", "active"): _l("U heeft uw maatje ontmoet. U gaat samen verder."),
    ("go_along", "introduced"): _l("Wij hebben iemand gevonden die met u meegaat."),
    ("go_along", "active"): _l("U heeft de persoon ontmoet die met u meegaat."),
}


def match_stage(request: HelpRequest) -> str | None:
    """"introduced" or "active" for a matched buddy or go-along request whose latest match is that far."""
    if request.kind not in ("buddy", "go_along") or request.status != "matched":
        return None
    return db.session.scalar(db.select(Match.status).where(Match.request_id == request.id,
                                                            Match.status.in_(("introduced", "active")))
                             .order_by(Match.created_at.desc(), Match.id.desc()).limit(1))


def in_words(request: HelpRequest) -> tuple[str, str]:
    """(what it is, how it stands) in the page's language."""
    kind = request.kind
    stage = match_stage(request)
    if stage is not None:
        words = str(WORDS_BY_MATCH[(kind, stage)])
    else:
        words = str(WORDS_BY_KIND.get((kind, request.status), WORDS.get(request.status, WORDS["new"])))
    if request.anonymised_at is not None:
        words = f"{words} {ANONYMISED}"
    return str(KINDS[kind]), words


VOLUNTEER = _l("Uw aanmelding als vrijwilliger")
VOLUNTEER_WORDS = {
    "applicant": _l("Wij hebben uw aanmelding ontvangen. Wij nemen contact met u op om kennis te maken."),
    "intake": _l("Wij maken kennis met u. Daarna zoeken wij iemand die bij u past."),
    "active": _l("U bent vrijwilliger bij Vangnet. Dank u wel!"),
    "paused": _l("U doet even niet mee. Wilt u weer beginnen? Neem dan contact met ons op."),
    "stopped": _l("U doet niet meer mee als vrijwilliger. Dank u wel voor uw hulp."),
}


def volunteer_in_words(volunteer: Volunteer) -> tuple[str, str]:
    return str(VOLUNTEER), str(VOLUNTEER_WORDS[volunteer.status])


def looked_up(code: str) -> tuple[str, str] | None:
    """(what it is, how it stands) for a code of a request or of a volunteer, or None."""
    request = find_request(code)
    if request is not None:
        return in_words(request)
    volunteer = find_volunteer(code)
    return volunteer_in_words(volunteer) if volunteer is not None else None
