"""CPU time used by each kind of process while a command runs (bench/profile.sh): the app's gunicorn
workers, PostgreSQL, Redis and the load generator, from /proc (utime + stime of every process,
the load generator from this script's children's rusage).

    python bench/cpu.py REQUESTS_FILE -- COMMAND …   prints CPU ms per request for each kind,
                                                      REQUESTS_FILE being the JSON line of bench/report.lua
"""

import json
import os
import resource
import subprocess
import sys

KINDS = {"gunicorn": "app (gunicorn)", "postgres": "PostgreSQL", "redis-server": "Redis", "wrk": "wrk"}
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_by_kind() -> dict[str, float]:
    totals = dict.fromkeys(KINDS.values(), 0.0)
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rpartition(")")[2].split()
        except OSError:
            continue
        for needle, kind in KINDS.items():
            if needle in cmdline:
                # utime, stime: fields 14 and 15 of stat (11 and 12 after the command name)
                totals[kind] += (int(fields[11]) + int(fields[12])) / TICKS
                break
    return totals


def main() -> None:
    requests_file, command = sys.argv[1], sys.argv[sys.argv.index("--") + 1:]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = cpu_by_kind()
    with open(requests_file, "w") as out:
        subprocess.run(command, stdout=out, check=True)
    after = cpu_by_kind()
    # The load generator is this script's child: gone from /proc by now, counted in its rusage.
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    after["wrk"] += (done.ru_utime + done.ru_stime) - (children.ru_utime + children.ru_stime)
    result = json.loads(open(requests_file).read().strip().splitlines()[-1])
    n = result["requests"]
    parts = [f"{kind} {(after[kind] - before[kind]) * 1000 / n:.2f}" for kind in KINDS.values()]
    total = sum(after[k] - before[k] for k in KINDS.values()) * 1000 / n
    print(f"{result['rps']:.1f} req/s, p95 {result['p95']:.1f} ms; CPU ms per request: " + ", ".join(parts) + f" (all {total:.2f})")


if __name__ == "__main__":
    main()
