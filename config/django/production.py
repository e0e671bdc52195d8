"""Production settings: every secret comes from the environment; HTTPS only."""
from config.django.base import *  # noqa: F401,F403
from config.env import env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
EDUBUREAU_HASH_KEY = env.str("EDUBUREAU_HASH_KEY")
EDUBUREAU_FIELD_KEY = env.str("EDUBUREAU_FIELD_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Persistent database connections: a page of the dashboard costs a dozen short queries, so opening a
# PostgreSQL connection per request would cost as much as the page. Connections live this many seconds
# (0 closes them after each request); health checks drop one the server has closed meanwhile.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
