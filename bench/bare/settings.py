"""The bench's yardstick: the least a Django process can do per request (bench/run.sh serves it
beside the portal). No apps, no middleware, no database, no templates: one view returning "ok"."""

SECRET_KEY = "bench-bare-not-secret"  # noqa: S105 (a benchmark on loopback, nothing to protect)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
TEMPLATES: list = []
USE_TZ = True
USE_I18N = False
