"""The load test's users: a grocery opening, families on the public pages,
coordinators at the roll call, and a baseline. Run by tests/load/run.py
(`make load`), which prepares the database and passes the facts the users
need (ids, badge codes, paths) in the JSON file named by KANSEN_LOAD_FIXTURE.

The mix (tests/load/mix.py): 3 door volunteers checking the 50 households of
an opening (about ten times faster than the real afternoon), 50 families
browsing the finder and programme pages, 10 families registering, 2
coordinators taking attendance, and 1 baseline user on /healthz, the cheapest
view there is, to compare the door check against.

Locust stands where the TLS-terminating proxy stands in production (README,
"Production"): gunicorn runs with the production settings and
TRUSTED_PROXIES=1, and every request carries what that proxy adds:
`X-Forwarded-Proto: https` and the client's address in `X-Forwarded-For`.
The cookies stay HTTPS-only (Secure): a browser sends them to the proxy over
HTTPS, and the proxy passes them on over the loopback hop; here the client
forgets the Secure flag of the cookies it holds before each request
(`KansenUser.send`) to do the same. Each family is its own address, as on
the internet, so the per-address limits apply to each of them and not to the
whole crowd at once.
"""

import collections
import csv
import itertools
import json
import os
import random
import re
import time
import uuid
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from locust import HttpUser, between, constant_pacing, events, task
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

# Fixed counts for the named accounts and the baseline, weights for the
# families; run.py starts sum(USERS.values()) users, so the weights come out exact.
from tests.load.mix import USERS

# The door pauses a user or an address after 10 unknown codes in 5 minutes
# (groceries.services.door): a careful volunteer mistypes far less. Stay
# well under it, or the pause (a 429) would count as an error.
WRONG_CODES_PER_WINDOW = 4
WRONG_CODE_WINDOW = 5 * 60
FINDER_FILTERS = {
    "kind": ["meetup", "group", "grocery", "playground"],
    "age": ["3", "7", "10"],
    "for_parents": ["true"],
    "weekday": ["1", "3", "4", "6"],
    "part_of_day": ["morning", "afternoon", "evening"],
    "cost": ["free", "social"],
    "joining": ["walk_in", "register"],
    "language": ["nl", "fr", "bg", "sk", "ar"],
    "q": ["ouder", "kinderen", "breakfast", "épicerie"],
}
STATUSES = ("present", "absent", "excused")
FIRST_NAMES = ("Amal", "Bram", "Chloé", "Dragan", "Eva", "Fatou", "Gert", "Hana", "Ilse", "Jamal", "Kerem", "Lina")

_addresses = itertools.count(1)


def new_address():
    """A client address of our own: each simulated phone is another one."""
    n = next(_addresses)
    return f"10.{(n >> 16) % 256}.{(n >> 8) % 256}.{n % 256}"


@cache
def fixture():
    """The facts prepared by tests/load/prepare.py (ids, codes, paths)."""
    path = os.environ.get("KANSEN_LOAD_FIXTURE")
    if not path:
        raise RuntimeError("KANSEN_LOAD_FIXTURE is not set: run the load test with tests/load/run.py (make load).")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@events.test_stop.add_listener
def write_final_csv(environment, **_kwargs):
    """Locust rewrites its CSV files every few seconds while it runs, so they
    miss the last requests; these are written once, when every user has
    stopped. tests/load/run.py reads them."""
    prefix = getattr(environment.parsed_options, "csv_prefix", None)
    if not prefix:
        return
    table = StatsCSV(environment, PERCENTILES_TO_REPORT)
    for suffix, write in (
        ("stats", table.requests_csv),
        ("failures", table.failures_csv),
        ("exceptions", table.exceptions_csv),
    ):
        with open(f"{prefix}_final_{suffix}.csv", "w", newline="", encoding="utf-8") as handle:
            write(csv.writer(handle))


class FormReader(HTMLParser):
    """The fields of the forms on a page: hidden inputs, radios, checkboxes."""

    def __init__(self):
        super().__init__()
        self.inputs = []

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.inputs.append(dict(attrs))


def form_inputs(html):
    reader = FormReader()
    reader.feed(html)
    return reader.inputs


def hidden_value(html, name):
    for field in form_inputs(html):
        if field.get("name") == name:
            return field.get("value", "")
    return None


