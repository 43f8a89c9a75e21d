"""The question pages of the asking wizards: one form per page, each with its own plain messages.

Every validator carries a message that says what to do, and every text has a length limit. Choice
fields list their options with a pictogram where one is concrete enough.
"""

import re

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from .. import choices, geo
from ..i18n import WithNumbers, page_language
from ..validators import KnownPostcode, PhoneNumber, Required, strip
from .fields import CardsField, CheckCardsField, PhoneField, QuestionForm, set_options

NAME_MAX = 60
PHONE_MAX = 20
EMAIL_MAX = 254
FREE_TEXT_MAX = 500
STREET_MAX = 120
NAME_TOO_LONG = _l("Deze naam is te lang. Schrijf niet meer dan 60 letters.")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
PHONE_LENGTH = Length(max=PHONE_MAX, message=_l("Dit telefoonnummer is te lang. Kijk of het goed is."))
PHONE_FORMAT = PhoneNumber(WithNumbers(_l("Vul een telefoonnummer in zoals %(mobile)s of %(landline)s"),
                                       mobile="06 12345678", landline="015 212 34 56"))
PHONE_EXAMPLE = WithNumbers(_l("Bijvoorbeeld: %(number)s"), number="06 12345678")


class ForWhomForm(QuestionForm):
    for_whom = CardsField(_l("Voor wie is het maatje?"), choices.FOR_WHOM, _l("Kies voor wie het maatje is"))


class RelationForm(QuestionForm):
    relation = CardsField(_l("Wie bent u voor deze persoon?"), choices.RELATIONS,
                          _l("Kies wie u bent voor deze persoon"))


class WishesForm(QuestionForm):
    wishes = CheckCardsField(_l("Wat wilt u samen doen?"), choices.WISHES,
                             _l("Kies minstens één ding dat u samen wilt doen"),
                             description=_l("U mag meer dan één kiezen."))


class DaysForm(QuestionForm):
    days = CheckCardsField(_l("Op welke dagen kunt u?"), choices.DAYS, _l("Kies minstens één dag"),
                           description=_l("U mag meer dan één kiezen."))

    def validate_days(self, field):
        if "any" in field.data and len(field.data) > 1:
            raise ValidationError(_l("Kies ‘Maakt niet uit’ of kies dagen, niet allebei"))


class PartsOfDayForm(QuestionForm):
    parts_of_day = CheckCardsField(_l("Hoe laat op de dag kunt u?"), choices.PARTS_OF_DAY,
                                   _l("Kies minstens één deel van de dag"),
                                   description=_l("U mag meer dan één kiezen."))


class LanguagesForm(QuestionForm):
    languages = CheckCardsField(_l("Welke talen spreekt u?"), choices.SPOKEN_LANGUAGES,
                                _l("Kies minstens één taal die u spreekt"),
                                description=_l("U mag meer dan één kiezen."))

    def prepare(self, answers):
        if self.languages.data is None and not self.is_submitted():
            self.languages.data = [page_language()]


class PreferenceForm(QuestionForm):
    preference = CardsField(_l("Wie wilt u als maatje?"), choices.PREFERENCES,
                            _l("Kies wie u het liefst als maatje hebt"))


class WhereForm(QuestionForm):
    where = CardsField(_l("Waar woont u?"), choices.WHERE, _l("Kies hoe u wilt zeggen waar u woont"))


class PostcodeForm(QuestionForm):
    postcode = StringField(_l("Wat is uw postcode?"), filters=[strip],
                           description=_l("De vier cijfers zijn genoeg. Bijvoorbeeld: 2625"),
                           validators=[Required(_l("Vul uw postcode in")), KnownPostcode()])

    @property
    def outside(self):
        """The postcode, when it lies outside every municipality of this Vangnet."""
        known = getattr(self.postcode, "centroid", None)
        return known if known is not None and known.municipality_id is None else None


class TownForm(QuestionForm):
    town = CardsField(_l("In welke gemeente woont u?"), message=_l("Kies de gemeente waar u woont"))
    proper_names = True

    def prepare(self, answers):
        set_options(self.town, {str(town.id): (town.name, None) for town in geo.municipalities_with_wijken()})

    def values(self):
        return {"town": self.town.data}


