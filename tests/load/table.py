"""Prints the load test's figures of each setup side by side, as a Markdown table.

    table.py LABEL DIR [LABEL DIR…]

Each DIR holds what scripts/cluster.sh households left of one setup: locust's CSV files
(locust_stats.csv, locust_failures.csv), `sizes` (the database's bytes before the
households, after them and after the run), `stored` (two lines, before and after: the
acknowledgements, cases and photos in the database) and `last_ack` (seconds from the
urgent notice to its last acknowledgement).
"""

import csv
import sys

KINDS = ["pull", "push", "blob upload"]


def column(directory):
    with open(f"{directory}/locust_stats.csv") as f:
        stats = {row["Name"]: row for row in csv.DictReader(f)}
    with open(f"{directory}/locust_failures.csv") as f:
        failures = [f"{row['Occurrences']} × {row['Name']}: {row['Error']}" for row in csv.DictReader(f)]
    with open(f"{directory}/sizes") as f:
        before, households, after = (int(line) for line in f)
    with open(f"{directory}/stored") as f:
        before_run, after_run = ([int(n) for n in line.split()] for line in f)
    acks, cases, photos = (a - b for a, b in zip(after_run, before_run))
    with open(f"{directory}/last_ack") as f:
        last_ack = int(f.read())
    total = stats["Aggregated"]
    cells = [f"{float(total['Requests/s']):,.0f} ({int(total['Request Count']):,} requests)"]
    for kind in KINDS:
        row = stats.get(kind)
        cells.append(f"{int(row['Request Count']):,}, p50 {row['50%']} ms, p99 {row['99%']} ms" if row else "none")
    cells.append(str(int(total["Failure Count"])) + "".join(f"<br>{f}" for f in failures))
    cells.append(f"{acks:,} acknowledgements (the last {last_ack} s after the notice), {cases:,} cases, {photos:,} photos")
    cells.append(f"+{(households - before) / 2**20:.1f} MiB")
    cells.append(f"+{(after - households) / 2**20:.1f} MiB")
    return cells


def main():
    labels, directories = sys.argv[1::2], sys.argv[2::2]
    columns = [column(d) for d in directories]
    rows = [
        "requests/s, all kinds",
        *(f"{kind}: requests, latency" for kind in KINDS),
        "errors",
        "new in the database",
        "database growth: households registered, verified",
        "database growth: the run",
    ]
    print("| | " + " | ".join(labels) + " |")
    print("| --- |" + " --- |" * len(labels))
    for i, name in enumerate(rows):
        print(f"| {name} | " + " | ".join(c[i] for c in columns) + " |")


if __name__ == "__main__":
    main()
