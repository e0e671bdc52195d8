"""Test settings: fast hasher, local-memory cache, throttling off unless a test turns it on."""
import tempfile

from config.django.base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
AXES_ENABLED = False
ALLOWED_HOSTS = ["*"]

MEDIA_ROOT = tempfile.mkdtemp(prefix="edubureau-test-media-")
