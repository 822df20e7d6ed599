"""Japanese text search that uses an index on PostgreSQL and works everywhere.

Japanese has no spaces between words, so a word is found as a substring (ILIKE). On PostgreSQL a
substring search over 100,000 posts would scan the table; what serves it is a GIN index over the
*bigrams* (every pair of adjacent characters) of the text: 「全国連携」 → {全国, 国連, 連携}. A query's
bigrams must all be in the row's bigrams (`@>`, answered by the index), and ILIKE then re-checks the
candidates (bigrams do not keep their order). Why not the alternatives:
- pg_bigm and PGroonga do this natively but are not packaged for Debian's PostgreSQL 15;
- pg_trgm's trigram index cannot serve a two-character word (京都, 連携 have no trigram), so those —
  the most common Japanese queries — would scan the table;
- PostgreSQL's text search (tsvector) has no Japanese parser.
The function is declared expensive (COST 1000) so that the planner answers through the index
instead of computing a row's bigrams during a scan. A one-character query has no bigram and is answered by ILIKE alone. On SQLite (development, tests)
every query is ILIKE (`icontains`), with the same results.

The index and the immutable SQL function `portal_bigrams(text)` are created by
board/migrations/0004_post_bigram_index.py; `INDEXED` says which table/columns it covers (the WHERE
expression must be written exactly as the index's expression for PostgreSQL to use it).
"""

from __future__ import annotations

import unicodedata
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

MAX_TERMS = 5
MAX_LENGTH = 100

# table → the columns its bigram index covers, in the order of the index expression.
INDEXED: dict[str, tuple[str, ...]] = {"board_post": ("title", "body")}

CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION portal_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
  SELECT coalesce(array_agg(DISTINCT substr(s.l, i, 2)), '{}')
  FROM (SELECT lower(t) AS l) AS s, generate_series(1, char_length(t) - 1) AS i
$$;
"""


def index_expression(table: str) -> str:
    """portal_bigrams(("board_post"."title" || ' ' || "board_post"."body")) — as in the index."""
    columns = " || ' ' || ".join(f'"{table}"."{c}"' for c in INDEXED[table])
    return f"portal_bigrams(({columns}))"


def terms_of(text: str) -> list[str]:
    """What the visitor typed, NFKC-normalised (half-width ｶﾅ, full-width ＡＢＣ), split on spaces."""
    text = unicodedata.normalize("NFKC", text or "")[:MAX_LENGTH]
    return text.split()[:MAX_TERMS]


def uses_index(qs: QuerySet, fields: tuple[str, ...]) -> bool:
    table = qs.model._meta.db_table
    return connection.vendor == "postgresql" and INDEXED.get(table) == tuple(fields)


def search(qs: QuerySet, text: str, fields: tuple[str, ...] = ("title", "body")) -> QuerySet:
    """Rows whose `fields` contain every term of `text` (in any of the fields)."""
    terms = terms_of(text)
    if not terms:
        return qs
    conditions = [reduce(or_, (Q(**{f"{f}__icontains": term}) for f in fields)) for term in terms]
    qs = qs.filter(reduce(and_, conditions))
    if uses_index(qs, fields):
        expression = index_expression(qs.model._meta.db_table)
        for term in terms:
            if len(term) >= 2:
                qs = qs.filter(RawSQL(f"{expression} @> portal_bigrams(%s)", [term], output_field=BooleanField()))
    return qs
