"""Editors' report of every published change in a period, for the records."""

import django_filters
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies.pages import PagePermissionPolicy

from guru.handbook.models import ChangeKind
from guru.handbook.permissions import PAGE_REPORT_PERMISSIONS
from guru.pdf import pdf_response

from .models import PageVersion
from .permissions import viewable_versions_queryset


class ChangeReportFilterSet(WagtailFilterSet):
    published_at = django_filters.DateFromToRangeFilter(
        label=_("Publicerad"), widget=DateRangePickerWidget
    )
    kind = django_filters.ChoiceFilter(
        label=_("Typ av ändring"), choices=ChangeKind.choices, empty_label=_("Alla")
    )

    class Meta:
        model = PageVersion
        fields = ["published_at", "kind"]


class ChangeReportView(ReportView):
    page_title = _("Ändringar i handläggarstödet")
    header_icon = "history"
    results_template_name = "changes/admin/change_report_results.html"
    filterset_class = ChangeReportFilterSet
    index_url_name = "changes_report"
    index_results_url_name = "changes_report_results"
    # Whoever may edit or publish handbook pages may open the change record, and
    # reads in it the versions they may read elsewhere (``get_queryset``).
    permission_policy = PagePermissionPolicy()
    any_permission_required = PAGE_REPORT_PERMISSIONS
    model = PageVersion
    list_export = [
        "published_at",
        "area_title",
        "title",
        "number",
        "kind_label",
        "note",
        "author",
        "changed_sections",
    ]
    export_headings = {
        "published_at": _("Publicerad"),
        "area_title": _("Processområde"),
        "title": _("Sida"),
        "number": _("Version"),
        "kind_label": _("Typ"),
        "note": _("Ändringsnotering"),
        "author": _("Ändrad av"),
        "changed_sections": _("Ändrade avsnitt"),
    }

    # The change record is also filed and read aloud at unit meetings: PDF too.
    FORMAT_PDF = "pdf"
    FORMATS = (*ReportView.FORMATS, FORMAT_PDF)

    def get_filename(self) -> str:
        return f"andringar-handlaggarstod-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        """The changes the user may read: the list, its count, its pages and every
        export come from here.

        The reader's rule, not the editor's: a page restricted to groups the user
        is not in stays out, though Wagtail lets them edit it. The report is
        exported, filed and read aloud at unit meetings, and Guru's other views
        (history, Doris's log, what she was taught) show editors no more than
        they may read either.
        """
        versions = PageVersion.objects.filter(number__gt=1)
        return (
            viewable_versions_queryset(
                versions, self.request.user, self.request.session
            )
            .select_related("author")
            .order_by("-published_at")
        )

    def decorate_paginated_queryset(self, queryset):
        for version in queryset:
            _decorate(version)
        return queryset

    def to_row_dict(self, item):
        return super().to_row_dict(_decorate(item))

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if spreadsheet_format != self.FORMAT_PDF:
            return super().as_spreadsheet(queryset, spreadsheet_format)
        chosen = self.filters.form.cleaned_data if self.filters else {}
        kind = chosen.get("kind")
        return pdf_response(
            "changes/admin/change_report.pdf.html",
            {
                "versions": [_decorate(version) for version in queryset],
                "period": chosen.get("published_at"),
                "kind": ChangeKind(kind).label if kind else "",
                "printed_at": timezone.localtime(),
            },
            request=self.request,
            filename=self.get_filename(),
        )

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            Button(
                _("Ladda ner PDF"),
                url=self.get_export_url(self.FORMAT_PDF),
                icon_name="download",
                priority=95,
            ),
        ]


def _decorate(version: PageVersion) -> PageVersion:
    version.kind_label = version.get_kind_display()
    headings = {s["anchor"]: s["heading"] for s in version.sections}
    version.changed_sections = ", ".join(
        headings.get(anchor, anchor) for anchor in version.changed_anchors
    )
    return version
