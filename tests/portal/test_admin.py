"""Every admin page the Secretariat works with loads, and only staff reach the admin."""

import pytest
from bs4 import BeautifulSoup
from django.contrib import admin
from django.urls import reverse

from core.roles import SECRETARIAT_APPS

# Models of our own apps (third-party admin pages such as allauth's are not ours to test).
REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label in SECRETARIAT_APPS
)


def test_every_domain_app_has_its_models_in_the_admin():
    apps = {app for app, _ in REGISTERED}
    assert {"portal", "municipalities", "agreements", "events", "disaster_support"} <= apps


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_secretariat_sees_changelist(secretariat_client, app_label, model_name):
    response = secretariat_client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_secretariat_sees_add_page(secretariat_client, app_label, model_name):
    model_admin = next(ma for m, ma in admin.site._registry.items() if m._meta.model_name == model_name and m._meta.app_label == app_label)
    url = reverse(f"admin:{app_label}_{model_name}_add")
    response = secretariat_client.get(url)
    if not model_admin.has_add_permission(response.wsgi_request):
        assert response.status_code == 403
    else:
        assert response.status_code == 200


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_secretariat_sees_change_page_of_first_row(secretariat_client, app_label, model_name):
    model = next(m for m in admin.site._registry if m._meta.model_name == model_name and m._meta.app_label == app_label)
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        pytest.skip(f"{model_name} has no seed rows")
    response = secretariat_client.get(reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_admin_is_in_japanese(secretariat_client):
    soup = BeautifulSoup(secretariat_client.get("/admin/").content, "html.parser")
    assert soup.html["lang"] == "ja"
    assert "事務局メニュー" in soup.get_text()


def test_visitors_are_sent_to_the_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("client_fixture", ["member_client", "liaison_client", "pending_client"])
@pytest.mark.parametrize("path", ["/admin/", "/admin/login/?next=/admin/", "/admin/portal/user/"])
def test_signed_in_non_staff_get_a_japanese_403_page_not_a_redirect_loop(request, client_fixture, path):
    client = request.getfixturevalue(client_fixture)
    response = client.get(path)
    assert response.status_code == 403
    page = BeautifulSoup(response.content, "html.parser")
    assert page.h1.get_text() == "管理画面は事務局専用です"
    assert page.find("a", href="/members/") is not None


def test_secretariat_group_holds_every_permission_of_the_domain_apps(secretariat):
    from django.contrib.auth.models import Permission

    expected = Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS).count()
    assert expected > 0
    assert all(secretariat.has_perm(f"{p.content_type.app_label}.{p.codename}") for p in Permission.objects.filter(content_type__app_label__in=SECRETARIAT_APPS))


def test_approvals_are_recorded_in_the_read_only_audit_trail(secretariat_client):
    from django.contrib.admin.models import LogEntry

    from tests.factories import PendingFactory

    applicant = PendingFactory()
    response = secretariat_client.post(
        "/admin/portal/user/", {"action": "approve", "_selected_action": [applicant.pk]}, follow=True
    )
    assert response.status_code == 200

    entry = LogEntry.objects.get(object_id=str(applicant.pk))
    assert entry.get_change_message() == "会員登録を承認"
    trail = secretariat_client.get("/admin/admin/logentry/")
    assert trail.status_code == 200
    assert "会員登録を承認" in trail.content.decode()
    assert secretariat_client.get(f"/admin/admin/logentry/{entry.pk}/delete/").status_code == 403
