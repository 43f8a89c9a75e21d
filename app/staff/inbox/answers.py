"""A request's answers as staff read them: every choice in the staff's language (Dutch by default),
whatever language the resident used; what the resident typed, as typed."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ... import choices
from ...models import BuddyRequest, Concern, HelpRequest
from ...phones import readable_phone


@dataclass
class Answer:
    question: object
    answer: str
    typed: bool = False  # typed by the resident: shown in their language, as it is


def labels(options: dict, keys: str | None) -> str:
    return ", ".join(str(options[key][0]) for key in (keys or "").split() if key in options)


def place(row) -> str:
    parts = [row.neighbourhood.name if row.neighbourhood else None,
             f"postcode {row.postcode}" if row.postcode else None, row.municipality.name]
    return ", ".join(p for p in parts if p)


def contact(row) -> list[Answer]:
    method = row.contact_method
    rows = [Answer(_l("Contact"), labels({**choices.CONTACT_METHODS, **choices.CONCERN_CONTACT}, method)
                   if method else str(choices.CONCERN_CONTACT["anonymous"][0]))]
    if row.phone:
        rows.append(Answer(_l("Telefoon"), readable_phone(row.phone)))
    if row.email:
        rows.append(Answer(_l("E-mail"), row.email, typed=True))
    return rows


def buddy_answers(row: BuddyRequest) -> list[Answer]:
    rows = [
        Answer(_l("Voor wie"), labels(choices.FOR_WHOM, row.for_whom)),
        Answer(_l("Relatie"), labels(choices.RELATIONS, row.relation)) if row.relation else None,
        Answer(_l("Samen doen"), labels(choices.WISHES, row.wishes)) if row.wishes else None,
        Answer(_l("Dagen"), labels(choices.DAYS, row.days)) if row.days else None,
        Answer(_l("Deel van de dag"), labels(choices.PARTS_OF_DAY, row.parts_of_day)) if row.parts_of_day else None,
        Answer(_l("Talen"), labels(choices.SPOKEN_LANGUAGES, row.languages)),
        Answer(_l("Voorkeur"), labels(choices.PREFERENCES, row.preference)),
        Answer(_l("Woont in"), place(row)),
        *contact(row),
        Answer(_l("Contactpersoon"), f"{row.contact_person_name}, {readable_phone(row.contact_person_phone)}",
               typed=True) if row.contact_person_name else None,
        Answer(_l("Voornaam"), row.first_name, typed=True),
    ]
    return [answer for answer in rows if answer is not None]


def concern_answers(row: Concern) -> list[Answer]:
    rows = [
        Answer(_l("Hoe dringend"), labels(choices.URGENCY, row.urgency)),
        Answer(_l("Zorgen"), labels(choices.WORRIES, row.worries)),
        Answer(_l("Toelichting"), row.description, typed=True) if row.description else None,
        Answer(_l("Waar"), place(row)),
        Answer(_l("Straat"), row.street, typed=True) if row.street else None,
        Answer(_l("Om wie"), row.about_name, typed=True) if row.about_name else None,
        *contact(row),
        Answer(_l("Naam melder"), row.reporter_name, typed=True) if row.reporter_name else None,
    ]
    return [answer for answer in rows if answer is not None]


ANSWERS = {BuddyRequest: buddy_answers, Concern: concern_answers}


def answers_of(row: HelpRequest) -> list[Answer]:
    return ANSWERS[type(row)](row)
