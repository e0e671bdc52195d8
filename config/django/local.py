"""Local demo settings used by `make run`: debug on, embedded SQLite by default."""
from config.django.base import *  # noqa: F401,F403
from config.env import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
