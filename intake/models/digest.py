"""The daily e-mail digest of "Att göra": what was sent to whom on which day (issue 16, item 3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestSent(models.Model):
    """One digest e-mail sent to one user for one day: a second run of the nightly job sends nothing.

    It holds counts only (as the e-mail does): no participant, no name.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    on = models.DateField(_("day"))
    counts = models.JSONField(_("counts"), default=dict)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest e-mail sent")
        verbose_name_plural = _("digest e-mails sent")
        constraints = [models.UniqueConstraint(fields=["user", "on"], name="digestsent_one_per_user_and_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.on}"
