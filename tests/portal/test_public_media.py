"""Public uploads are downloadable in production; board attachments never through this door."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_pr_pamphlet_is_served_as_a_download_with_nosniff(client):
    name = default_storage.save("pr/sakai.pdf", ContentFile(PDF))

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("folder", ["newsletters", "events/flyers"])
def test_newsletters_and_flyers_are_public_too(client, folder):
    name = default_storage.save(f"{folder}/file.pdf", ContentFile(PDF))
    assert client.get(f"/media/{name}").status_code == 200


def test_board_attachments_are_not_served_from_media_even_when_the_path_is_known(client, member_client):
    name = default_storage.save("board/2026/11/0123456789abcdef.pdf", ContentFile(PDF))

    assert client.get(f"/media/{name}").status_code == 404
    assert member_client.get(f"/media/{name}").status_code == 404


@pytest.mark.parametrize("path", ["/media/pr/../board/x.pdf", "/media/pr/%2e%2e/board/x.pdf", "/media/pr/missing.pdf"])
def test_traversal_and_missing_files_answer_404(client, path):
    default_storage.save("board/x.pdf", ContentFile(PDF))
    assert client.get(path).status_code == 404
