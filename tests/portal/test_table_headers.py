"""Tables with more than one level of headers (row groups, sub-totals, a total spanning columns) name
each data cell's headers with `headers`/`id`, so that a screen reader reads 「延べ派遣数・短期派遣・(1) …」
and pa11y (HTML_CodeSniffer H43) accepts them; every data cell of a stacked table has its phone label."""

import pytest
from bs4 import BeautifulSoup

from disaster_support.models import Disaster

pytestmark = pytest.mark.django_db


def grid(table) -> dict:
    """Each cell of the table → the columns it covers (rowspan and colspan laid out as a browser does)."""
    taken: set[tuple[int, int]] = set()
    columns = {}
    for r, tr in enumerate(table.find_all("tr")):
        c = 0
        for cell in tr.find_all(["th", "td"], recursive=False):
            while (r, c) in taken:
                c += 1
            rowspan, colspan = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            columns[id(cell)] = set(range(c, c + colspan))
            c += colspan
    return columns


def assert_headers_name_the_column_and_the_row(table) -> None:
    columns = grid(table)
    ids = {th["id"]: th for th in table.find_all("th") if th.get("id")}
    assert len(ids) == len(table.find_all("th")), "every header cell has an id"
    column_headers = {th["id"] for th in table.thead.find_all("th")}
    for td in table.find_all("td"):
        names = list(td.get("headers", []))
        assert names, f"no headers on {td}"
        assert set(names) <= ids.keys(), f"{names} names a cell outside the table's headers"
        (column,) = [n for n in names if n in column_headers]
        assert columns[id(ids[column])] & columns[id(td)], f"{td} is not under {column}"
        row_headers = [n for n in names if n not in column_headers]
        assert row_headers, f"{td} names no row header"
        tr = td.find_parent("tr")
        row_ths = tr.find_all("th") + tr.find_parent(["tbody", "tfoot"]).find_all("th", scope="rowgroup")
        assert set(row_headers) <= {th["id"] for th in row_ths}, f"{td} names a header outside its row"


def page(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_disaster_aid_tables_name_every_cells_headers(client):
    noto = page(client, Disaster.objects.get(name="令和6年能登半島地震").get_absolute_url())
    tohoku = page(client, Disaster.objects.get(name="東日本大震災").get_absolute_url())
    tables = [
        noto.select_one("table.funds-table"), noto.select_one("table.dispatch-table"),
        tohoku.select_one("table.funds-table"), tohoku.select_one("table.supply-table"),
    ]
    assert all(tables)
    for table in tables:
        assert_headers_name_the_column_and_the_row(table)
    # A dispatch count is read with its column, its term and its task.
    first = noto.select_one("table.dispatch-table tbody tr")
    names = list(first.find("td", class_="num")["headers"])
    texts = [noto.find(id=n).get_text() for n in names]
    assert texts == ["延べ派遣数", "短期派遣", first.find("th", scope="row").get_text()]


def test_prefecture_table_names_every_cells_headers(client):
    table = page(client, "/municipalities/").select_one(".pref-map__table table")
    assert_headers_name_the_column_and_the_row(table)


@pytest.mark.parametrize("selector", [
    "table.funds-table", "table.dispatch-table", "table.supply-table", "table.shelter-table",
])
def test_stacked_aid_tables_label_every_data_cell_for_phones(client, selector):
    soup = page(client, Disaster.objects.get(name="東日本大震災").get_absolute_url())
    table = soup.select_one(selector) or page(
        client, Disaster.objects.get(name="令和6年能登半島地震").get_absolute_url()
    ).select_one(selector)
    assert "stack" in table["class"]
    headings = {th.get_text() for th in table.thead.find_all("th")}
    labels = [td.get("data-label") for td in table.find_all("td")]
    assert labels and all(labels)
    assert set(labels) <= headings
