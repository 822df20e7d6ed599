"""Summarise a load-test run (called by loadtest/run.sh): traffic, errors, and lost posts."""

import csv
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()


from board.models import Post, Reply  # noqa: E402

out = Path(os.environ["LOADTEST_OUT"])
restart_started, restart_done = float(sys.argv[1]), float(sys.argv[2])
healthy_again = float(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] else None


def jsonl(name: str) -> list[dict]:
    path = out / name
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


with open(out / "locust_stats.csv", encoding="utf-8") as fh:
    rows = {row["Name"]: row for row in csv.DictReader(fh)}
total = rows["Aggregated"]
errors = jsonl("errors.jsonl")
# Errors while PostgreSQL restarts are expected; anything else is an error under load.
window_end = (healthy_again or restart_done) + 2
in_restart = [e for e in errors if restart_started - 1 <= e["t"] <= window_end]
under_load = [e for e in errors if e not in in_restart]
fivexx = sorted(e["t"] for e in errors if e["status"] >= 500 or e["status"] == 0)

attempts = jsonl("attempts.jsonl")
acked = jsonl("acked.jsonl")
markers = {"post": [a["marker"] for a in acked if a["kind"] == "post"],
           "reply": [a["marker"] for a in acked if a["kind"] == "reply"]}
stored_posts = Post.objects.filter(title__startswith="負荷試験の投稿 LT-").count()
found_posts = {m for m in markers["post"] if Post.objects.filter(title__endswith=m).exists()}
stored_replies = Reply.objects.filter(body__contains="LR-").count()
found_replies = {m for m in markers["reply"] if Reply.objects.filter(body__contains=m).exists()}

print("=== load test result")
print(f"requests served      {int(total['Request Count']):,} ({float(total['Requests/s']):.1f} req/s)")
print(f"failed requests      {int(total['Failure Count']):,} in total")
print(f"  under load         {len(under_load)}")
print(f"  during DB restart  {len(in_restart)}")
print(f"latency              p50 {total['50%']} ms, p95 {total['95%']} ms, p99 {total['99%']} ms")
for name in ("public page", "/board/", "/board/<pk>/", "post new (POST)", "reply (POST)"):
    if name in rows:
        print(f"  {name:<18} {int(rows[name]['Request Count']):>6} req, p95 {rows[name]['95%']} ms")
print(f"posts attempted      {sum(a['kind'] == 'post' for a in attempts)}, acknowledged {len(markers['post'])}, stored {stored_posts}")
print(f"replies attempted    {sum(a['kind'] == 'reply' for a in attempts)}, acknowledged {len(markers['reply'])}, stored {stored_replies}")
lost = (len(markers["post"]) - len(found_posts)) + (len(markers["reply"]) - len(found_replies))
print(f"acknowledged but lost {lost}")
print(f"PostgreSQL restart   took {restart_done - restart_started:.1f} s")
if fivexx:
    print(f"5xx answered         from {fivexx[0] - restart_started:+.1f} s to {fivexx[-1] - restart_started:+.1f} s after the restart began ({fivexx[-1] - fivexx[0]:.1f} s)")
else:
    print("5xx answered         never")
print(f"healthy again        {'%.1f s after the restart began' % (healthy_again - restart_started) if healthy_again else 'NO — manual action needed'}")
if under_load:
    print("errors under load (first 10):")
    for e in under_load[:10]:
        print(f"  {e['name']} {e['status']} {e['error']}")
print(f"(raw data in {out})")
sys.exit(1 if lost or under_load or not healthy_again else 0)
