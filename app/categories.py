"""The fixed lists a resident chooses from, each with its label and pictogram.

Labels are lazy so that they are translated in the language of the request that shows them.
"""

from flask_babel import lazy_gettext as _l

# Activity categories: key → (label, pictogram in static/pictograms/).
CATEGORIES = {
    "coffee": (_l("Koffie en inloop"), "coffee"),
    "meal": (_l("Samen eten"), "meal"),
    "creative": (_l("Creatief"), "creative"),
    "moving": (_l("Bewegen en sport"), "moving"),
    "talking": (_l("Praatgroep"), "talking"),
    "language": (_l("Taalcafé"), "language"),
    "games": (_l("Spelletjes"), "games"),
    "outdoors": (_l("Buiten en tuin"), "outdoors"),
    "advice": (_l("Advies en hulp"), "advice"),
    "music": (_l("Muziek en zingen"), "music"),
    "computer": (_l("Hulp met computer en telefoon"), "computer"),
}

# Who an activity is for.
AUDIENCES = {
    "everyone": _l("Voor iedereen"),
    "seniors": _l("Voor ouderen"),
    "women": _l("Voor vrouwen"),
    "men": _l("Voor mannen"),
    "newcomers": _l("Voor nieuwkomers"),
    "parents": _l("Voor ouders"),
}

# Parts of the day, as local hours [start, end).
PARTS_OF_DAY = {
    "morning": (_l("Ochtend"), 6, 12),
    "afternoon": (_l("Middag"), 12, 18),
    "evening": (_l("Avond"), 18, 24),
}
