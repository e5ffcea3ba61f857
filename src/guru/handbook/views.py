"""Reader-facing views of the handbook that are not Wagtail pages: search."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .forms import HandbookSearchForm
from .selectors import handbook_search, start_page_get

RESULTS_PER_PAGE = 20


def search(request: HttpRequest) -> HttpResponse:
    """Search the guidance pages; the query and the chosen area stay in the form."""
    start_page = start_page_get()
    form = HandbookSearchForm(request.GET or None, start_page=start_page)
    results = None
    if form.is_valid():
        hits = handbook_search(
            query=form.cleaned_data["q"], area=form.cleaned_data.get("omrade")
        )
        results = Paginator(hits, RESULTS_PER_PAGE).get_page(request.GET.get("sida"))
    template = (
        "handbook/search_results.html" if request.htmx else "handbook/search.html"
    )
    return render(
        request,
        template,
        {"form": form, "results": results, "query": form.data.get("q", "")},
    )
