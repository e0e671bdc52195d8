"""Settings shared by every environment. Environment-specific files import * from here."""
from datetime import timedelta

from config.env import BASE_DIR, DATA_DIR, database_config, env

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-local-only-key-change-me-in-production")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "edubureau.core",
    "edubureau.orgs",
    "edubureau.accounts",
    "edubureau.plans",
    "edubureau.registry",
    "edubureau.imports",
    "edubureau.indicators",
    "edubureau.dropout",
    "edubureau.reports",
    "edubureau.demo",
    "edubureau.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "edubureau" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "edubureau.accounts.backends.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions end after 8 idle hours or when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Login throttling: 5 failures for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Nothing is loaded from another origin: bureau networks are often intranets.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Uploaded files (progress evidence) live outside the web root and are served only through
# views that check scope; there is deliberately no MEDIA_URL route.
MEDIA_ROOT = env.path("EDUBUREAU_MEDIA_ROOT", default=DATA_DIR / "media")

# The demo city's registry files (make run writes and imports them; users may download and re-upload them).
EDUBUREAU_DEMO_FILES_DIR = env.path("EDUBUREAU_DEMO_FILES_DIR", default=DATA_DIR / "demo")

# Background work (imports) runs in `python manage.py db_worker`, queued in the database itself:
# no broker to run, SQLite or PostgreSQL alike (django-tasks, the backport of Django 6's tasks).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Live progress of background work, shared between the worker and the web processes without
# a service: files under data/ (a Redis or database cache in production works the same way).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "progress": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env.path("EDUBUREAU_PROGRESS_CACHE", default=DATA_DIR / "progress"),
        "TIMEOUT": 24 * 3600,
    },
}

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "edubureau" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Key for blind indexes (keyed hashes) of identity numbers; must be set in production.
EDUBUREAU_HASH_KEY = env.str("EDUBUREAU_HASH_KEY", default="local-only-hash-key")
# Key for encrypting identity numbers at rest (Fernet, key derived with HKDF); must be set in
# production. Changing it makes stored identity numbers unreadable: see edubureau.core.idnumbers
# on rotating it.
EDUBUREAU_FIELD_KEY = env.str("EDUBUREAU_FIELD_KEY", default="local-only-field-key")

# The REST API (/api/, edubureau.api): read-only, scoped exactly like the pages. Integrations send
# "Authorization: Token <key>" (POST /api/token/ or `manage.py drf_create_token`); a signed-in browser
# session works too. JSON only: no browsable API, so nothing is served but data.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",  # first, so a missing token answers 401
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "edubureau.api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# The OpenAPI 3 schema, served at /api/schema/ (JSON; ?format=yaml for YAML) to signed-in users.
# No Swagger/Redoc page: they load their assets from a CDN, and bureau networks are often intranets.
SPECTACULAR_SETTINGS = {
    "TITLE": "EduBureau 教育局工作要点落实与督导平台 API",
    "DESCRIPTION": (
        "只读接口:指标定义与指标值(按指标、单位、周期),学生、教职工、班级名册和组织单位。"
        "每个接口的查看范围与页面完全一致,范围外的对象与不存在的对象一样返回 404。"
        "身份证号和学籍号一律打码,接口不提供完整号码;残疾、心理健康等敏感信息不经接口提供。"
        "认证:请求头 Authorization: Token <令牌>,令牌由 POST /api/token/(用户名和密码)获取。"
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SORT_OPERATIONS": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
