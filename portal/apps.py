from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "ポータル"

    def ready(self) -> None:
        from portal import page_cache

        page_cache.connect()
