from django.urls import include, path

from board import views

app_name = "board"
urlpatterns = [
    path("", views.BoardIndexView.as_view(), name="index"),
    # Notification settings live in their own module (owned by the board-settings work).
    path("subscriptions/", include("board.urls_settings")),
]
