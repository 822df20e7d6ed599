from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "ポータル"

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from core import caching, scheduling

        # The site's own content is on the public pages; accounts are not (they are saved on every
        # login, and the board declares the names it shows itself: board/apps.py).
        accounts = {self.get_model("User"), self.get_model("HistoricalUser")}
        caching.CONTENT.bump_on_write(*(model for model in self.get_models() if model not in accounts))
        # The daily tasks: each run queues the next (core/scheduling.py).
        task_finished.connect(scheduling.reschedule_after_run, dispatch_uid="core.scheduling.reschedule")

        from portal import opendata

        opendata.connect()
