from django.apps import AppConfig


class BoardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "board"
    verbose_name = "掲示板"

    def ready(self):
        from board import cache

        cache.connect()
