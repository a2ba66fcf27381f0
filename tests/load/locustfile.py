"""One community's households using 邻里 at once (scripts/cluster.sh households runs it).

Every household (made by households.py, listed in LINLI_HOUSEHOLDS_FILE, each with the
community's data already pulled) pulls every 30 s from its cursor as the app does,
following has_more pages. Staff publish an urgent notice 30 s into the run; ACKNOWLEDGING
households confirm it (我已知晓) within five minutes (or before the last minute of a
shorter run). REPORTING households each file one 说事 case with two photos at a moment of
their own. Every mutation goes through /api/sync/push, each household's device with its
own client_id and seq; a mutation the server rejects counts as a failure, as does any
answer but the expected status."""

import itertools
import json
import os
import random
import time
import uuid

from locust import FastHttpUser, constant_pacing, task

PROTOCOL = 1
PULL_EVERY_S = 30
RUN_S = float(os.environ.get("LINLI_LOAD_MINUTES", "10")) * 60
ACKNOWLEDGING = 1000
REPORTING = 300
NOTICE_AT_S = 30
# A confirmation is sent at the household's first pull past its moment, up to 30 s later.
ACK_WITHIN_S = min(5 * 60 - PULL_EVERY_S, RUN_S - NOTICE_AT_S - 60)
STAFF_PHONE = "13800000002"
DEMO_PASSWORD = "linli2026"

with open(os.environ["LINLI_HOUSEHOLDS_FILE"]) as f:
    HOUSEHOLDS = json.load(f)
with open(os.path.join(os.path.dirname(__file__), "photo.jpg"), "rb") as f:
    PHOTO = f.read()
# Who acknowledges and who reports, the same in every run.
_chosen = random.Random(18)
ACKNOWLEDGERS = set(_chosen.sample(range(len(HOUSEHOLDS)), min(ACKNOWLEDGING, len(HOUSEHOLDS))))
REPORTERS = set(_chosen.sample(range(len(HOUSEHOLDS)), min(REPORTING, len(HOUSEHOLDS))))
_next_household = itertools.count()
# Locust loads this file just before it starts the users.
STARTED = time.time()


def photo(photo_id):
    """The photo with a comment segment naming it: a valid JPEG of its own bytes."""
    comment = photo_id.encode()
    return PHOTO[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + PHOTO[2:]


class Device(FastHttpUser):
    """A phone with the app: its session, its device id and seq, its replica's cursor."""

    abstract = True
    wait_time = constant_pacing(PULL_EVERY_S)
    concurrency = 1

    def sign_in(self, token, user_id, client_id, cursor):
        self.headers = {"Authorization": f"Bearer {token}"}
        self.user_id = user_id
        self.client_id = client_id
        self.seq = 0
        self.cursor = cursor

    def pull(self):
        """Pulls every page past the cursor; returns the changes."""
        changes = []
        while True:
            query = f"protocol={PROTOCOL}&since={self.cursor}&client_id={self.client_id}"
            with self.client.get(f"/api/sync/pull?{query}", headers=self.headers, name="pull", catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(f"pull answered {r.status_code}")
                    return changes
                page = r.json()
            changes += page["changes"]
            self.cursor = page["cursor"]
            if not page["has_more"]:
                return changes

    def push(self, name, args):
        """Pushes one mutation, as the app sends one done while online."""
        self.seq += 1
        mutation = {
            "client_id": self.client_id,
            "seq": self.seq,
            "mutation_id": str(uuid.uuid4()),
            "name": name,
            "args": args,
            "created_at": int(time.time() * 1000),
        }
        body = {"protocol": PROTOCOL, "client_id": self.client_id, "mutations": [mutation]}
        with self.client.post("/api/sync/push", json=body, headers=self.headers, name="push", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"push answered {r.status_code}")
            elif r.json()["results"][0]["outcome"]["status"] != "applied":
                r.failure(f"{name} rejected: {r.json()['results'][0]['outcome']}")


class Household(Device):
    """A verified household of the community, on its own phone."""

    def on_start(self):
        i = next(_next_household)
        self.household = HOUSEHOLDS[i]
        h = self.household
        self.sign_in(h["token"], h["user_id"], h["client_id"], h["cursor"])
        self.acknowledges = i in ACKNOWLEDGERS
        self.ack_at = None
        self.report_at = STARTED + random.uniform(NOTICE_AT_S, RUN_S - NOTICE_AT_S) if i in REPORTERS else None

    @task
    def use_the_app(self):
        for change in self.pull():
            notice = change["data"] if change["collection"] == "notices" else None
            if self.acknowledges and notice and notice["importance"] == "urgent" and self.ack_at is None:
                self.notice_id = notice["id"]
                self.ack_at = notice["published_at"] / 1000 + random.uniform(PULL_EVERY_S, ACK_WITHIN_S)
        now = time.time()
        if self.ack_at and now >= self.ack_at:
            self.push("notice.acknowledge", {"notice_id": self.notice_id, "user_id": self.user_id})
            self.ack_at = float("inf")
        if self.report_at and now >= self.report_at:
            self.report()
            self.report_at = None

    def report(self):
        photos = [str(uuid.uuid4()) for _ in range(2)]
        for photo_id in photos:
            with self.client.put(
                f"/api/blobs/{photo_id}", data=photo(photo_id), headers=self.headers, name="blob upload", catch_response=True
            ) as r:
                if r.status_code != 201:
                    r.failure(f"upload answered {r.status_code}")
        address = self.household["address"]
        self.push(
            "report.submit",
            {
                "id": str(uuid.uuid4()),
                "category_id": "repair",
                "description": "楼道灯不亮，晚上上下楼看不见，麻烦来修一下",
                "building_id": address["building_id"],
                "unit": address["unit"],
                "room": address["room"],
                "photos": photos,
            },
        )


class Staff(Device):
    """The 社区工作者 on duty: publishes the urgent notice, and keeps pulling."""

    fixed_count = 1

    def on_start(self):
        r = self.client.post("/api/sessions", json={"phone": STAFF_PHONE, "password": DEMO_PASSWORD}, name="log-in")
        self.sign_in(r.json()["token"], r.json()["user"]["id"], str(uuid.uuid4()), 0)
        self.published = False

    @task
    def keep_up(self):
        self.pull()
        if not self.published and time.time() >= STARTED + NOTICE_AT_S:
            args = {
                "id": str(uuid.uuid4()),
                "category": "outage",
                "importance": "urgent",
                "title": "今晚 22:00 起全小区停水",
                "body": "主水管抢修，今晚 22:00 至明早 6:00 全小区停水，请提前储水。看到请点“我已知晓”。",
                "pinned": True,
                "audience": None,
            }
            self.push("notice.publish", args)
            self.published = True
