"""URL root. The public paths are a stable contract (SPEC.md); tests outside the code use them."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import views_auth, views_files

admin.site.site_header = "特別区全国連携プロジェクト 管理画面"
admin.site.site_title = "特別区全国連携ポータル 管理"
admin.site.index_title = "事務局メニュー"

# Rendered without the database: a database outage answers 503 and hands back what was typed.
handler500 = "portal.views_errors.server_error"
handler400 = "portal.views_errors.bad_request"

urlpatterns = [
    path("", include("portal.urls")),
    path("", include("portal.network.urls")),
    path("agreements/", include("agreements.urls")),
    path("events/", include("events.urls")),
    path("disaster-support/", include("disaster_support.urls")),
    path("board/", include("board.urls")),
    path("members/", include("portal.urls_members")),
    # The admin's own login form would bypass two-factor authentication: use allauth's login.
    path("admin/login/", views_auth.admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    # allauth's sign-up, with the explanation and suggestions the page shows first.
    path("accounts/signup/", views_auth.SignupView.as_view(), name="account_signup"),
    path("accounts/", include("allauth.urls")),
]

# Public uploads (local storage; S3 storage hands out signed URLs of its own). Never board attachments.
urlpatterns.append(path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views_files.public_media, name="public-media"))

if settings.PORTAL_BENCH:
    from portal.views_bench import baseline

    urlpatterns.append(path("bench/baseline/", baseline, name="bench-baseline"))
