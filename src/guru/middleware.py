"""Project-wide middleware."""

from django.utils.cache import add_never_cache_headers


class NoBrowserCacheMiddleware:
    """A response that says nothing of caching is not kept by the browser.

    Guru's pages change under the reader (a follow, a comment or a vote is
    swapped in by htmx) and show what only the logged-in user may see. Without
    a Cache-Control header the back button brought back the page as first
    loaded, before those changes, and a shared computer kept it on disk.
    Responses that set their own Cache-Control (static files, a stream) keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
