"""StreamField blocks of a guidance page: sections with stable anchors."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

SECTION_FEATURES = [
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "link",
    "document-link",
    "blockquote",
    "hr",
]

ANCHOR_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
anchor_validator = RegexValidator(
    ANCHOR_PATTERN,
    _("Ankaret får bara innehålla små bokstäver a–z, siffror och bindestreck."),
)


class SectionBlock(blocks.StructBlock):
    """A section of a guidance page; its anchor is what Doris and links point to."""

    heading = blocks.CharBlock(label=_("Rubrik"), max_length=200)
    anchor = blocks.CharBlock(
        label=_("Ankare"),
        required=False,
        max_length=80,
        help_text=_(
            "Adressen till avsnittet (#ankare). Lämna tomt så skapas den av "
            "rubriken. Ändra inte ett befintligt ankare: länkar pekar på det."
        ),
    )
    body = blocks.RichTextBlock(label=_("Text"), features=SECTION_FEATURES)

    class Meta:
        icon = "doc-full"
        label = _("Avsnitt")
        template = "handbook/blocks/section.html"
        form_classname = "guru-section-block"

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        anchor = value.get("anchor")
        if anchor:
            try:
                anchor_validator(anchor)
            except ValidationError as error:
                raise StructBlockValidationError(
                    block_errors={"anchor": error}
                ) from error
        return value
