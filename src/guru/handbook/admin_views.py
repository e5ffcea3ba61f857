"""Editors' views in Wagtail's admin: pages whose review date is passed or near."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports import PageReportView

from guru.accounts.models import Unit

from .models import GuidancePage, review_status
from .permissions import PAGE_REPORT_PERMISSIONS, viewable_pages
from .selectors import pages_for_review

STATUS_LABELS = {
    "overdue": _("Försenad"),
    "due_soon": _("Snart"),
    "ok": _("I tid"),
}


class ReviewReportFilterSet(WagtailFilterSet):
    owner_unit = django_filters.ModelChoiceFilter(
        label=_("Ägande enhet"),
        queryset=Unit.objects.filter(guidance_pages__isnull=False).distinct(),
        empty_label=_("Alla enheter"),
    )
    mine = django_filters.BooleanFilter(
        label=_("Bara sidor där jag är sidansvarig"),
        method="filter_mine",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = GuidancePage
        fields = ["owner_unit"]

    def filter_mine(self, queryset, name, value):
        return queryset.filter(owner_person=self.request.user) if value else queryset


class ReviewReportView(PageReportView):
    """Guidance pages overdue for review or due within the warning window."""

    page_title = _("Sidor att granska")
    header_icon = "date"
    results_template_name = "handbook/admin/review_report_results.html"
    filterset_class = ReviewReportFilterSet
    index_url_name = "handbook_review_report"
    index_results_url_name = "handbook_review_report_results"
    any_permission_required = PAGE_REPORT_PERMISSIONS
    list_export = [
        "title",
        "review_status_label",
        "review_due_on",
        "last_reviewed_on",
        "owner_unit",
        "owner_person",
        "url",
    ]
    export_headings = {
        "title": _("Sida"),
        "review_status_label": _("Status"),
        "review_due_on": _("Granskas senast"),
        "last_reviewed_on": _("Senast granskad"),
        "owner_unit": _("Ägande enhet"),
        "owner_person": _("Sidansvarig"),
        "url": _("Adress"),
    }

    def get_filename(self) -> str:
        return f"sidor-att-granska-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        # The pages the user may read, as every list in Guru: being able to edit
        # a restricted page in Wagtail does not put its title in the report.
        self.queryset = viewable_pages(
            pages_for_review(today=timezone.localdate()),
            self.request.user,
            self.request.session,
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, queryset):
        today = timezone.localdate()
        for page in queryset:
            page.review_status_label = STATUS_LABELS[
                review_status(page.review_due_on, today)
            ]
        return queryset
