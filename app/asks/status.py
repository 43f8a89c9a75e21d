"""What a resident may know about a request: its kind and its status in plain words, nothing else."""

from flask_babel import lazy_gettext as _l

from ..models import HelpRequest

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


def in_words(request: HelpRequest) -> tuple[str, str]:
    """(what it is, how it stands) in the page's language."""
    kind = request.kind
    words = str(WORDS_BY_KIND.get((kind, request.status), WORDS.get(request.status, WORDS["new"])))
    if request.anonymised_at is not None:
        words = f"{words} {ANONYMISED}"
    return str(KINDS[kind]), words

