"""Search latency at scale (issue 6: p95 under 50 ms over 100,000 posts), run by bench/run.sh.

For each query — common and rare words, 1 to 5 characters, kana, two words, no match — and each
of ROUNDS rounds, it measures, one request at a time:
  board    the board search's own work on a miss: the capped count and the page of posts
           (board.selectors.post_index + the view's paginator), i.e. the database through the ORM;
  page     the whole /board/?q= page for a logged-in member with every cache emptied first
           (what a member waits for on a query nobody asked before);
  site     the whole public /search/?q= page with every cache emptied (all sources, incl. events).
Prints each query's median and the p50/p95 over all of them. Not a test: figures only.

    python bench/search.py [ROUNDS]
"""

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.test import Client  # noqa: E402

from board import selectors  # noqa: E402
from board.models import Post  # noqa: E402
from board.views import INDEX_CAP, PAGE_SIZE, SEARCH_CAP, CappedPaginator  # noqa: E402
from core import fragments  # noqa: E402
from portal.models import User  # noqa: E402

QUERIES = ["連携", "京都", "観光", "防災", "特別区", "全国連携", "まちづくり", "ふるさと", "イベント", "区",
           "東京 京都", "さかい", "存在しない語句"]


def empty_caches() -> None:
    for alias in ("default", "pages"):
        caches[alias].clear()
    fragments.clear()


def board_search(user, q: str) -> None:
    posts = selectors.post_index(user=user, filters={"q": q})
    paginator = CappedPaginator(posts, PAGE_SIZE, cap=SEARCH_CAP if q else INDEX_CAP)
    selectors.page_posts(paginator.get_page(1).object_list, ids_first=bool(q))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main(rounds: int) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    user = User.objects.get(email="sakai@example.jp")
    member, anonymous = Client(), Client()
    member.force_login(user)
    print(f"search: {Post.objects.count():,} posts, {rounds} rounds per query, one request at a time, caches emptied")
    print(f"{'query':<16} {'board ms':>9} {'page ms':>9} {'site ms':>9}")
    measured = {"board": [], "page": [], "site": []}
    board_search(user, "連携")  # warm the connection and the code paths
    for q in QUERIES:
        per_query = {"board": [], "page": [], "site": []}
        for _ in range(rounds):
            per_query["board"].append(timed(lambda q=q: board_search(user, q)))
            empty_caches()
            per_query["page"].append(timed(lambda q=q: member.get("/board/", {"q": q}, secure=True)))
            empty_caches()
            per_query["site"].append(timed(lambda q=q: anonymous.get("/search/", {"q": q}, secure=True)))
        for kind, values in per_query.items():
            measured[kind] += values
        medians = [statistics.median(per_query[k]) for k in ("board", "page", "site")]
        print(f"{q:<16} " + " ".join(f"{m:>9.1f}" for m in medians))
    for kind, values in measured.items():
        values.sort()
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        print(f"{kind:<6} p50 {statistics.median(values):6.1f} ms   p95 {p95:6.1f} ms   max {values[-1]:6.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
