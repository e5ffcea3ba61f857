"""The address a request comes from, for log-in throttling (django-axes)."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or behind ``GURU_TRUSTED_PROXIES`` proxies the client they saw.

    Each trusted proxy appends the address it received the request from to
    X-Forwarded-For, so with n proxies the n-th entry from the right is the client;
    entries further left are whatever the client sent and cannot be trusted.
    """
    proxies = settings.GURU_TRUSTED_PROXIES
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