def chosen_town_id(answers: dict) -> int | None:
    """The municipality chosen on the town page, or the only one there is."""
    town = answers.get("town", {}).get("town")
    if town:
        return int(town)
    towns = geo.municipalities_with_wijken()
    return towns[0].id if len(towns) == 1 else None


class WijkForm(QuestionForm):
    wijk = CardsField(_l("In welke wijk woont u?"), message=_l("Kies de wijk waar u woont"))
    proper_names = True

    def prepare(self, answers):
        options = {str(wijk.id): (wijk.name, None) for wijk in geo.wijken_of(chosen_town_id(answers))}
        set_options(self.wijk, {**options, "unknown": (_l("Dat weet ik niet"), None)})


class ContactForm(QuestionForm):
    contact = CardsField(_l("Hoe kunnen wij u bereiken?"), choices.CONTACT_METHODS,
                         _l("Kies hoe wij u kunnen bereiken"))


class PhoneForm(QuestionForm):
    phone = PhoneField(_l("Wat is uw telefoonnummer?"), filters=[strip], description=PHONE_EXAMPLE,
                       validators=[Required(_l("Vul uw telefoonnummer in")),
                                   PHONE_LENGTH,
                                   PHONE_FORMAT])


class EmailForm(QuestionForm):
    email = EmailField(_l("Wat is uw e-mailadres?"), filters=[strip], description=_l("Bijvoorbeeld: naam@voorbeeld.nl"),
                       validators=[Required(_l("Vul uw e-mailadres in")),
                                   Length(max=EMAIL_MAX,
                                          message=_l("Dit e-mailadres is te lang. Kijk of het goed is."))])

    def validate_email(self, field):
        if not EMAIL.fullmatch(field.data):
            raise ValidationError(_l("Vul een e-mailadres in zoals naam@voorbeeld.nl"))


class ContactPersonForm(QuestionForm):
    legend = _l("Wie kunnen wij bellen?")
    contact_name = StringField(_l("Naam"), filters=[strip], validators=[
        Required(_l("Vul de naam in van wie wij kunnen bellen")),
        Length(max=NAME_MAX, message=NAME_TOO_LONG)])
    contact_phone = PhoneField(_l("Telefoonnummer"), filters=[strip], description=PHONE_EXAMPLE,
                               validators=[
        Required(_l("Vul het telefoonnummer in van wie wij kunnen bellen")),
        PHONE_LENGTH,
        PHONE_FORMAT])


class FirstNameForm(QuestionForm):
    first_name = StringField(_l("Wat is uw voornaam?"), filters=[strip],
                             description=_l("Alleen uw voornaam is genoeg."),
                             validators=[Required(_l("Vul uw voornaam in")),
                                         Length(max=NAME_MAX, message=NAME_TOO_LONG)])

    def prepare(self, answers):
        if answers.get("for-whom", {}).get("for_whom") == "other":
            self.first_name.description = _l("Uw eigen voornaam. Over de ander praten we als we u bellen.")


# The worry wizard: the same kinds of pages, asked about someone else.


class UrgencyForm(QuestionForm):
    urgency = CardsField(_l("Hoe dringend is het?"), choices.URGENCY, _l("Kies hoe dringend het is"),
                         description=WithNumbers(_l("Bij gevaar: bel meteen %(number)s."), number="112"))


class WorriesForm(QuestionForm):
    worries = CheckCardsField(_l("Waar maakt u zich zorgen over?"), choices.WORRIES,
                              _l("Kies minstens één ding waar u zich zorgen over maakt"),
                              description=_l("U mag meer dan één kiezen."))


class StoryForm(QuestionForm):
    description = TextAreaField(
        _l("Wilt u er iets meer over vertellen?"), filters=[strip],
        description=_l("Dit mag u leeg laten. Schrijf geen BSN op."),
        validators=[Length(max=FREE_TEXT_MAX, message=_l("Uw tekst is te lang. Schrijf niet meer dan 500 letters."))])


