"""Users and the organisation they belong to: avdelningar (departments) and enheter (units)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    """An avdelning: the level the follow-up reports on and a head is responsible for."""

    code = models.CharField(_("kod"), max_length=20, unique=True)
    name = models.CharField(_("namn"), max_length=200, unique=True)
    head = models.ForeignKey(
        "accounts.User",
        verbose_name=_("avdelningschef"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("avdelning")
        verbose_name_plural = _("avdelningar")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """An enhet inside a department; every employee belongs to one."""

    department = models.ForeignKey(
        Department,
        verbose_name=_("avdelning"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    code = models.CharField(_("kod"), max_length=20, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["department__name", "name"]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "name"], name="unit_name_unique_in_department"
            )
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """An employee. `external_id` holds the identity provider's subject for SSO later."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("enhet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("Alla medarbetare tillhör en enhet; bara tekniska konton saknar."),
    )
    title = models.CharField(_("befattning"), max_length=120, blank=True)
    external_id = models.CharField(
        _("externt id"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identitet hos inloggningstjänsten (för framtida single sign-on)."),
    )

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def department(self) -> Department | None:
        return self.unit.department if self.unit_id else None
