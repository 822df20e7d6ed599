from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate


def sync_site(*, apps, using, **kwargs) -> None:
    """Keep the Sites framework's site equal to PORTAL_SITE_URL / PORTAL_NAME (allauth's mails and the
    admin's "view on site" use it): run after every `migrate`, so a changed setting takes effect on
    the next deploy."""
    from django.contrib.sites.models import SITE_CACHE

    Site = apps.get_model("sites", "Site")
    domain = urlsplit(settings.PORTAL_SITE_URL).netloc or "localhost"
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.PORTAL_NAME}
    )
    SITE_CACHE.clear()


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "ポータル"

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from core import caching, scheduling

        # The site's own content is on the public pages; accounts are not (they are saved on every
        # login, and the board declares the names it shows itself: board/apps.py).
        accounts = {self.get_model(name) for name in ("User", "HistoricalUser", "Handover", "ContactReconfirmation")}
        caching.CONTENT.bump_on_write(*(model for model in self.get_models() if model not in accounts))
        # The users kept between requests (portal/authentication.py) are obsolete after any save of a
        # user but a login's last_login: deactivation, approval, password, groups.
        caching.ACCOUNTS.bump_on_write(self.get_model("User"), ignore_fields={"last_login"})
        # The daily tasks: each run queues the next (core/scheduling.py).
        task_finished.connect(scheduling.reschedule_after_run, dispatch_uid="core.scheduling.reschedule")

        from portal import opendata

        opendata.connect()
        post_migrate.connect(sync_site, sender=self, dispatch_uid="portal.sync_site")
