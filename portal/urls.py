"""The site's own pages: home, about, history, news, search, accessibility, privacy, health check."""

from django.urls import path

from portal import views, views_opendata, views_seo, views_site
from portal.feeds import NewsRssFeed

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views_seo.robots_txt, name="robots"),
    path("sitemap.xml", views_seo.sitemap, name="sitemap"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("about/history/", views.HistoryView.as_view(), name="history"),
    path("about/outcomes/", views.OutcomesView.as_view(), name="outcomes"),
    path("news/", views.NewsView.as_view(), name="news"),
    path("news/feed.xml", NewsRssFeed(), name="news-rss"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("accessibility/results/", views_site.AccessibilityResultsView.as_view(), name="accessibility-results"),
    path("contact/", views_site.ContactView.as_view(), name="contact"),
    path("contact/done/", views_site.ContactDoneView.as_view(), name="contact-done"),
    path("faq/", views_site.FaqView.as_view(), name="faq"),
    path("privacy/", views_site.PrivacyView.as_view(), name="privacy"),
    path("opendata/", views_opendata.OpenDataIndexView.as_view(), name="opendata"),
    path("opendata/events.json", views_opendata.events_json, name="opendata-events-json"),
    path("opendata/<slug:slug>.csv", views_opendata.dataset_csv, name="opendata-csv"),
]
