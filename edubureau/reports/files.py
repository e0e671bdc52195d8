"""Shared helpers for files the app hands to users (Excel, Word)."""
from urllib.parse import quote

from django.http import HttpResponse


def file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A download with a Chinese file name that every browser saves correctly (RFC 6266 filename*)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
