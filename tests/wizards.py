"""Walking the asking wizards through the test client: the answers of a whole buddy request and a
whole worry, and the steps to answer, walk and send them."""

import re

from .helpers import page

CANARY_NAME = "Zoltanna"
CANARY_PHONE = "06 1357 9246"
CANARY_E164 = "+31613579246"

BUDDY_ANSWERS = [
    ("for-whom", {"for_whom": "me"}),
    ("wishes", {"wishes": ["walk", "coffee"]}),
    ("days", {"days": ["tu", "th"]}),
    ("times", {"parts_of_day": ["morning"]}),
    ("languages", {"languages": ["nl", "ar"]}),
    ("preference", {"preference": "woman"}),
    ("where", {"where": "postcode"}),
    ("postcode", {"postcode": "2625 ab"}),
    ("contact", {"contact": "phone"}),
    ("phone", {"phone": CANARY_PHONE}),
    ("name", {"first_name": CANARY_NAME}),
]

GO_ALONG_ANSWERS = [
    ("for-whom", {"for_whom": "me"}),
    ("languages", {"languages": ["nl"]}),
    ("preference", {"preference": "any"}),
    ("contact", {"contact": "phone"}),
    ("phone", {"phone": "06 12345678"}),
    ("name", {"first_name": "Ria"}),
]

WORRY_ANSWERS = [
    ("urgency", {"urgency": "worried"}),
    ("worries", {"worries": ["lonely", "not_seen"]}),
    ("story", {"description": "De gordijnen zijn al een week dicht."}),
    ("where", {"where": "postcode"}),
    ("postcode", {"postcode": "2625"}),
    ("street", {"street": "Papsouwselaan"}),
    ("who", {"about_name": ""}),
    ("contact", {"contact": "anonymous"}),
]


def answer(client, step, data, wizard="buddy", query=""):
    return client.post(f"/nl/ask/{wizard}/{step}{query}", data=data)


def walk(client, answers=BUDDY_ANSWERS, wizard="buddy"):
    """Answer every page in order, checking that each answer leads to the next page."""
    for (step, data), following in zip(answers, [*answers[1:], ("check", None)], strict=True):
        response = answer(client, step, data, wizard)
        assert response.status_code == 302, (step, page(response))
        assert response.headers["Location"].startswith(f"/nl/ask/{wizard}/{following[0]}"), step
    return client.get(f"/nl/ask/{wizard}/check")


def send(client, wizard="buddy", consent=True):
    form = page(client.get(f"/nl/ask/{wizard}/send"))
    token = re.search(r'name="submission" type="hidden" value="([^"]+)"', form).group(1)
    data = {"submission": token, **({"consent": "y"} if consent else {})}
    return client.post(f"/nl/ask/{wizard}/send", data=data), data


def walk_worry(client, answers=WORRY_ANSWERS):
    return walk(client, answers, "worry")

HELP_ANSWERS = [
    ("roles", {"roles": ["maatje", "go_along"]}),
    ("interests", {"interests": ["walk", "games"]}),
    ("helps-whom", {"helps_whom": ["older", "newcomers"]}),
    ("days", {"days": ["tu", "sa"]}),
    ("times", {"parts_of_day": ["afternoon"]}),
    ("languages", {"languages": ["nl", "ar"]}),
    ("gender", {"gender": "woman"}),
    ("postcode", {"postcode": "2625"}),
    ("contact", {"contact": "phone"}),
    ("phone", {"phone": CANARY_PHONE}),
    ("name", {"first_name": CANARY_NAME, "last_name": "de Vries"}),
]


def walk_help(client, answers=HELP_ANSWERS):
    return walk(client, answers, "help")
