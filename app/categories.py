"""The fixed lists a resident chooses from, each with its label and pictogram.

Labels are lazy so that they are translated in the language of the request that shows them.
"""

from flask_babel import lazy_gettext as _l

# Activity categories: key → (label, pictogram in static/pictograms/).
CATEGORIES = {
    # Translators: a category of activities: drop in for coffee and a chat, no appointment needed. Not "free entry".
    "coffee": (_l("Binnenlopen voor koffie"), "coffee"),
    "meal": (_l("Samen eten"), "meal"),
    # Translators: a category of activities: making things together, such as drawing, painting or crafts.
    "creative": (_l("Creatief"), "creative"),
    "moving": (_l("Bewegen en sport"), "moving"),
    # Translators: a category of activities: a group that meets to talk, often about something they share.
    "talking": (_l("Praatgroep"), "talking"),
    # Translators: a category of activities: a relaxed meeting to practise speaking Dutch.
    "language": (_l("Taalcafé"), "language"),
    "games": (_l("Spelletjes"), "games"),
    # Translators: a category of activities: walking, gardening and other things outdoors.
    "outdoors": (_l("Buiten en tuin"), "outdoors"),
    # Translators: a category of activities: free advice and help, e.g. with money, letters or forms.
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
