"""Locust load test (issue 7): case workers of all units use the key pages at once.

Runs in its own virtualenv (.venv-locust, requirements-locust.txt): locust's gevent patching must
never share a process with Django. Nothing here imports the project. `make loadtest` starts
gunicorn (2 workers, loopback) on the national database and runs 50 users for 5 minutes.

Every user logs in as one case worker of the generated data (scale/world.py: user names
``u07.kv.vagledare2``, one shared benchmark password) and then, with a pause of 1–3 s between
pages like a person reading: the filtered participant list, a participant from it, the unit's
priority queue, and the home page.

Closed loop (`make loadtest MODE=closed`, issue 19): `KRAMI_CLOSED_LOOP=1` takes the pause away, so
a few users keep the server busy all the time and locust counts how many pages it can serve;
`KRAMI_MIX=floor` makes every user ask for the framework floor instead (`/bench/floor/`, the
cheapest authenticated page), the capacity the case-work mix is compared with.
"""

import itertools
import os
import random
import re

from locust import HttpUser, between, constant, task

CLOSED_LOOP = os.environ.get("KRAMI_CLOSED_LOOP") == "1"
MIX = os.environ.get("KRAMI_MIX", "casework")

PASSWORD = "krami-bench-2026"  # scale/world.py BENCH_PASSWORD: invented accounts of the bench database
UNITS = 60
ACCOUNTS = [
    f"u{unit:02d}.{kind}.vagledare{n}" for unit in range(1, UNITS + 1) for kind in ("kommun", "af", "kv") for n in (1, 2)
]
_next_account = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DETAIL = re.compile(r'href="/deltagare/(\d+)/"')
QUEUE = re.compile(r'href="(/inskrivning/enhet/\d+/ko/)"')  # on the intake overview


class CaseWorker(HttpUser):
    wait_time = constant(0) if CLOSED_LOOP else between(1, 3)

    def on_start(self):
        # Spread the users over the units: user 0 is u01.kommun.vagledare1, user 1 u01.kommun.vagledare2, ...
        index = next(_next_account) * 7 % len(ACCOUNTS)
        self.username = ACCOUNTS[index]
        self.participants: list[str] = []
        self.queue_url = None
        page = self.client.get("/konto/logga-in/", name="login form")
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/konto/logga-in/", data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/konto/logga-in/"}, name="login", catch_response=True,
        ) as response:
            if "logga-in" in response.url:
                response.failure(f"login failed for {self.username}")
        if MIX == "floor":
            return
        overview = self.client.get("/inskrivning/", name="intake overview")
        found = QUEUE.search(overview.text)
        self.queue_url = found.group(1) if found else None

    @task(4)
    def participant_list(self):
        if MIX == "floor":
            return self.client.get("/bench/floor/", name="framework floor")
        response = self.client.get("/deltagare/?gender=man", name="participant list (filtered)")
        found = DETAIL.findall(response.text)
        if found:
            self.participants = found

    @task(4)
    def participant_detail(self):
        if MIX == "floor":
            return self.client.get("/bench/floor/", name="framework floor")
        if not self.participants:
            return self.participant_list()
        self.client.get(f"/deltagare/{random.choice(self.participants)}/", name="participant detail")  # nosec B311

    @task(2)
    def queue(self):
        if MIX == "floor":
            return self.client.get("/bench/floor/", name="framework floor")
        if self.queue_url:
            self.client.get(self.queue_url, name="priority queue")

    @task(1)
    def home(self):
        if MIX == "floor":
            return self.client.get("/bench/floor/", name="framework floor")
        self.client.get("/", name="home")
