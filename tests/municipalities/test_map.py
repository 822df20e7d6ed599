"""The prefecture tile map: layout, colour classes, counts and cache invalidation."""

from __future__ import annotations

import pytest

from agreements.models import Federation, FederationMembership
from municipalities.models import Area, ExchangeRelation, Membership, Municipality, Prefecture
from portal.network import map as pmap


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_layout_places_each_of_the_47_prefectures_on_its_own_square():
    assert set(pmap.POSITIONS) == {f"{n:02d}" for n in range(1, 48)}
    assert len(set(pmap.POSITIONS.values())) == 47


def test_layout_keeps_japan_oriented_north_east_to_south_west():
    col, row = dict(pmap.POSITIONS), pmap.POSITIONS
    hokkaido, tokyo, okinawa = row["01"], row["13"], row["47"]
    assert hokkaido[0] > tokyo[0] > okinawa[0]
    assert hokkaido[1] < tokyo[1] < okinawa[1]
    assert col["02"][1] == col["01"][1] + 1  # 青森 just south of 北海道


@pytest.mark.parametrize("level", pmap.LEVELS, ids=lambda level: level.label)
def test_every_colour_class_keeps_aa_text_contrast(level):
    assert contrast(level.fill, level.text) >= 4.5


def test_tile_outline_is_visible_against_the_page():
    assert contrast(pmap.TILE_STROKE, "#ffffff") >= 3


@pytest.mark.parametrize(("count", "label"), [(0, "0自治体"), (1, "1〜9自治体"), (9, "1〜9自治体"), (80, "80自治体以上"), (1500, "80自治体以上")])
def test_counts_fall_in_the_expected_colour_class(count, label):
    assert pmap.level_for(count).label == label


def test_colour_classes_cover_every_count_without_gaps():
    for lower, upper in zip(pmap.LEVELS, pmap.LEVELS[1:], strict=False):
        assert upper.low == lower.high + 1
    assert pmap.LEVELS[0].low == 0 and pmap.LEVELS[-1].high is None


@pytest.mark.django_db
def test_computed_counts_equal_the_participating_municipalities_per_prefecture():
    Membership.objects.update_or_create(municipality_id="182109", defaults={"is_active": True})
    Membership.objects.update_or_create(municipality_id="182010", defaults={"is_active": False})
    result = pmap.compute_prefecture_map()
    assert len(result.tiles) == 47
    codes = (
        set(Membership.objects.filter(is_active=True).values_list("municipality", flat=True))
        | set(FederationMembership.objects.values_list("municipality", flat=True))
        | set(ExchangeRelation.objects.values_list("municipality", flat=True))
        | set(Area.municipalities.through.objects.values_list("municipality", flat=True))
    )
    by_pref = {t.code: t.count for t in result.tiles}
    for code in Prefecture.objects.values_list("code", flat=True):
        assert by_pref[code] == sum(1 for c in codes if c[:2] == code)
    assert result.total == len(codes)
    fukui = next(t for t in result.tiles if t.code == "18")
    assert fukui.label == f"福井県 {fukui.count:,}自治体"


@pytest.mark.django_db
def test_computing_the_map_takes_two_queries_whatever_the_rows(django_assert_num_queries):
    for village in Municipality.objects.filter(kind=Municipality.Kind.VILLAGE)[:60]:
        Membership.objects.update_or_create(municipality=village, defaults={"is_active": True})
    with django_assert_num_queries(2):
        pmap.compute_prefecture_map()


@pytest.mark.django_db
def test_map_is_served_from_the_cache(django_assert_num_queries):
    pmap.prefecture_map()
    with django_assert_num_queries(0):
        pmap.prefecture_map()


def _unlinked(prefecture: str) -> Municipality:
    return (
        Municipality.objects.filter(prefecture_id=prefecture, kind=Municipality.Kind.VILLAGE)
        .filter(membership__isnull=True, federation_memberships__isnull=True)
        .filter(ward_relations__isnull=True, areas__isnull=True)
        .order_by("code")
        .first()
    )


def _count(prefecture: str) -> int:
    return next(t.count for t in pmap.prefecture_map().tiles if t.code == prefecture)


@pytest.mark.django_db
def test_membership_changes_clear_the_cached_map():
    village = _unlinked("20")
    before = _count("20")
    membership = Membership.objects.create(municipality=village)
    assert _count("20") == before + 1
    membership.is_active = False
    membership.save()
    assert _count("20") == before
    membership.delete()
    assert _count("20") == before


@pytest.mark.django_db
def test_federation_membership_changes_clear_the_cached_map():
    village = _unlinked("20")
    before = _count("20")
    federation = Federation.objects.create(name="テスト長野県町村会", slug="test-nagano", kind=Federation.Kind.TOWNS, prefecture_id="20")
    federation.members.add(village)  # m2m_changed
    assert _count("20") == before + 1
    FederationMembership.objects.filter(federation=federation).delete()  # post_delete
    assert _count("20") == before
    FederationMembership.objects.create(federation=federation, municipality=village)  # post_save
    assert _count("20") == before + 1


@pytest.mark.django_db
def test_exchange_relation_changes_clear_the_cached_map():
    village = _unlinked("20")
    before = _count("20")
    relation = ExchangeRelation.objects.create(ward_id="131016", municipality=village, kind=ExchangeRelation.Kind.EXCHANGE)
    assert _count("20") == before + 1
    relation.delete()
    assert _count("20") == before


@pytest.mark.django_db
def test_area_membership_changes_clear_the_cached_map():
    village = _unlinked("20")
    before = _count("20")
    area = Area.objects.create(name="テスト長野地域", prefecture_id="20")
    area.municipalities.add(village)
    assert _count("20") == before + 1
    area.municipalities.clear()
    assert _count("20") == before
