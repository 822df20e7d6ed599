from django.urls import path

from events import views
from events.feeds import EventRssFeed

app_name = "events"
urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("feed.ics", views.EventFeedView.as_view(), name="feed"),
    path("feed.xml", EventRssFeed(), name="rss"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="detail"),
]
