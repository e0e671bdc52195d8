"""Sent when an import has written to the registries (not for dry runs or failed imports), so
that apps holding derived data (indicators) can recompute without imports depending on them."""
from django.dispatch import Signal

import_done = Signal()  # kwargs: job (ImportJob)
