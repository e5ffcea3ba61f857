"""The handbook's pages: start page → process areas → guidance pages."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    AbstractGroupApprovalTask,
    Orderable,
    Page,
    PageViewRestriction,
)
from wagtail.search import index
from wagtail.snippets.widgets import AdminSnippetChooser

from guru.accounts.models import Unit

from .blocks import SectionBlock
from .permissions import viewable, viewable_pages
from .rich_text_bulk import ExpandedRichText, expand_all

INTRO_FEATURES = ["bold", "italic", "link", "document-link", "ul", "ol"]

# Wagtail's "Marknadsför" tab is for search engines and menus, which an intranet
# handbook has no use for; its one useful field, the address, goes with the settings.
ADDRESS_PANEL = FieldPanel(
    "slug",
    heading=_("Adress"),
    help_text=_(
        "Sidans del av webbadressen: små bokstäver, siffror och bindestreck (å, ä "
        "och ö blir a och o). Ändrar du den skapas en omdirigering från den gamla "
        "adressen."
    ),
)


class HandbookPageForm(WagtailAdminPageForm):
    """Page addresses in plain letters: "små-företag" is saved as "sma-foretag"."""

    def clean_slug(self) -> str:
        return slugify(self.cleaned_data["slug"])


def page_ancestors(page: Page) -> list[Page]:
    """``page.get_ancestors()``, root first, read once per page object.

    Serving a page asks for them several times: the view restrictions (Guru's
    hook and Wagtail's), the breadcrumbs, "following". Wagtail routes each request
    to page objects of its own, so this lasts one request; a page object that is
    moved (another path) reads them again.
    """
    remembered = page.__dict__.get("_guru_ancestors")
    if remembered is None or remembered[0] != page.path:
        remembered = (page.path, list(page.get_ancestors()))
        page.__dict__["_guru_ancestors"] = remembered
    return remembered[1]


class HandbookPage(Page):
    """What Guru's page types share: the reads of a page view, made once."""

    class Meta:
        abstract = True

    @property
    def ancestor_pages(self) -> list[Page]:
        """The ancestors, root first, for the breadcrumbs (``page_ancestors``)."""
        return page_ancestors(self)

    def get_view_restrictions(self):
        """Wagtail's view restrictions of the page (those on it and on its
        ancestors, an alias answering for its source), read once per page object:
        Guru's ``before_serve_page`` hook and Wagtail's ``check_view_restrictions``
        both ask when the page is served, and Wagtail routes each request to a page
        object of its own. A queryset made from the result (``.order_by()``,
        ``.filter()``) reads them again, as for any queryset.

        The ancestors are those of ``page_ancestors`` (shared with the breadcrumbs
        and "following"); otherwise as ``Page.get_view_restrictions``.
        """
        remembered = self.__dict__.get("_guru_view_restrictions")
        if remembered is None or remembered[0] != self.path:
            page_ids: set[int] = set()

            def add_page(page: Page) -> None:
                if page.alias_of:  # an alias has its source's restrictions
                    add_page(page.alias_of)
                else:
                    page_ids.add(page.id)

            for page in [self, *page_ancestors(self)]:
                add_page(page)
            restrictions = PageViewRestriction.objects.filter(page_id__in=page_ids)
            remembered = (self.path, restrictions)
            self.__dict__["_guru_view_restrictions"] = remembered
        return remembered[1]

    def route_to_child(self, request, path_components, children):
        """Wagtail's ``Page.route`` to a child of this page, the child read from
        ``children`` (a queryset of the one page type this page takes, with the
        related objects the child's view shows): one query where Wagtail makes two
        (the page, then its specific form) and one more per related object. A
        child that is not in ``children`` is left to Wagtail's routing, as is a
        path that ends here."""
        if not path_components or self.is_leaf():
            return super().route(request, path_components)
        try:
            child = children.child_of(self).get(slug=path_components[0])
        except children.model.DoesNotExist:
            return super().route(request, path_components)
        child._cached_parent_obj = self  # as Wagtail's route: get_parent() is free
        return child.route(request, path_components[1:])


class StartPage(HandbookPage):
    """Guru's start page: search, process areas and recently updated guidance."""

    intro = RichTextField(_("introduktion"), blank=True, features=INTRO_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    promote_panels = []
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["handbook.ProcessAreaPage"]
    max_count = 1

    class Meta:
        verbose_name = _("startsida")

    def route(self, request, path_components):
        return self.route_to_child(
            request, path_components, ProcessAreaPage.objects.all()
        )

    def get_context(self, request, *args, **kwargs):
        from .selectors import process_areas_with_counts, recently_updated_pages

        context = super().get_context(request, *args, **kwargs)
        reader = {"user": request.user, "session": request.session}
        context["process_areas"] = process_areas_with_counts(start_page=self, **reader)
        context["recent_pages"] = recently_updated_pages(limit=8, **reader)
        return context


class ProcessAreaPage(HandbookPage):
    """A process area (e.g. "Beslut"), grouping the guidance pages of one step."""

    intro = RichTextField(_("introduktion"), blank=True, features=INTRO_FEATURES)
    sort_order = models.PositiveSmallIntegerField(_("ordning"), default=100)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    base_form_class = HandbookPageForm
    promote_panels = []  # an intranet page has no search-engine or menu settings
    settings_panels = [ADDRESS_PANEL, FieldPanel("sort_order"), *Page.settings_panels]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["handbook.StartPage"]
    subpage_types = ["handbook.GuidancePage"]

    class Meta:
        verbose_name = _("processområde")
        verbose_name_plural = _("processområden")

    def route(self, request, path_components):
        """A guidance page is read with the owner unit and person its header shows."""
        return self.route_to_child(
            request,
            path_components,
            GuidancePage.objects.select_related("owner_unit", "owner_person"),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guidance_pages"] = viewable_pages(
            GuidancePage.objects.child_of(self)
            .live()
            .select_related("owner_unit")
            .order_by("title"),
            request.user,
            request.session,
        )
        return context


class ChangeKind(models.TextChoices):
    EDITORIAL = "redaktionell", _("Redaktionell – bara formuleringar")
    SUBSTANTIVE = "saklig", _("Saklig – ändrar hur ärenden handläggs")


class GuidancePageForm(HandbookPageForm):
    """The edit form asks for this change's note afresh after each publication."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "owner_person" in self.fields:
            self.fields["owner_person"].empty_label = _("Ingen sidansvarig")
        page = self.instance
        if page.pk and not page.has_unpublished_changes and not self.is_bound:
            self.initial["change_kind"] = ChangeKind.EDITORIAL
            self.initial["change_note"] = ""
        if not page.pk and not self.is_bound:
            self._new_page_defaults()

    def _new_page_defaults(self) -> None:
        """A new page: reviewed today, due in a year, owned by whoever writes it."""
        today = timezone.localdate()
        defaults = {"last_reviewed_on": today, "review_due_on": _a_year_after(today)}
        user = self.for_user
        if user is not None and user.is_authenticated:
            defaults.update(owner_person=user.pk, owner_unit=user.unit_id)
        for name, value in defaults.items():
            if self.initial.get(name) is None:  # the empty page's own value is None
                self.initial[name] = value


def _a_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


class GuidancePage(RoutablePageMixin, HandbookPage):
    """A guidance page: how a kind of case is handled, in sections with anchors."""

    base_form_class = GuidancePageForm

    summary = models.TextField(
        _("sammanfattning"),
        max_length=400,
        help_text=_("En eller två meningar som visas i listor och sökträffar."),
    )
    intro = RichTextField(_("ingress"), blank=True, features=INTRO_FEATURES)
    body = StreamField(
        [("section", SectionBlock())],
        verbose_name=_("avsnitt"),
        blank=True,
    )
    owner_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("ägande enhet"),
        on_delete=models.PROTECT,
        related_name="guidance_pages",
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sidansvarig"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_guidance_pages",
    )
    last_reviewed_on = models.DateField(_("senast granskad"))
    review_due_on = models.DateField(_("granskas senast"))
    # Describe the change being made; copied into the page's version history when
    # the change is published (guru.changes) and shown to the reviewer.
    change_kind = models.CharField(
        _("typ av ändring"),
        max_length=20,
        choices=ChangeKind.choices,
        default=ChangeKind.EDITORIAL,
    )
    change_note = models.CharField(
        _("ändringsnotering"),
        max_length=300,
        blank=True,
        help_text=_(
            "Vad ändras och varför, i en mening som läsarna ser i ändringshistoriken. "
            "Krävs för sakliga ändringar."
        ),
    )

    content_panels = [
        MultiFieldPanel(
            [
                FieldPanel("change_kind", widget=forms.RadioSelect),
                FieldPanel("change_note"),
            ],
            heading=_("Den här ändringen"),
        ),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Bilagor")),
        InlinePanel("related_links", label=_("Relaterade sidor")),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        # no "Redigera enhet" link: units are the administrators'
                        FieldPanel(
                            "owner_unit",
                            widget=AdminSnippetChooser(Unit, show_edit_link=False),
                        ),
                        FieldPanel("owner_person"),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("last_reviewed_on"), FieldPanel("review_due_on")]
                ),
            ],
            heading=_("Ansvar och granskning"),
        ),
        ADDRESS_PANEL,
        *Page.settings_panels,
    ]
    promote_panels = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("owner_unit"),
        index.FilterField("review_due_on"),
    ]
    parent_page_types = ["handbook.ProcessAreaPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("vägledningssida")
        verbose_name_plural = _("vägledningssidor")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_due_on__gt=models.F("last_reviewed_on")),
                name="guidance_review_due_after_last_review",
            )
        ]

    def clean(self) -> None:
        super().clean()
        if (
            self.last_reviewed_on
            and self.review_due_on
            and self.review_due_on <= self.last_reviewed_on
        ):
            raise ValidationError(
                {"review_due_on": _("Måste vara senare än senast granskad.")}
            )
        if self.change_kind == ChangeKind.SUBSTANTIVE and not self.change_note.strip():
            raise ValidationError(
                {
                    "change_note": _(
                        "En saklig ändring kan inte publiceras utan en ändringsnotering."
                    )
                }
            )
        self.fill_section_anchors()

    def fill_section_anchors(self) -> None:
        """Give sections without an anchor one made from the heading, unique per page.

        Existing anchors are never changed: links from Doris, case files and other
        pages point at them.
        """
        taken: set[str] = set()
        duplicates: list[str] = []
        for block in self.body:
            anchor = block.value.get("anchor")
            if anchor:
                if anchor in taken:
                    duplicates.append(anchor)
                taken.add(anchor)
        if duplicates:
            raise ValidationError(
                {
                    "body": _("Ankaret %(anchor)s används av flera avsnitt.")
                    % {"anchor": ", ".join(sorted(set(duplicates)))}
                }
            )
        for block in self.body:
            if not block.value.get("anchor"):
                block.value["anchor"] = unique_anchor(block.value["heading"], taken)
                taken.add(block.value["anchor"])

    def get_context(self, request, *args, **kwargs):
        """The aside lists only pages the reader may view."""
        context = super().get_context(request, *args, **kwargs)
        context["siblings"] = viewable_pages(
            self.get_siblings().live(), request.user, request.session
        )
        related = [
            link.related_page
            for link in self.related_links.select_related("related_page")
            if link.related_page.live
        ]
        context["related_pages"] = viewable(related, request.user, request.session)
        context["intro"] = self.expand_rich_text()
        context["attachments"] = list(self.attachments.select_related("document"))
        return context

    def expand_rich_text(self) -> ExpandedRichText:
        """Expand the links of the intro and of every section together, for
        rendering: one look-up per linked model for the page, where Wagtail makes
        one per rich-text value. The sections' bodies are replaced by their
        expanded values (same source); the intro's is returned."""
        sections = [block for block in self.body if block.block_type == "section"]
        intro, *bodies = expand_all(
            [self.intro, *(block.value["body"] for block in sections)]
        )
        for block, body in zip(sections, bodies, strict=True):
            block.value["body"] = body
        return intro

    @property
    def sections(self) -> list[dict[str, object]]:
        """The sections as plain data: heading, anchor and rich-text body."""
        return [
            {
                "heading": block.value["heading"],
                "anchor": block.value["anchor"],
                "body": block.value["body"],
            }
            for block in self.body
            if block.block_type == "section"
        ]

    @property
    def review_status(self) -> str:
        """ "overdue", "due_soon" or "ok" for the review date, as of today."""
        return review_status(self.review_due_on, timezone.localdate())

    @path("utskrift/", name="print")
    def print_view(self, request):
        return self.render(
            request, template="handbook/guidance_page_print.html", context_overrides={}
        )


def unique_anchor(heading: str, taken: set[str]) -> str:
    """An anchor made from a heading, with -2, -3 … if it is already used."""
    base = slugify(heading)[:70] or "avsnitt"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def review_status(due_on: datetime.date, today: datetime.date) -> str:
    """Classify a review date: overdue, due within the warning window, or ok."""
    if due_on < today:
        return "overdue"
    warning = datetime.timedelta(days=settings.GURU_HANDBOOK_REVIEW_WARNING_DAYS)
    return "due_soon" if due_on <= today + warning else "ok"


class GuidancePageAttachment(Orderable):
    """A document (Wagtail document) attached to a guidance page."""

    page = ParentalKey(GuidancePage, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("dokument"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(
        _("visningsnamn"),
        max_length=200,
        blank=True,
        help_text=_("Lämna tomt för att använda dokumentets titel."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def display_title(self) -> str:
        return self.title or self.document.title


class GuidancePageRelatedLink(Orderable):
    """Another page that a reader of this one often needs."""

    page = ParentalKey(GuidancePage, related_name="related_links")
    related_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("sida"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("related_page", ["handbook.GuidancePage"])]


class FourEyesReviewTask(AbstractGroupApprovalTask):
    """Group approval where nobody approves a change they submitted or wrote."""

    class Meta:
        verbose_name = _("granskning med fyra ögon")
        verbose_name_plural = _("granskningar med fyra ögon")

    @staticmethod
    def _is_own_change(obj, user) -> bool:
        state = getattr(obj, "current_workflow_state", None)
        if state is not None and state.requested_by_id == user.pk:
            return True
        latest = (
            obj.get_latest_revision() if hasattr(obj, "get_latest_revision") else None
        )
        return latest is not None and latest.user_id == user.pk

    def get_actions(self, obj, user):
        if self._is_own_change(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user).exclude(
            revision__user=user
        )

    @classmethod
    def get_description(cls):
        return _(
            "Medlemmar i de valda grupperna godkänner, men aldrig en ändring "
            "som de själva har skickat in eller skrivit."
        )
