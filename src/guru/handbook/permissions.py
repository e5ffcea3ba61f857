"""Who may open the admin's reports on guidance pages.

Controllers reach Wagtail's admin for the key figures but edit no pages, so a
report on pages asks for a page permission, and its menu item asks the same.
"""

from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

PAGE_REPORT_PERMISSIONS = ["add", "change", "publish"]


def may_open_page_reports(user) -> bool:
    return PagePermissionPolicy().user_has_any_permission(user, PAGE_REPORT_PERMISSIONS)


class PageReportMenuItem(MenuItem):
    """A report menu item shown only to those the report lets in."""

    def is_shown(self, request) -> bool:
        return may_open_page_reports(request.user)
