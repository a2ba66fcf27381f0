"""Schemathesis hooks of scripts/api-fuzz.sh: count the requests sent, the 5xx answers and
the operations reached, and write them to the file named by LINLI_FUZZ_COUNTS when the
pass ends (a record of every request would take gigabytes on a long run)."""

import atexit
import json
import os

import schemathesis

requests = 0
server_errors = 0
operations = set()


@schemathesis.hook
def after_call(context, case, response):
    global requests, server_errors
    requests += 1
    server_errors += response.status_code >= 500
    operations.add(case.operation.label)


@atexit.register
def write_counts():
    with open(os.environ["LINLI_FUZZ_COUNTS"], "w") as out:
        json.dump(
            {"requests": requests, "server_errors": server_errors, "operations": sorted(operations)},
            out,
        )
