"""URL root. The public paths are a stable contract (SPEC.md); tests outside the code use them."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import views

admin.site.site_header = "特別区全国連携プロジェクト 管理画面"
admin.site.site_title = "特別区全国連携ポータル 管理"
admin.site.index_title = "事務局メニュー"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
