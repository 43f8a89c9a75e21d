"""The users of bench/load (a locustfile): kiosk residents and staff, on two application servers.

Each request goes to one of the servers at random, as a load balancer would send it; one browser's
cookies go to both. Every answer is counted by page type and status (also 503s, which a database
restart may give, and connection errors as status 0) and written to $LOAD_RESULTS when Locust stops,
with every reference code a resident was shown."""

import contextlib
import json
import os
import random
import re
import time
from collections import Counter, defaultdict

import pyotp
from locust import HttpUser, between, events, task

SETUP = json.loads(open(os.environ["LOAD_SETUP"]).read())  # noqa: SIM115 (read once, at import)
SERVERS = SETUP["servers"]
STATUSES: dict[str, Counter] = defaultdict(Counter)
LATENCIES: dict[str, list[float]] = defaultdict(list)
REFERENCES: list[str] = []
SPAN = [None, None]  # the first request's start and the last one's end, for requests per second
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission" type="hidden" value="([^"]+)"')
REFERENCE = re.compile(r'class="reference-code"[^>]*><strong>([0-9A-Z]{4}-[0-9A-Z]{4})</strong>')
BUDDY = [
    ("for-whom", {"for_whom": "me"}),
    ("wishes", {"wishes": ["walk", "coffee"]}),
    ("days", {"days": ["tu", "th"]}),
    ("times", {"parts_of_day": ["morning"]}),
    ("languages", {"languages": ["nl", "ar"]}),
    ("preference", {"preference": "any"}),
    ("where", {"where": "postcode"}),
    ("postcode", {"postcode": "2625 ab"}),
    ("contact", {"contact": "phone"}),
    ("phone", {"phone": "06 1357 9246"}),
    ("name", {"first_name": "Lotte"}),
]
FINDER_DAYS = ("today", "tomorrow", "week")
CATEGORIES = ("", "coffee", "meal", "moving", "talking", "games", "outdoors", "computer")


class Stop(Exception):
    """This walk cannot go on (a 503 during an outage, a refused step): the user starts a new one."""


class Visitor(HttpUser):
    abstract = True
    host = SERVERS[0]
    counter = 0

    def on_start(self):
        Visitor.counter += 1
        # TRUST_PROXY is on: each user is a browser at its own address (a library, a phone), as behind nginx.
        self.address = f"10.{Visitor.counter // 250}.{Visitor.counter % 250}.{random.randint(1, 250)}"

    def go(self, name: str, path: str, form: dict | None = None, expect=(200,)):
        url = random.choice(SERVERS) + path
        started = time.perf_counter()
        method = "POST" if form is not None else "GET"
        with self.client.request(method, url, data=form, name=name, allow_redirects=False, catch_response=True,
                                 headers={"X-Forwarded-For": self.address}, timeout=30) as response:
            LATENCIES[name].append((time.perf_counter() - started) * 1000)
            SPAN[0] = SPAN[0] or time.time() - LATENCIES[name][-1] / 1000
            SPAN[1] = time.time()
            status = response.status_code or 0
            STATUSES[name][status] += 1
            if status in expect or status == 503:  # a 503 while the database restarts: counted, allowed
                response.success()
            else:
                response.failure(f"{status}")
        if status not in expect:
            raise Stop(name)
        return response

    def token(self, html: str) -> str:
        found = CSRF.search(html)
        if not found:
            raise Stop("no csrf token")
        return found.group(1)


class Kiosk(Visitor):
    """A resident at a library tablet: home, the finder, an activity and its place, then a buddy request
    to the end; the tablet starts over for the next person."""

    weight = 50
    wait_time = between(1, 4)

    def on_start(self):
        super().on_start()
        self.client.cookies.set("vangnet_kiosk", SETUP["kiosks"][Visitor.counter % len(SETUP["kiosks"])])

    @task
    def visit(self):
        with contextlib.suppress(Stop):
            self.walk()

    def walk(self):
        self.go("home", "/nl/")
        self.wait()
        day, category = random.choice(FINDER_DAYS), random.choice(CATEGORIES)
        where = random.choice(("near=kiosk", f"pc={random.choice(SETUP['postcodes'])}"))
        results = self.go("finder", f"/nl/find/results?{where}&day={day}" + (f"&cat={category}" if category else ""))
        activities = re.findall(r'href="(/nl/activities/\d+)[?"]', results.text)
        path = random.choice(activities) if activities else f"/nl/activities/{random.choice(SETUP['activities'])}"
        self.wait()
        activity = self.go("activity", path)
        places = re.findall(r'href="(/nl/places/\d+)[?"]', activity.text)
        if places:
            self.go("place", places[0])
        self.wait()
        self.buddy()

    def buddy(self):
        self.go("buddy start", "/nl/ask/buddy/", expect=(200, 302))
        for step, answers in BUDDY:
            page = self.go("buddy step", f"/nl/ask/buddy/{step}")
            time.sleep(random.uniform(0.5, 2))  # reading the question, tapping an answer
            self.go("buddy step", f"/nl/ask/buddy/{step}", {**answers, "csrf_token": self.token(page.text)},
                    expect=(302,))
        self.go("buddy step", "/nl/ask/buddy/check")
        page = self.go("buddy send", "/nl/ask/buddy/send")
        submission = SUBMISSION.search(page.text)
        if not submission:
            raise Stop("no submission token")
        form = {"consent": "y", "submission": submission.group(1), "csrf_token": self.token(page.text)}
        self.go("buddy send", "/nl/ask/buddy/send", form, expect=(302,))
        done = self.go("buddy done", "/nl/ask/buddy/done")
        code = REFERENCE.search(done.text)
        if code:
            REFERENCES.append(code.group(1))
        else:
            STATUSES["buddy done"]["no code shown"] += 1
        self.wait()
        self.go("start over", "/start-over", {"csrf_token": self.token(done.text)}, expect=(302,))


class Staff(Visitor):
    """A coordinator of Delft: signs in with password and TOTP, then the inbox, a request and a note."""

    weight = 20
    wait_time = between(2, 6)
    staff_counter = 0

    def on_start(self):
        super().on_start()
        Staff.staff_counter += 1
        self.account = SETUP["staff"][(Staff.staff_counter - 1) % len(SETUP["staff"])]
        self.signed_in = False
        self.last_code_step = None

    def sign_in(self):
        step = int(time.time() // 30)
        if step == self.last_code_step:  # a code is good once: wait for the next one
            time.sleep(30 - time.time() % 30 + 1)
        page = self.go("staff sign-in", "/staff/sign-in")
        self.go("staff sign-in", "/staff/sign-in", {"email": self.account["email"], "password": SETUP["password"],
                                                    "csrf_token": self.token(page.text)}, expect=(302,))
        page = self.go("staff sign-in", "/staff/sign-in/code")
        self.last_code_step = int(time.time() // 30)
        self.go("staff sign-in", "/staff/sign-in/code",
                {"code": pyotp.TOTP(self.account["secret"]).now(), "csrf_token": self.token(page.text)},
                expect=(302,))
        self.signed_in = True

    @task
    def work(self):
        try:
            if not self.signed_in:
                self.sign_in()
            inbox = self.go("staff inbox", "/staff/", expect=(200, 302))
            if inbox.status_code == 302:  # signed out (should not happen): sign in again
                self.signed_in = False
                return
            references = re.findall(r'href="/staff/requests/([0-9A-Z]{8})"', inbox.text)
            if not references:
                return
            self.wait()
            reference = random.choice(references)
            page = self.go("staff request", f"/staff/requests/{reference}")
            self.wait()
            self.go("staff note", f"/staff/requests/{reference}/note",
                    {"text": "Gebeld, komt morgen langs.", "csrf_token": self.token(page.text)}, expect=(302,))
        except Stop:
            pass


@events.quitting.add_listener
def write_results(environment, **kwargs):
    with open(os.environ["LOAD_RESULTS"], "w") as out:
        json.dump({"statuses": {name: {str(k): v for k, v in counted.items()} for name, counted in STATUSES.items()},
                   "latencies": LATENCIES, "references": REFERENCES,
                   "span": (SPAN[1] - SPAN[0]) if SPAN[0] else 0}, out)
