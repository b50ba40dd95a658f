"""The site's pages of prose: about, the evidence methodology, accessibility, privacy.

Each is written whole in each language (templates/pages/<name>.<language>.html) rather than cut
into dozens of catalogue messages: a translator reads and writes the page as one text. A language
without its own version shows the English one, marked as English for screen readers and with a
visible note.
"""

from django.conf import settings
from django.template.loader import select_template
from django.utils.translation import get_language
from django.views.generic import TemplateView

from initiatives.catalogue_counts import CatalogueCache
from initiatives.catalogue_query import whole_catalogue_counts
from initiatives.models import EvaluationType, Evaluator, Outcome

WRITTEN_IN = "en"  # every page exists in this language


class SitePage(TemplateView):
    template_name = "pages/page.html"
    page = ""  # the name of the page's templates
    title = ""

    def body(self) -> tuple[str, str]:
        """(template name, its language) for the reader's language, or the English page."""
        language = get_language()
        names = [f"pages/{self.page}.{code}.html" for code in dict.fromkeys([language, WRITTEN_IN])]
        chosen = select_template(names).origin.template_name
        return chosen, chosen.rsplit(".", 2)[-2]

    def get_context_data(self, **kwargs):
        body, body_language = self.body()
        return super().get_context_data(
            title=self.title,
            body=body,
            body_language=body_language,
            contact_email=settings.CONTACT_EMAIL,
            log_retention_days=settings.LOG_RETENTION_DAYS,
            contact_retention_days=settings.CONTACT_RETENTION_DAYS,
            **kwargs,
        )


class EvidencePage(SitePage):
    """The rating scale, with how many public initiatives carry each rating (linked lists)."""

    page = "evidence"

    def get_context_data(self, **kwargs):
        counts = whole_catalogue_counts(CatalogueCache())
        return super().get_context_data(
            evaluation_types=scale("evaluation", EvaluationType, counts),
            outcomes=scale("outcome", Outcome, counts),
            evaluators=scale("evaluator", Evaluator, counts),
            **kwargs,
        )


def scale(facet: str, choices, counts) -> dict[str, dict]:
    """{value: {label, count, query}}: the page names each value, says how many public
    initiatives carry it, and links to them (`?<facet>=<value>`)."""
    found = counts.options.get(facet, {})
    return {
        value: {"label": label, "count": found.get(value, ("", 0))[1], "query": f"{facet}={value}"}
        for value, label in choices.choices
    }
