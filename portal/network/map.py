"""The prefecture tile map (タイルマップ) of the directory: one square per prefecture, coloured by count.

No geographic shapes are available offline, so the map is a tile-grid cartogram in the usual Japanese
layout (北海道 top right, 沖縄 bottom left). It is computed from the data, cached, and rendered as an
inline SVG by `templates/municipalities/_prefecture_map.html`. Cached in the shared cache under the
public content's version (core/caching.py): any edit of a membership, federation, relation or area bumps it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from core.caching import CONTENT
from municipalities.models import Prefecture
from portal.network import selectors

CACHE_TIMEOUT = 60 * 60

TILE = 56
GAP = 4
CELL = TILE + GAP

# (column, row) of each prefecture (JIS code) on a 13 × 11 grid.
POSITIONS: dict[str, tuple[int, int]] = {
    "01": (12, 0),
    "02": (12, 1),
    "05": (11, 2), "03": (12, 2),
    "06": (11, 3), "04": (12, 3),
    "17": (8, 4), "16": (9, 4), "15": (10, 4), "07": (11, 4),
    "18": (7, 5), "21": (8, 5), "20": (9, 5), "10": (10, 5), "09": (11, 5), "08": (12, 5),
    "32": (3, 6), "31": (4, 6), "28": (5, 6), "26": (6, 6), "25": (7, 6), "23": (8, 6), "19": (9, 6),
    "11": (10, 6), "13": (11, 6), "12": (12, 6),
    "35": (2, 7), "34": (3, 7), "33": (4, 7), "27": (5, 7), "29": (6, 7), "24": (7, 7), "22": (9, 7),
    "14": (10, 7),
    "42": (0, 8), "41": (1, 8), "40": (2, 8), "38": (3, 8), "37": (4, 8), "30": (5, 8),
    "43": (1, 9), "44": (2, 9), "39": (3, 9), "36": (4, 9),
    "47": (0, 10), "46": (1, 10), "45": (2, 10),
}
COLUMNS = 1 + max(col for col, _ in POSITIONS.values())
ROWS = 1 + max(row for _, row in POSITIONS.values())


@dataclass(frozen=True)
class Level:
    """A colour class: counts from `low` up to `high` (None: no upper bound)."""

    low: int
    high: int | None
    fill: str
    text: str  # text colour on this fill, AA contrast (4.5:1) or better

    @property
    def label(self) -> str:
        if self.high is None:
            return f"{self.low:,}自治体以上"
        if self.low == self.high:
            return f"{self.low:,}自治体"
        return f"{self.low:,}〜{self.high:,}自治体"


LEVELS: tuple[Level, ...] = (
    Level(0, 0, "#f3f6fa", "#1f2328"),
    Level(1, 9, "#d6e6f5", "#1f2328"),
    Level(10, 19, "#9cc3e6", "#1f2328"),
    Level(20, 39, "#5f9fd6", "#111417"),
    Level(40, 79, "#1f67ab", "#ffffff"),
    Level(80, None, "#0b3561", "#ffffff"),
)
TILE_STROKE = "#6b7580"  # outlines every tile (3:1 against the white page), so empty tiles show too


def level_for(count: int) -> Level:
    return next(level for level in reversed(LEVELS) if count >= level.low)


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    region: str
    region_label: str
    count: int
    col: int
    row: int

    @property
    def label(self) -> str:
        return f"{self.name} {self.count:,}自治体"

    @property
    def level(self) -> Level:
        return level_for(self.count)

    @property
    def x(self) -> int:
        return self.col * CELL + GAP // 2

    @property
    def y(self) -> int:
        return self.row * CELL + GAP // 2

    @property
    def cx(self) -> int:
        return self.x + TILE // 2


@dataclass(frozen=True)
class PrefectureMap:
    tiles: tuple[Tile, ...]
    width: int = COLUMNS * CELL
    height: int = ROWS * CELL
    levels: tuple[Level, ...] = LEVELS

    @property
    def total(self) -> int:
        return sum(t.count for t in self.tiles)

    @property
    def tiles_by_code(self) -> tuple[Tile, ...]:
        return tuple(sorted(self.tiles, key=lambda t: t.code))


def compute_prefecture_map() -> PrefectureMap:
    """Count the participating municipalities of each prefecture (2 queries)."""
    counts = dict(
        selectors.participating_municipalities()
        .order_by()
        .values_list("prefecture_id")
        .annotate(n=Count("pk"))
        .values_list("prefecture_id", "n")
    )
    tiles = []
    for prefecture in Prefecture.objects.order_by("code"):
        col, row = POSITIONS[prefecture.code]
        tiles.append(
            Tile(
                code=prefecture.code,
                name=prefecture.name,
                region=prefecture.region,
                region_label=prefecture.get_region_display(),
                count=counts.get(prefecture.code, 0),
                col=col,
                row=row,
            )
        )
    return PrefectureMap(tiles=tuple(tiles))


def prefecture_map(request=None) -> PrefectureMap:
    """The map data, from the shared cache when nothing public changed since it was computed."""
    return CONTENT.get_or_build(("prefecture-map", 1), compute_prefecture_map, request=request, using="default",
                                timeout=CACHE_TIMEOUT)
