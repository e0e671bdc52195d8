"""The one place settings read the environment (HSE config/env.py)."""
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "data"

env = environ.Env()


def database_config() -> dict:
    """DATABASE_URL when set; otherwise an SQLite file in the git-ignored data folder."""
    if env.str("DATABASE_URL", default=""):
        return env.db_url("DATABASE_URL")
    DATA_DIR.mkdir(exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "edubureau.sqlite3"),
        # The import worker writes while pages read: WAL lets readers go on during a write,
        # IMMEDIATE takes the write lock up front instead of failing halfway through.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
    }
