from django.apps import AppConfig


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "イベント・展示"

    def ready(self) -> None:
        from core import caching

        # Every model of this app is shown on the public pages (cached whole for visitors).
        caching.CONTENT.bump_on_write(*self.get_models())
