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

How it is laid out (installed by a migration of the model's app, PostgreSQL only — board/0006 for posts,
events/0004 for events; the model names its searched columns once, in `SEARCH_FIELDS`):
- `portal_bigrams(text)`, an immutable SQL function written as one expression (see CREATE_FUNCTION);
- a column `search_bigrams text[]` on the table — not a model field: Django never reads or writes
  it — kept up to date by a trigger on INSERT and on UPDATE OF the searched columns, with a GIN index.
  A stored column rather than an index on the expression: PostgreSQL re-checks rows it reads in
  index order (a common word on the newest-first index) by evaluating the condition per row; an
  array stored in the row costs microseconds there, computing the bigrams ~0.1 ms. A trigger rather
  than a generated column: a generated column would forbid later migrations from altering the
  searched columns' types.
- the query's own bigrams are computed here, in Python (`bigrams`), the same way.
The ILIKE re-check is wrapped in CASE so that the planner does not multiply its (unknowable)
selectivity with the bigrams' (known from the column's statistics): with both, it believed a
common word matched 20 posts and sorted 30,000 of them. A one-character query has no bigram and
is answered by ILIKE alone. On SQLite (development, tests) every query is ILIKE (`icontains`),
with the same results.
"""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from core import text

COLUMN = "search_bigrams"

# The bigrams of a text, as one expression (no FROM, no aggregate, so PostgreSQL can inline it):
# pairs starting at odd positions, then at even ones (the text without its first character), each
# pair followed by \x01; a lone last character becomes an empty element, removed with the rest.
# Duplicates stay (the GIN index keeps each key once). ~0.1 ms for a post, where an
# array_agg(DISTINCT …) over generate_series took ~2 ms.
CREATE_FUNCTION = r"""
CREATE OR REPLACE FUNCTION portal_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_remove(string_to_array(
    regexp_replace(lower(t), '(..)|.', E'\\1\x01', 'g')
      || regexp_replace(substr(lower(t), 2), '(..)|.', E'\\1\x01', 'g'),
    E'\x01'), '')
$$;
"""


def bigrams(term: str) -> list[str]:
    """The bigrams of a search term, as `portal_bigrams` makes them (lower-cased), without repeats."""
    lowered = term.lower()
    return sorted({lowered[i : i + 2] for i in range(len(lowered) - 1)})


def index_name(table: str) -> str:
    return f"{table}_bigrams"


def create_index_sql(table: str) -> str:
    return f'CREATE INDEX IF NOT EXISTS {index_name(table)} ON "{table}" USING gin ({COLUMN})'


def install_sql(table: str, columns: tuple[str, ...]) -> list[str]:
    """The statements that add the bigram column of `columns`, its trigger and its index to `table`
    (and fill it). A migration passes the columns as they are at that migration."""
    source = " || ' ' || ".join(f"coalesce(NEW.{c}, '')" for c in columns)
    backfill = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
    function = f"{table}_{COLUMN}"
    return [
        CREATE_FUNCTION,
        f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS {COLUMN} text[]',
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.{COLUMN} := portal_bigrams({source}); RETURN NEW; END $$""",
        f'DROP TRIGGER IF EXISTS {function} ON "{table}"',
        f'CREATE TRIGGER {function} BEFORE INSERT OR UPDATE OF {", ".join(columns)} ON "{table}" '
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        f'UPDATE "{table}" SET {COLUMN} = portal_bigrams({backfill})',  # noqa: S608 — names from migrations
        f"DROP INDEX IF EXISTS {index_name(table)}",
        create_index_sql(table),
        f'ANALYZE "{table}"',
    ]


def uninstall_sql(table: str) -> list[str]:
    function = f"{table}_{COLUMN}"
    return [
        f"DROP INDEX IF EXISTS {index_name(table)}",
        f'DROP TRIGGER IF EXISTS {function} ON "{table}"',
        f"DROP FUNCTION IF EXISTS {function}()",
        f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS {COLUMN}',
    ]


def uses_index(qs: QuerySet, fields: tuple[str, ...]) -> bool:
    """True on PostgreSQL when the model's bigram column covers exactly `fields` (its SEARCH_FIELDS)."""
    return connection.vendor == "postgresql" and getattr(qs.model, "SEARCH_FIELDS", None) == tuple(fields)


def indexed_filter(qs: QuerySet, fields, variants_per_term: list[list[str]], condition_per_term: list[Q]) -> QuerySet:
    """`qs` filtered by one condition per term (`condition_per_term`, e.g. ILIKE over `fields`), with
    the bigram index in front on PostgreSQL when it covers `fields`: a row must hold the bigrams of
    one of the term's variants (e.g. its hiragana and katakana spellings)."""
    if not uses_index(qs, tuple(fields)):
        return qs.filter(reduce(and_, condition_per_term))
    table = qs.model._meta.db_table
    for variants, condition in zip(variants_per_term, condition_per_term, strict=True):
        # The re-check, opaque to the planner's row estimate (see the module's docstring).
        qs = qs.filter(Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()))
        if all(len(variant) >= 2 for variant in variants):
            sql = " OR ".join([f'"{table}"."{COLUMN}" @> %s::text[]'] * len(variants))
            # Table and column names are the model's own; the bigrams are parameters.
            qs = qs.filter(RawSQL(f"({sql})", [bigrams(v) for v in variants], output_field=BooleanField()))  # noqa: S611
    return qs


def search(qs: QuerySet, query: str, fields: tuple[str, ...] | None = None) -> QuerySet:
    """Rows whose `fields` (default: the model's SEARCH_FIELDS) contain every term of `query`."""
    fields = tuple(fields or qs.model.SEARCH_FIELDS)
    terms = text.parse_query(query).terms
    if not terms:
        return qs
    conditions = [reduce(or_, (Q(**{f"{f}__icontains": term}) for f in fields)) for term in terms]
    return indexed_filter(qs, fields, [[term] for term in terms], conditions)
