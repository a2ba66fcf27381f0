"""Makes the households of the load test (locustfile.py) through the API, as a community
would: each registers on its own phone, then the community's staff verify them all at once
with the residents import, then each phone pulls the community's data once, as the app
does after logging in (the load test is of phones already in use, pulling what is new).

    households.py BASE_URL COUNT OUT.json

BASE_URL is a server started with --trust-forwarded-for: each household sends its own
X-Forwarded-For, as a proxy in front would, so the per-address registration limit sees
separate phones. OUT.json gets each household's session, address, device id and cursor.
"""

import csv
import io
import json
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

COMMUNITY = "金石社区"
# The demo's 社区工作者 (crates/server/seed/accounts.json), who may import residents.
STAFF_PHONE = "13800000002"
DEMO_PASSWORD = "linli2026"
# Registrations at once: the server hashes one password per core and answers 503 past a
# short queue.
AT_ONCE = 4
# Four flats a floor, six floors, three units in each of the 54 buildings.
UNITS, FLOORS, FLATS = 3, 6, 4


def fail(what, reply):
    sys.exit(f"households: {what}: {reply.status_code} {reply.text[:300]}")


def household(i, buildings):
    """The i-th household's phone, name and flat: building by building, then unit, flat
    and floor, so 3,000 households live in different flats."""
    building = buildings[i % len(buildings)]["id"]
    rest = i // len(buildings)
    unit, rest = rest % UNITS + 1, rest // UNITS
    flat, floor = rest % FLATS + 1, rest // FLATS % FLOORS + 1
    return {
        "phone": f"137{i:08d}",
        "display_name": f"住户{i}",
        "address": {"building_id": building, "unit": f"{unit}单元", "room": f"{floor}{flat:02d}"},
    }


def main():
    base, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    reply = requests.get(f"{base}/api/communities", timeout=30)
    community = next(c for c in reply.json() if c["name"] == COMMUNITY)
    buildings = community["buildings"]

    def register(i):
        person = household(i, buildings)
        reply = requests.post(
            f"{base}/api/accounts/register",
            json={**person, "password": "load-test-2026", "community_id": community["id"]},
            headers={"X-Forwarded-For": f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}"},
            timeout=60,
        )
        if reply.status_code != 201:
            fail(f"registering household {i}", reply)
        session = reply.json()
        return {**person, "token": session["token"], "user_id": session["user"]["id"]}

    started = time.monotonic()
    with ThreadPoolExecutor(AT_ONCE) as pool:
        people = list(pool.map(register, range(count)))
    registered = time.monotonic() - started

    reply = requests.post(f"{base}/api/sessions", json={"phone": STAFF_PHONE, "password": DEMO_PASSWORD}, timeout=30)
    if reply.status_code != 200:
        fail("staff log-in", reply)
    staff = reply.json()["token"]
    names = {b["id"]: b["name"] for b in buildings}
    sheet = io.StringIO()
    rows = csv.writer(sheet)
    rows.writerow(["姓名", "手机号", "楼栋", "单元", "房号"])
    for p in people:
        a = p["address"]
        rows.writerow([p["display_name"], p["phone"], names[a["building_id"]], a["unit"], a["room"]])
    started = time.monotonic()
    reply = requests.post(
        f"{base}/api/admin/import/residents?confirm=true",
        data=sheet.getvalue().encode(),
        headers={"Authorization": f"Bearer {staff}"},
        timeout=120,
    )
    if reply.status_code != 200 or not reply.json()["applied"] or reply.json()["refused"]:
        fail("verifying by import", reply)
    imported = reply.json()
    print(
        f"households: {count} registered in {registered:.0f} s ({AT_ONCE} at a time); "
        f"the import verified {imported['changed']} ({imported['same']} unchanged) in {time.monotonic() - started:.1f} s"
    )
    def first_pull(person):
        client_id, cursor = str(uuid.uuid4()), 0
        while True:
            reply = requests.get(
                f"{base}/api/sync/pull",
                params={"protocol": 1, "since": cursor, "client_id": client_id},
                headers={"Authorization": f"Bearer {person['token']}"},
                timeout=60,
            )
            if reply.status_code != 200:
                fail("pulling", reply)
            cursor = reply.json()["cursor"]
            if not reply.json()["has_more"]:
                return {**person, "client_id": client_id, "cursor": cursor}

    started = time.monotonic()
    with ThreadPoolExecutor(AT_ONCE) as pool:
        people = list(pool.map(first_pull, people))
    print(f"households: each pulled the community's data in {time.monotonic() - started:.0f} s in all")
    with open(out, "w") as f:
        json.dump(people, f)


if __name__ == "__main__":
    main()