class ConcernWhereForm(QuestionForm):
    where = CardsField(_l("Waar woont deze persoon?"), choices.CONCERN_WHERE,
                       _l("Kies hoe u wilt zeggen waar deze persoon woont"))


class ConcernPostcodeForm(PostcodeForm):
    postcode = StringField(_l("Wat is de postcode van deze persoon?"), filters=[strip],
                           description=_l("De vier cijfers zijn genoeg. Bijvoorbeeld: 2625"),
                           validators=[Required(_l("Vul de postcode in")), KnownPostcode()])


class ConcernTownForm(TownForm):
    town = CardsField(_l("In welke gemeente woont deze persoon?"), message=_l("Kies de gemeente"))


class ConcernWijkForm(WijkForm):
    wijk = CardsField(_l("In welke wijk woont deze persoon?"), message=_l("Kies de wijk"))


class StreetForm(QuestionForm):
    street = StringField(_l("In welke straat woont deze persoon?"), filters=[strip],
                         description=_l("Alleen de straat. Dit mag u leeg laten."),
                         validators=[Length(max=STREET_MAX, message=_l(
                             "Deze straatnaam is te lang. Schrijf niet meer dan 120 letters."))])


class AboutWhomForm(QuestionForm):
    about_name = StringField(_l("Wat is de naam van deze persoon?"), filters=[strip],
                             description=_l("Dit mag u leeg laten."),
                             validators=[Length(max=NAME_MAX, message=NAME_TOO_LONG)])


class ConcernContactForm(QuestionForm):
    contact = CardsField(_l("Mogen wij u bellen of mailen als wij een vraag hebben?"), choices.CONCERN_CONTACT,
                         _l("Kies hoe wij u kunnen bereiken, of dat u liever niet zegt wie u bent"),
                         description=_l("Ook zonder uw naam krijgt u een code. "
                                        "Daarmee kunt u later kijken hoe het gaat."))


# "I would like to help": the same kinds of pages, asked of someone who signs up as a volunteer.


class HelpRolesForm(QuestionForm):
    roles = CheckCardsField(_l("Wat wilt u doen?"), choices.HELP_ROLES, _l("Kies minstens één ding dat u wilt doen"),
                            description=_l("U mag meer dan één kiezen."))


class InterestsForm(QuestionForm):
    interests = CheckCardsField(_l("Wat doet u graag met iemand samen?"), choices.WISHES,
                                _l("Kies minstens één ding dat u graag doet"),
                                description=_l("U mag meer dan één kiezen."))


class HelpsWhomForm(QuestionForm):
    helps_whom = CheckCardsField(_l("Wie wilt u graag helpen?"), choices.HELPS_WHOM,
                                 _l("Kies minstens één groep, of ‘Maakt niet uit’"),
                                 description=_l("U mag meer dan één kiezen."))

    def validate_helps_whom(self, field):
        if "anyone" in field.data and len(field.data) > 1:
            raise ValidationError(_l("Kies ‘Maakt niet uit’ of kies groepen, niet allebei"))


class GenderForm(QuestionForm):
    gender = CardsField(_l("Bent u een man of een vrouw?"), choices.GENDERS, _l("Kies een antwoord"),
                        description=_l("Sommige mensen willen liever een maatje dat een vrouw is, of een man. "
                                       "U hoeft het niet te zeggen."))


class HelpContactForm(QuestionForm):
    contact = CardsField(_l("Hoe kunnen wij u bereiken?"), choices.HELP_CONTACT,
                         _l("Kies hoe wij u kunnen bereiken"))


class FullNameForm(QuestionForm):
    legend = _l("Wat is uw naam?")
    first_name = StringField(_l("Voornaam"), filters=[strip], validators=[
        Required(_l("Vul uw voornaam in")), Length(max=NAME_MAX, message=NAME_TOO_LONG)])
    last_name = StringField(_l("Achternaam"), filters=[strip], description=_l("Dit mag u leeg laten."),
                            validators=[Length(max=NAME_MAX, message=NAME_TOO_LONG)])
