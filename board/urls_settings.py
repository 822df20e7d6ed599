"""Notification settings of the board (per-category mode, watched and muted threads)."""

app_name = "board_settings"
urlpatterns: list = []
