"""Writes of the plans app: import, review and publish, breakdown, progress, supervision."""
