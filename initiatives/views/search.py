"""The search page over every kind of content, and search-as-you-type."""

from django import forms
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from initiatives.feeds import feed_links
from initiatives.filters import SearchField
from initiatives.search.site import search_everything
from initiatives.search.suggestions import suggestion_text, suggestions
from initiatives.views.params import without_blank_values


class SearchForm(forms.Form):
    q = SearchField(label=_("Search"), required=False)
    synonyms = forms.ChoiceField(
        label=_("Related terms"),
        choices=[("", ""), ("off", _("Search only the words as typed"))],
        required=False,
    )


class SearchView(TemplateView):
    """One search box over initiatives, news and manifesto recommendations, grouped by kind."""

    template_name = "search.html"

    def get(self, request, *args, **kwargs):
        form = SearchForm(without_blank_values(request.GET))
        searched = form.is_valid() and form.cleaned_data["q"]
        synonyms = searched and form.cleaned_data["synonyms"] != "off"
        found = search_everything(form.cleaned_data["q"], synonyms=synonyms) if searched else None
        # The initiatives found, as the list's feed of the same words.
        context = self.get_context_data(
            form=form,
            found=found,
            feeds=feed_links("initiatives", request.GET, refused=bool(form.errors)),
        )
        return self.render_to_response(context, status=400 if form.errors else 200)


class SuggestForm(forms.Form):
    q = forms.CharField(required=False, strip=True)


def suggest(request):
    """Search-as-you-type: matching titles, themes and cities as JSON (progressive only)."""
    form = SuggestForm(request.GET)
    text = suggestion_text(form.cleaned_data["q"] if form.is_valid() else "")
    response = JsonResponse({"query": text, "suggestions": suggestions(text)})
    response["Cache-Control"] = "public, max-age=60"
    return response
