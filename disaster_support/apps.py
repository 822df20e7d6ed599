from django.apps import AppConfig


class DisasterSupportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "disaster_support"
    verbose_name = "被災自治体への支援"

    def ready(self) -> None:
        from core import caching

        # Every model of this app is shown on the public pages (cached whole for visitors).
        caching.CONTENT.bump_on_write(*self.get_models())
