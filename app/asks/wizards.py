"""The wizards as lists of steps: which question pages there are, in which order, and when each
one applies. The views walk these lists; nothing else knows the order of the pages."""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from .. import geo
from . import questions


def answer(answers: dict, step: str, field: str):
    return answers.get(step, {}).get(field)


def always(answers: dict) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    name: str  # in the URL and as the key of the draft's answers
    form: type[questions.QuestionForm]
    applies: Callable[[dict], bool] = always


@dataclass(frozen=True)
class Wizard:
    slug: str  # in the URL
    kind: str  # of the draft and the request
    title: object  # what the resident is asking for, in words
    send_label: object  # the button that sends it: it names the action
    steps: tuple[Step, ...]

    def step(self, name: str) -> Step | None:
        return next((step for step in self.steps if step.name == name), None)

    def applicable(self, answers: dict) -> list[Step]:
        return [step for step in self.steps if step.applies(answers)]

    def first_unanswered(self, answers: dict) -> Step | None:
        return next((step for step in self.applicable(answers) if step.name not in answers), None)

    def after(self, step: Step, answers: dict) -> Step | None:
        """The next page that applies after this one, given the answers so far."""
        later = self.steps[self.steps.index(step) + 1:]
        return next((following for following in later if following.applies(answers)), None)

    def kept_answers(self, answers: dict) -> dict:
        """Only the answers of pages that still apply (a changed answer can make others moot)."""
        names = {step.name for step in self.applicable(answers)}
        return {name: values for name, values in answers.items() if name in names or name.startswith("_")}


def asks_for_other(answers):
    return answer(answers, "for-whom", "for_whom") == "other"


def by_postcode(answers):
    return answer(answers, "where", "where") == "postcode"


def by_wijk(answers):
    return answer(answers, "where", "where") == "neighbourhood"


def by_wijk_with_town_choice(answers):
    return by_wijk(answers) and len(geo.municipalities_with_wijken()) > 1


def contact_is(method):
    return lambda answers: answer(answers, "contact", "contact") == method


def where_unknown(answers):
    """A go-along request knows the municipality from the activity's place, unless it has no wijk."""
    return answers.get("_activity", {}).get("municipality_id") is None


WHERE_YOU_LIVE = (
    Step("where", questions.WhereForm),
    Step("postcode", questions.PostcodeForm, by_postcode),
    Step("town", questions.TownForm, by_wijk_with_town_choice),
    Step("wijk", questions.WijkForm, by_wijk),
)

HOW_TO_REACH_YOU = (
    Step("contact", questions.ContactForm),
    Step("phone", questions.PhoneForm, contact_is("phone")),
    Step("email", questions.EmailForm, contact_is("email")),
    Step("contact-person", questions.ContactPersonForm, contact_is("contact_person")),
    Step("name", questions.FirstNameForm),
)

BUDDY = Wizard(
    slug="buddy", kind="buddy", title=_l("Een maatje"), send_label=_l("Vraag om een maatje versturen"),
    steps=(
        Step("for-whom", questions.ForWhomForm),
        Step("relation", questions.RelationForm, asks_for_other),
        Step("wishes", questions.WishesForm),
        Step("days", questions.DaysForm),
        Step("times", questions.PartsOfDayForm),
        Step("languages", questions.LanguagesForm),
        Step("preference", questions.PreferenceForm),
        *WHERE_YOU_LIVE,
        *HOW_TO_REACH_YOU,
    ),
)


def _where_for_go_along():
    def only_if_unknown(step):
        return Step(step.name, step.form, lambda answers: where_unknown(answers) and step.applies(answers))

    return tuple(only_if_unknown(step) for step in WHERE_YOU_LIVE)


GO_ALONG = Wizard(
    slug="go-along", kind="go_along", title=_l("Iemand die met u meegaat"),
    send_label=_l("Vraag om iemand die meegaat versturen"),
    steps=(
        Step("for-whom", questions.ForWhomForm),
        Step("relation", questions.RelationForm, asks_for_other),
        Step("languages", questions.LanguagesForm),
        Step("preference", questions.PreferenceForm),
        *_where_for_go_along(),
        *HOW_TO_REACH_YOU,
    ),
)

def not_anonymous(answers):
    contact = answer(answers, "contact", "contact")
    return contact is not None and contact != "anonymous"


WORRY = Wizard(
    # Translators: a resident tells the town that they are worried about someone (a neighbour, family).
    slug="worry", kind="concern", title=_l("Zorgen om iemand"), send_label=_l("Bericht versturen"),
    steps=(
        Step("urgency", questions.UrgencyForm),
        Step("worries", questions.WorriesForm),
        Step("story", questions.StoryForm),
        Step("where", questions.ConcernWhereForm),
        Step("postcode", questions.ConcernPostcodeForm, by_postcode),
        Step("town", questions.ConcernTownForm, by_wijk_with_town_choice),
        Step("wijk", questions.ConcernWijkForm, by_wijk),
        Step("street", questions.StreetForm),
        Step("who", questions.AboutWhomForm),
        Step("contact", questions.ConcernContactForm),
        Step("phone", questions.PhoneForm, contact_is("phone")),
        Step("email", questions.EmailForm, contact_is("email")),
        Step("name", questions.FirstNameForm, not_anonymous),
    ),
)

# The urgency answers that show the emergency numbers before the worry wizard goes on.
URGENT = ("danger", "crisis")

# "I would like to help": someone signs up as a volunteer of the municipality where they live. The
# pages ask what a coordinator needs to match them (app.staff.volunteers.suggestions): what they want
# to do, what they like, for whom, when, which languages, man or woman, and where they live.
HELP = Wizard(
    slug="help", kind="volunteer", title=_l("Ik wil helpen"), send_label=_l("Aanmelding versturen"),
    steps=(
        Step("roles", questions.HelpRolesForm),
        Step("interests", questions.InterestsForm),
        Step("helps-whom", questions.HelpsWhomForm),
        Step("days", questions.DaysForm),
        Step("times", questions.PartsOfDayForm),
        Step("languages", questions.LanguagesForm),
        Step("gender", questions.GenderForm),
        Step("postcode", questions.PostcodeForm),
        Step("contact", questions.HelpContactForm),
        Step("phone", questions.PhoneForm, contact_is("phone")),
        Step("email", questions.EmailForm, contact_is("email")),
        Step("name", questions.FullNameForm),
    ),
)

WIZARDS = {wizard.slug: wizard for wizard in (BUDDY, GO_ALONG, WORRY, HELP)}