class KansenUser(HttpUser):
    """What every simulated user shares: the proxy's headers, its cookies."""

    abstract = True

    def on_start(self):
        self.address = new_address()
        self.origin = "https://" + urlsplit(self.host).netloc
        self.client.headers.update({"X-Forwarded-Proto": "https", "Accept-Language": "nl-BE,nl;q=0.9"})

    def headers(self, referer_path=None, **extra):
        # Django's CSRF check on HTTPS wants the Origin (or Referer) to be this site.
        headers = {"X-Forwarded-For": self.address, **extra}
        if referer_path is not None:
            headers |= {"Origin": self.origin, "Referer": self.origin + referer_path}
        return headers

    def send(self, method, path, name, *, referer_path=None, headers=None, **kwargs):
        """One request through the proxy; a response to check in a `with` block."""
        # requests sends a Secure cookie over https only, and copies the jar
        # for every request (so a cookie policy set on it is lost): see above.
        for cookie in self.client.cookies:
            cookie.secure = False
        return self.client.request(
            method,
            path,
            name=name,
            headers=self.headers(referer_path, **(headers or {})),
            allow_redirects=False,
            catch_response=True,
            **kwargs,
        )

    def script(self, **kwargs):
        """What the page's script sends with a form: the CSRF token as a header, asking for JSON."""
        headers = {"X-CSRFToken": self.csrf, "Accept": "application/json"}
        return {"referer_path": self.path, "headers": headers, **kwargs}

    def get(self, path, name, *, expect=200):
        with self.send("GET", path, name) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} instead of {expect}")
            return response

    def sign_in(self, username):
        """The desk's sign-in form, with its CSRF token."""
        page = self.get("/desk/login/", "desk: sign-in form")
        token = hidden_value(page.text, "csrfmiddlewaretoken")
        data = {"username": username, "password": fixture()["password"], "csrfmiddlewaretoken": token, "next": ""}
        with self.send("POST", "/desk/login/", "desk: sign in", referer_path="/desk/login/", data=data) as response:
            if response.status_code != 302:
                response.failure(f"sign-in of {username} answered {response.status_code}")


class DoorVolunteer(KansenUser):
    """At the door of today's opening: type a badge number, see the verdict,
    record the visit. The door's script asks for JSON (groceries/static/door.js)."""

    fixed_count = USERS["DoorVolunteer"]
    wait_time = between(2, 4)
    _accounts = itertools.count()
    # The households arrive once each, whoever is free at the door takes them.
    _queue = None

    def on_start(self):
        super().on_start()
        door = fixture()["door"]
        if DoorVolunteer._queue is None:
            DoorVolunteer._queue = collections.deque(door["households"])
        self.door = door
        self.path = f"/desk/openings/{door['opening']}/door/"
        self.wrong_codes = collections.deque()
        self.sign_in(door["volunteers"][next(self._accounts) % len(door["volunteers"])])
        self.open_door()

    def open_door(self):
        page = self.get(self.path, "door: page")
        self.csrf = hidden_value(page.text, "csrfmiddlewaretoken") or ""

    def next_code(self):
        now = time.monotonic()
        while self.wrong_codes and now - self.wrong_codes[0] > WRONG_CODE_WINDOW:
            self.wrong_codes.popleft()
        roll = random.random()  # noqa: S311 - a load mix, not a secret
        if roll < 0.06 and len(self.wrong_codes) < WRONG_CODES_PER_WINDOW:
            self.wrong_codes.append(now)
            return random.choice(self.door["typos"] + self.door["unknown"])  # noqa: S311
        if roll < 0.12 and self.door["refused"]:
            return random.choice(self.door["refused"])  # noqa: S311
        if self._queue:
            return self._queue.popleft()
        # Everyone has been: someone shows their card again.
        return random.choice(self.door["households"])  # noqa: S311

    @task(12)
    def check_badge(self):
        code = self.next_code()
        with self.send("POST", self.path, "door: check", **self.script(data={"code": code})) as response:
            if response.status_code != 200:
                response.failure(f"check answered {response.status_code}")
                return
            verdict = response.json()
        if verdict.get("admitted"):
            self.record_visit(verdict)

    def record_visit(self, verdict):
        data = {"badge": verdict["badge"], "nonce": verdict["nonce"], "persons": verdict["persons"]}
        with self.send("POST", self.path + "visit/", "door: record visit", **self.script(data=data)) as response:
            if response.status_code != 200 or not response.json().get("ok"):
                response.failure(f"visit answered {response.status_code}: {response.text[:200]}")

    @task(1)
    def reload(self):
        self.open_door()


