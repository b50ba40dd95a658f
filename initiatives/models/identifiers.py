"""Addresses that keep working: the slugs an initiative or a news item had before.

A summary cited in a report, bookmarked or indexed keeps answering after an editor renames its
slug: the old address redirects (301) to the new one. The database records a former slug
whenever a slug changes (sql/former_slugs.sql), whoever changes it: the admin's form, an
approved revision, an import or the shell. Redirects go to public items only (views).
"""

from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from initiatives.models.catalogue import Initiative
from initiatives.models.editorial import NewsItem


class InitiativeSlug(models.Model):
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="former_slugs",
        verbose_name=_("initiative"),
    )
    # Unique: an old address leads to one summary, the last one that had it.
    slug = models.SlugField(_("former slug"), max_length=200, unique=True)
    replaced_at = models.DateTimeField(_("replaced at"), db_default=Now())

    class Meta:
        verbose_name = _("former slug of an initiative")
        verbose_name_plural = _("former slugs of initiatives")

    def __str__(self):
        return self.slug


class NewsSlug(models.Model):
    news_item = models.ForeignKey(
        NewsItem,
        on_delete=models.CASCADE,
        related_name="former_slugs",
        verbose_name=_("news item"),
    )
    slug = models.SlugField(_("former slug"), max_length=200, unique=True)
    replaced_at = models.DateTimeField(_("replaced at"), db_default=Now())

    class Meta:
        verbose_name = _("former slug of a news item")
        verbose_name_plural = _("former slugs of news items")

    def __str__(self):
        return self.slug
