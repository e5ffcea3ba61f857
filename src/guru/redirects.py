"""Where a form may send the user on to: a path on this site, or nowhere."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def posted_next(request: HttpRequest) -> str | None:
    """The posted ``next`` if it is a path on this site, else None.

    Never another site (no open redirect), and never a bare word:
    ``redirect()`` takes a string without a slash for a URL pattern's name
    and fails when there is none.
    """
    target = request.POST.get("next", "")
    if not target.startswith("/"):
        return None
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else None