class BrowsingFamily(KansenUser):
    """A parent on a phone: the finder, a filter or two, a programme page."""

    weight = USERS["BrowsingFamily"]
    # Reading a page on a phone takes a while.
    wait_time = between(5, 20)

    def on_start(self):
        super().on_start()
        # Families come one by one, not all in the second the test starts.
        self.wait()

    @task(3)
    def finder(self):
        self.get(random.choice(fixture()["finders"]), "finder")  # noqa: S311

    @task(4)
    def finder_filtered(self):
        chosen = random.sample(sorted(FINDER_FILTERS), k=random.randint(1, 3))  # noqa: S311
        query = urlencode({name: random.choice(FINDER_FILTERS[name]) for name in chosen})  # noqa: S311
        self.get(f"{random.choice(fixture()['finders'])}?{query}", "finder: filtered")  # noqa: S311

    @task(4)
    def programme(self):
        self.get(random.choice(fixture()["programmes"]), "programme page")  # noqa: S311


class RegisteringFamily(KansenUser):
    """A family registers for a programme: the form, then the form sent.
    Every registration is another family, from its own address."""

    weight = USERS["RegisteringFamily"]
    wait_time = between(10, 30)

    def on_start(self):
        super().on_start()
        self.wait()

    @task
    def register(self):
        self.address = new_address()
        form = random.choice(fixture()["register"])  # noqa: S311
        page = self.get(form["path"], "register: form")
        if page.status_code != 200:
            return
        data = self.fill_in(page.text, form)
        with self.send("POST", form["path"], "register: send", referer_path=form["path"], data=data) as response:
            if response.status_code != 302:
                errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>([^<]{1,120})', response.text)
                response.failure(f"register answered {response.status_code}: {errors[:3]}")
                return
            manage = response.headers["Location"]
        self.get(urlsplit(manage).path + "?" + urlsplit(manage).query, "register: manage page")

    def fill_in(self, html, form):
        inputs = form_inputs(html)
        data = {field["name"]: field.get("value", "") for field in inputs if field.get("type") == "hidden"}
        sessions = [field["value"] for field in inputs if field.get("name") == "sessions"]
        if sessions:
            data["sessions"] = random.sample(sessions, k=min(len(sessions), random.randint(1, 2)))  # noqa: S311
        name = random.choice(FIRST_NAMES)  # noqa: S311
        data |= {
            "first_name": name,
            "last_name": "Load",
            "phone": f"0470 {random.randint(10, 99)} {random.randint(10, 99)} {random.randint(10, 99)}",  # noqa: S311
            "postcode": "2800",
            "language": "nl",
            "consent": "on",
        }
        if form["child_birth_date"]:
            data |= {"contact_comes": "on", "child-0-first_name": "Mo", "child-0-birth_date": form["child_birth_date"]}
        return data


class Coordinator(KansenUser):
    """Takes the roll call of today's group session: a tap per person (the
    page's script), and now and then the whole form saved."""

    fixed_count = USERS["Coordinator"]
    wait_time = between(2, 5)
    _accounts = itertools.count()

    def on_start(self):
        super().on_start()
        roll_calls = fixture()["roll_calls"]
        mine = roll_calls[next(self._accounts) % len(roll_calls)]
        self.path = f"/desk/sessions/{mine['session']}/roll-call/"
        self.sign_in(mine["coordinator"])
        self.open_roll_call()

    def open_roll_call(self):
        page = self.get(self.path, "roll call: page")
        inputs = form_inputs(page.text)
        self.csrf = hidden_value(page.text, "csrfmiddlewaretoken") or ""
        self.people = sorted({field["name"] for field in inputs if field.get("name", "").startswith("person-")})
        return page

    @task(6)
    def tap(self):
        if not self.people:
            return
        person = random.choice(self.people).removeprefix("person-")  # noqa: S311
        data = {"person": person, "status": random.choice(STATUSES), "idempotency_key": uuid.uuid4().hex}  # noqa: S311
        with self.send("POST", self.path + "mark/", "roll call: tap", **self.script(data=data)) as response:
            if response.status_code != 200:
                response.failure(f"tap answered {response.status_code}: {response.text[:200]}")

    @task(1)
    def save(self):
        page = self.open_roll_call()
        if page.status_code != 200:
            return
        data = {person: random.choice(STATUSES) for person in self.people}  # noqa: S311
        data |= {
            "csrfmiddlewaretoken": self.csrf,
            "idempotency_key": hidden_value(page.text, "idempotency_key"),
            "walk_in_adults": str(random.randint(0, 3)),  # noqa: S311
            "walk_in_children": str(random.randint(0, 5)),  # noqa: S311
            "note": "",
        }
        with self.send("POST", self.path, "roll call: save", referer_path=self.path, data=data) as response:
            if response.status_code != 302:
                response.failure(f"save answered {response.status_code}")


class Baseline(KansenUser):
    """The cheapest view there is (one SELECT 1): what the door is compared with."""

    fixed_count = USERS["Baseline"]
    wait_time = constant_pacing(0.5)

    @task
    def health(self):
        self.get("/healthz", "baseline: /healthz")
