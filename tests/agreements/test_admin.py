"""The Secretariat's admin pages for federations, agreements and corporate partners."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from agreements.models import Federation, FederationAgreement

pytestmark = pytest.mark.django_db


def test_federation_changelist_shows_member_counts_without_a_query_per_row(
    secretariat_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        response = secretariat_client.get(reverse("admin:agreements_federation_changelist"))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    rows = {
        row.select_one("th").get_text(strip=True): row.select_one("td.field-member_count").get_text(strip=True)
        for row in soup.select("#result_list tbody tr")
    }
    assert rows["北海道町村会"] == "144"
    assert rows["群馬県市長会"] == "12"
    assert len(rows) == 13


def test_federation_change_page_lists_members_and_agreements(secretariat_client):
    kyoto = Federation.objects.get(name="京都府町村会")
    response = secretariat_client.get(reverse("admin:agreements_federation_change", args=[kyoto.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_memberships-TOTAL_FORMS")["value"] == "11"
    assert "連携協力に関する協定" in soup.get_text()


def test_agreement_change_page_edits_federations_side_by_side(secretariat_client):
    agreement = FederationAgreement.objects.get(federations__name="京都府市長会")
    response = secretariat_client.get(reverse("admin:agreements_federationagreement_change", args=[agreement.pk]))
    assert response.status_code == 200
    select = BeautifulSoup(response.content, "html.parser").select_one("select#id_federations")
    assert "selectfilter" in select["class"]
    assert {o.get_text() for o in select.select("option[selected]")} == {"京都府市長会", "京都府町村会"}


def test_corporate_partner_changelist_shows_initiatives(secretariat_client):
    response = secretariat_client.get(reverse("admin:agreements_corporatepartner_changelist"))
    assert response.status_code == 200
    assert "経営サポートセンターの活用" in response.content.decode()
