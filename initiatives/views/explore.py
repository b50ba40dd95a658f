"""The overview of a list (/explore/) and the comparison of initiatives (/compare/)."""

from django.conf import settings
from django.views.generic import TemplateView

from initiatives import overview_marks
from initiatives.comparison import MAX_COMPARED, MIN_COMPARED, compared
from initiatives.overview import overview_of
from initiatives.views.params import without_blank_values


def overview_context(overview) -> dict:
    """What the overview's templates show: the compact one on theme, city, country and
    project pages uses the matrix and the link to the full overview."""
    return {
        "overview": overview,
        "matrix": overview_marks.evidence_matrix(overview),
    }


class ExploreView(TemplateView):
    """The list's filters seen at once: map, evidence matrix, charts. An invalid filter value
    answers 400 with the form's message, and the overview of the valid filters."""

    template_name = "initiatives/explore.html"

    def get(self, request, *args, **kwargs):
        overview = overview_of(without_blank_values(request.GET))
        context = self.get_context_data(
            **overview_context(overview),
            started=overview_marks.started_by_outcome(overview),
            themes=overview_marks.by_theme(overview),
            budgets=overview_marks.by_budget(overview),
            languages=overview_marks.by_language(overview),
            cities=overview_marks.city_marks(overview),
            tiles=settings.MAP_TILES,
        )
        return self.render_to_response(context, status=400 if overview.has_errors else 200)


class CompareView(TemplateView):
    template_name = "initiatives/compare.html"

    def get_context_data(self, **kwargs):
        comparison = compared(self.request.GET.getlist("i"))
        return super().get_context_data(
            comparison=comparison,
            min_compared=MIN_COMPARED,
            max_compared=MAX_COMPARED,
            **kwargs,
        )
