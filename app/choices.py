"""The fixed options of the asking wizards: key → (label, pictogram in static/pictograms/ or None).

Keys are what is stored; labels are lazy, so each page shows them in its own language. An option
without a concrete pictogram gets none rather than a vague one.
"""

from flask_babel import lazy_gettext as _l

from .categories import PARTS_OF_DAY as DAY_PARTS
from .i18n import LANGUAGE_NAMES

FOR_WHOM = {
    "me": (_l("Voor mij"), "buddy"),
    "other": (_l("Voor iemand anders"), "meet"),
}

RELATIONS = {
    "family": (_l("Familie"), None),
    "partner": (_l("Partner"), None),
    "neighbour": (_l("Buurman of buurvrouw"), None),
    "friend": (_l("Vriend of vriendin"), None),
    "carer": (_l("Ik help deze persoon voor mijn werk"), None),
    "other": (_l("Iets anders"), None),
}

WISHES = {
    "walk": (_l("Wandelen"), "outdoors"),
    "coffee": (_l("Koffie drinken en praten"), "coffee"),
    "activity": (_l("Samen naar een activiteit"), "meet"),
    "shopping": (_l("Boodschappen doen"), None),
    "creative": (_l("Iets creatiefs doen"), "creative"),
    "games": (_l("Spelletjes doen"), "games"),
    "dutch": (_l("Nederlands oefenen"), "language"),
    "music": (_l("Muziek maken of luisteren"), "music"),
    "computer": (_l("Hulp met computer of telefoon"), "computer"),
    "other": (_l("Iets anders"), None),
}

DAYS = {
    "mo": (_l("Maandag"), None),
    "tu": (_l("Dinsdag"), None),
    "we": (_l("Woensdag"), None),
    "th": (_l("Donderdag"), None),
    "fr": (_l("Vrijdag"), None),
    "sa": (_l("Zaterdag"), None),
    "su": (_l("Zondag"), None),
    "any": (_l("Maakt niet uit"), None),
}

PARTS_OF_DAY = {key: (label, key) for key, (label, _start, _end) in DAY_PARTS.items()}

# Each language in its own name and script: the shipped ones, then languages many newcomers speak.
SPOKEN_LANGUAGES = {
    code: (name, None)
    for code, name in {
        **LANGUAGE_NAMES, "fa": "فارسی", "ti": "ትግርኛ", "so": "Soomaali", "es": "Español", "fr": "Français",
        "de": "Deutsch",
    }.items()
}

PREFERENCES = {
    "woman": (_l("Een vrouw"), None),
    "man": (_l("Een man"), None),
    "any": (_l("Maakt niet uit"), None),
}

WHERE = {
    "postcode": (_l("Ik typ mijn postcode"), "postcode"),
    "neighbourhood": (_l("Ik kies mijn wijk"), "neighbourhood"),
}

CONTACT_METHODS = {
    "phone": (_l("Bel mij"), "phone"),
    "email": (_l("Stuur mij een e-mail"), "computer"),
    "contact_person": (_l("Bel iemand die mij helpt"), "talking"),
    "come_by": (_l("Ik kom zelf langs"), "walk-in"),
}

# The worry wizard ("I am worried about someone").

URGENCY = {
    "danger": (_l("Er is nu gevaar"), "danger"),
    "crisis": (_l("Het gaat nu heel slecht met iemand"), "phone"),
    "worried": (_l("Ik maak me zorgen, maar het is niet dringend"), "worried"),
}

WORRIES = {
    "lonely": (_l("Iemand is veel alleen of trekt zich terug"), "lonely"),
    "confused": (_l("Iemand is in de war"), "confused"),
    "house": (_l("Het huis is vies of rommelig"), "house"),
    "not_seen": (_l("Ik heb iemand al dagen niet gezien"), "mailbox"),
    "money": (_l("Iemand heeft geldproblemen"), "money"),
    "nuisance": (_l("Er is veel overlast"), "nuisance"),
    "other": (_l("Iets anders"), None),
}

CONCERN_WHERE = {
    "postcode": (_l("Ik typ de postcode"), "postcode"),
    "neighbourhood": (_l("Ik kies de wijk"), "neighbourhood"),
}

CONCERN_CONTACT = {
    "phone": (_l("Bel mij"), "phone"),
    "email": (_l("Stuur mij een e-mail"), "computer"),
    "anonymous": (_l("Ik zeg liever niet wie ik ben"), None),
}

# "I would like to help": a resident signs up as a volunteer (the keys are app.models' volunteer keys).

HELP_ROLES = {
    "maatje": (_l("Een maatje zijn: vaak samen iets doen met iemand"), "buddy"),
    "go_along": (_l("Een keer met iemand meegaan naar een activiteit"), "meet"),
}

HELPS_WHOM = {
    "older": (_l("Ouderen"), None),
    "newcomers": (_l("Nieuwkomers"), None),
    "lonely": (_l("Mensen die eenzaam zijn"), None),
    "psychological": (_l("Mensen met psychische problemen"), None),
    "disabled": (_l("Mensen met een beperking"), None),
    "anyone": (_l("Maakt niet uit"), None),
}

GENDERS = {
    "woman": (_l("Een vrouw"), None),
    "man": (_l("Een man"), None),
    "unsaid": (_l("Dat zeg ik liever niet"), None),
}

HELP_CONTACT = {
    "phone": (_l("Bel mij"), "phone"),
    "email": (_l("Stuur mij een e-mail"), "computer"),
}
