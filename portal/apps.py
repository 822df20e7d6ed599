from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "ポータル"

    def ready(self) -> None:
        from core import caching

        # The site's own content is on the public pages; accounts are not (they are saved on every
        # login, and the board declares the names it shows itself: board/apps.py).
        accounts = {self.get_model("User"), self.get_model("HistoricalUser")}
        caching.CONTENT.bump_on_write(*(model for model in self.get_models() if model not in accounts))
