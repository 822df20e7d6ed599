from django.apps import AppConfig


class MunicipalitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "municipalities"
    verbose_name = "自治体"

    def ready(self) -> None:
        from municipalities import signals

        signals.connect()
