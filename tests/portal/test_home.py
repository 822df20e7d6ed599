from bs4 import BeautifulSoup


def test_home_is_japanese_and_names_the_project(client, db):
    response = client.get("/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "ja"
    assert "特別区全国連携プロジェクト" in soup.h1.get_text()
    assert soup.select_one("a.skip-link")["href"] == "#main"


def test_home_federation_figures_are_computed_from_the_data(client, db):
    from agreements.models import Federation, FederationMembership

    soup = BeautifulSoup(client.get("/").content, "html.parser")
    figures = {dt.get_text(strip=True): dd.get_text(strip=True) for dt, dd in zip(soup.select(".figure dt"), soup.select(".figure dd"), strict=False)}
    federations = Federation.objects.count()
    members = FederationMembership.objects.values("municipality").distinct().count()
    assert figures["特別区長会との広域連携協定締結団体"].startswith(str(federations))
    assert any(value.startswith(f"{members:,}") for key, value in figures.items() if key.startswith("協定締結団体の加入自治体数"))
