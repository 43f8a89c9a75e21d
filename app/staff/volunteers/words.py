"""The words of the volunteer keys (app.models stores the keys), and the paths a status may take."""

from flask_babel import lazy_gettext as _l

from ... import choices

STATUS_NAMES = {
    "applicant": _l("Aangemeld"),
    "intake": _l("Intake"),
    "active": _l("Actief"),
    "paused": _l("Gepauzeerd"),
    "stopped": _l("Gestopt"),
}
# applicant → intake → active ⇄ paused; from anywhere to stopped (with a reason); stopped can come back.
TRANSITIONS = {
    "applicant": ("intake", "active", "stopped"),
    "intake": ("active", "stopped"),
    "active": ("paused", "stopped"),
    "paused": ("active", "stopped"),
    "stopped": ("intake", "active"),
}
STARTING_STATUSES = ("applicant", "intake", "active")  # what a new volunteer can be
STOP_REASONS = {
    "no_time": _l("Heeft geen tijd meer"),
    "moved": _l("Verhuisd"),
    "health": _l("Gezondheid"),
    "no_vog": _l("Geen geldige VOG"),
    "not_suitable": _l("Past niet bij het werk"),
    "other": _l("Andere reden"),
}
ROLE_NAMES = {
    "maatje": _l("Maatje"),
    "go_along": _l("Gaat mee naar een activiteit"),
    "expert": _l("Ervaringsdeskundige (Vliegende Brigade)"),
    "buurtteam": _l("Lid van een buurtteam"),
}
GENDER_NAMES = {"woman": _l("Vrouw"), "man": _l("Man")}
HELPS_WHOM = {key: label for key, (label, _picto) in choices.HELPS_WHOM.items()}  # the residents' words
VOG_STATE_NAMES = {
    "missing": _l("Geen VOG"),
    "valid": _l("Geldig"),
    "lapsing": _l("Verloopt binnenkort"),
    "lapsed": _l("Verlopen"),
}
# The fields a timeline line names when they changed.
FIELD_NAMES = {
    "first_name": _l("voornaam"),
    "last_name": _l("achternaam"),
    "phone": _l("telefoon"),
    "email": _l("e-mail"),
    "postcode": _l("postcode"),
    "languages": _l("talen"),
    "interests": _l("interesses"),
    "days": _l("dagen"),
    "parts_of_day": _l("delen van de dag"),
    "helps_whom": _l("wie ze willen helpen"),
    "helps_whom_text": _l("in eigen woorden"),
    "gender": _l("man of vrouw"),
    "capacity": _l("koppelingen tegelijk"),
    "roles": _l("rollen"),
    "vog_date": _l("VOG"),
    "training_dates": _l("trainingen"),
    "status": _l("status"),
}
MATCH_STATUS_NAMES = {
    "proposed": _l("Voorgesteld"),
    "introduced": _l("Kennismaking gepland"),
    "active": _l("Actief"),
    "ended": _l("Beëindigd"),
}
MATCH_END_REASONS = {
    "declined_resident": _l("De bewoner wil niet"),
    "declined_volunteer": _l("De vrijwilliger wil niet"),
    "moved": _l("Verhuisd"),
    "need_met": _l("Niet meer nodig: het gaat goed"),
    "other": _l("Andere reden"),
}
CHECKIN_NAMES = {
    "went_well": _l("Gaat goed"),
    "needs_attention": _l("Heeft aandacht nodig"),
    "ended": _l("Gestopt"),
}
