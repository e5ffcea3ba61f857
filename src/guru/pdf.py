"""PDF documents rendered from Django templates with WeasyPrint.

WeasyPrint needs the Pango library of the operating system (Debian:
``libpango-1.0-0``); it is imported on first use so that the rest of Guru runs
without it.
"""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def pdf_render(
    template_name: str,
    context: dict,
    *,
    request: HttpRequest | None = None,
    base_url: str | None = None,
) -> bytes:
    """Render ``template_name`` as HTML and lay it out as a PDF.

    ``base_url`` resolves relative links in the HTML; without it they are left out.
    """
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(
    template_name: str, context: dict, *, request: HttpRequest, filename: str
) -> HttpResponse:
    response = HttpResponse(
        pdf_render(
            template_name,
            context,
            request=request,
            base_url=request.build_absolute_uri("/"),
        ),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
