from django.apps import AppConfig


class DisasterSupportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "disaster_support"
    verbose_name = "被災自治体への支援"
