"""gunicorn --chdir bench/bare wsgi:application (bench/run.sh)."""

import os

# Not setdefault: the bench exports the portal's DJANGO_SETTINGS_MODULE for everything else.
os.environ["DJANGO_SETTINGS_MODULE"] = "settings"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
