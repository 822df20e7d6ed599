"""The federations, their members, agreements and corporate partners as the seed loads them."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from agreements import seed
from agreements.models import CorporatePartner, Federation, FederationAgreement, FederationMembership
from municipalities.models import Municipality

pytestmark = pytest.mark.django_db

EXPECTED_MEMBERS = {
    "北海道町村会": 144,
    "京都府市長会": 15,
    "京都府町村会": 11,
    "青森県市長会": 10,
    "青森県町村会": 30,
    "千葉県町村会": 17,
    "広島県町村会": 9,
    "奈良県町村会": 27,
    "群馬県市長会": 12,
    "群馬県町村会": 23,
    "埼玉県町村会": 23,
    "千葉県市長会": 37,
    "山梨県町村会": 14,
}


def test_thirteen_federations_in_nine_prefectures():
    assert Federation.objects.count() == 13
    assert Federation.objects.values("prefecture").distinct().count() == 9


def test_federations_follow_the_seed_tables_order():
    assert list(Federation.objects.values_list("name", flat=True)) == list(EXPECTED_MEMBERS)


def test_federation_members_sum_to_372_distinct_municipalities():
    assert FederationMembership.objects.count() == 372
    assert FederationMembership.objects.values("municipality").distinct().count() == 372


def test_each_federation_has_the_printed_number_of_members():
    counts = dict(Federation.objects.annotate(n=Count("memberships")).values_list("name", "n"))
    assert counts == EXPECTED_MEMBERS


def test_members_are_the_prefectures_cities_or_its_towns_and_villages():
    mayors = FederationMembership.objects.filter(federation__kind=Federation.Kind.MAYORS)
    towns = FederationMembership.objects.filter(federation__kind=Federation.Kind.TOWNS)
    assert set(mayors.values_list("municipality__kind", flat=True)) == {Municipality.Kind.CITY}
    assert set(towns.values_list("municipality__kind", flat=True)) == {Municipality.Kind.TOWN, Municipality.Kind.VILLAGE}
    assert not FederationMembership.objects.exclude(municipality__prefecture=F("federation__prefecture")).exists()


def test_kyoto_federations_carry_their_official_names():
    names = set(Federation.objects.filter(prefecture__name="京都府").values_list("name", flat=True))
    assert names == {"京都府市長会", "京都府町村会"}
    assert not Federation.objects.filter(name__startswith="京都市").exists()
    assert "京都市市長会" in Federation.objects.get(name="京都府市長会").note


def test_gunma_counts_follow_the_master_list_not_the_swapped_table():
    mayors = Federation.objects.get(name="群馬県市長会")
    towns = Federation.objects.get(name="群馬県町村会")
    assert mayors.members.count() == 12
    assert towns.members.count() == 23
    assert mayors.members.filter(name="前橋市").exists()
    assert towns.members.filter(name="草津町").exists()
    assert "入れ替わ" in mayors.note


def test_hokkaido_town_association_includes_shiranuka_but_not_sapporo():
    hokkaido = Federation.objects.get(name="北海道町村会")
    assert hokkaido.members.filter(name="白糠町").exists()
    assert not hokkaido.members.filter(name="札幌市").exists()


@pytest.mark.parametrize(
    ("federation", "signed_on"),
    [
        ("北海道町村会", dt.date(2016, 4, 26)),
        ("京都府市長会", dt.date(2016, 4, 26)),
        ("京都府町村会", dt.date(2016, 4, 26)),
        ("青森県市長会", dt.date(2016, 6, 25)),
        ("青森県町村会", dt.date(2016, 6, 25)),
        ("千葉県町村会", dt.date(2017, 1, 19)),
        ("広島県町村会", dt.date(2017, 1, 27)),
        ("奈良県町村会", dt.date(2018, 2, 21)),
        ("群馬県市長会", dt.date(2018, 4, 16)),
        ("群馬県町村会", dt.date(2018, 4, 16)),
        ("埼玉県町村会", dt.date(2018, 5, 1)),
        ("千葉県市長会", dt.date(2019, 10, 26)),
        ("山梨県町村会", dt.date(2019, 10, 26)),
    ],
)
def test_each_federation_signed_its_agreement_on_the_timeline_date(federation, signed_on):
    dates = list(FederationAgreement.objects.filter(federations__name=federation).values_list("signed_on", flat=True))
    assert dates == [signed_on]


def test_ten_agreements_on_eight_signing_days():
    assert FederationAgreement.objects.count() == 10
    assert FederationAgreement.objects.values("signed_on").distinct().count() == 8


def test_one_kyoto_agreement_covers_both_kyoto_federations():
    agreement = FederationAgreement.objects.get(federations__name="京都府市長会")
    assert set(agreement.federations.values_list("name", flat=True)) == {"京都府市長会", "京都府町村会"}
    assert agreement.title == "特別区長会と京都府市長会・京都府町村会との連携協力に関する協定"


def test_hokkaido_signed_a_separate_agreement_at_the_same_ceremony_as_kyoto():
    same_day = FederationAgreement.objects.filter(signed_on=dt.date(2016, 4, 26))
    assert same_day.count() == 2
    assert len(set(same_day.values_list("ceremony", flat=True))) == 1


def test_chiba_mayors_and_yamanashi_towns_signed_two_agreements_at_one_ceremony():
    same_day = FederationAgreement.objects.filter(signed_on=dt.date(2019, 10, 26)).annotate(n=Count("federations"))
    assert sorted(a.n for a in same_day) == [1, 1]


def test_aomori_and_gunma_each_signed_one_agreement_with_both_associations():
    for prefecture in ("青森県", "群馬県"):
        agreements = FederationAgreement.objects.filter(federations__prefecture__name=prefecture).distinct()
        assert agreements.count() == 1
        assert agreements.get().federations.count() == 2


def test_four_corporate_partners_with_their_signing_dates():
    partners = dict(CorporatePartner.objects.values_list("name", "signed_on"))
    assert partners == {
        "第一生命保険株式会社": dt.date(2018, 8, 23),
        "損害保険ジャパン株式会社": dt.date(2019, 5, 31),
        "三井住友海上火災保険株式会社": dt.date(2019, 9, 11),
        "明治安田生命保険相互会社": dt.date(2022, 3, 29),
    }


def test_sompo_japan_keeps_its_former_name_and_two_initiatives():
    sompo = CorporatePartner.objects.get(name="損害保険ジャパン株式会社")
    assert sompo.former_name == "損害保険ジャパン日本興亜株式会社"
    assert sompo.initiative_lines == ["ドローンを活用した防災対策推進への取組み", "美術館を活用した芸術教育の連携"]
    assert not CorporatePartner.objects.filter(name="損保ジャパン株式会社").exists()


def test_every_partner_lists_two_initiatives():
    assert all(len(p.initiative_lines) == 2 for p in CorporatePartner.objects.all())


def test_loading_the_seed_again_changes_nothing():
    def snapshot():
        return (
            list(Federation.objects.values_list("name", "kind", "prefecture__name", "sort_order", "note")),
            sorted(FederationMembership.objects.values_list("federation__name", "municipality_id")),
            sorted(FederationAgreement.objects.values_list("pk", "title", "signed_on", "ceremony", "note")),
            sorted(FederationAgreement.federations.through.objects.values_list("federationagreement_id", "federation_id")),
            list(CorporatePartner.objects.values_list("name", "former_name", "signed_on", "initiatives", "note")),
        )

    before = snapshot()
    call_command("load_seed", verbosity=0, stdout=open("/dev/null", "w"))
    assert snapshot() == before


def test_loader_refuses_a_count_the_master_list_does_not_confirm(monkeypatch):
    data = seed.read_yaml("agreements.yaml")
    data["federations"][8]["expected_members"] = 23  # 004's swapped figure for 群馬県市長会
    monkeypatch.setattr(seed, "read_yaml", lambda name: data)
    with pytest.raises(seed.SeedError, match="群馬県市長会"):
        seed.load(seed.SeedReport())
