"""The site's own pages: home, about, history, news, search, accessibility, health check."""

from django.urls import path

from portal import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("about/history/", views.HistoryView.as_view(), name="history"),
    path("about/outcomes/", views.OutcomesView.as_view(), name="outcomes"),
    path("news/", views.NewsView.as_view(), name="news"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
]
