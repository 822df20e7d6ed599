from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "agreements"
    verbose_name = "連携協定"

    def ready(self) -> None:
        from core import caching

        # Every model of this app is shown on the public pages (cached whole for visitors).
        caching.CONTENT.bump_on_write(*self.get_models())
