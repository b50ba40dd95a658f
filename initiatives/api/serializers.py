"""How the API writes each kind of item: plain JSON, codes for choices, slugs for links, and
the web page's address beside the API's."""

from django.urls import reverse
from rest_framework import serializers

from initiatives.models import Concept, Manifesto, NewsItem, Recommendation
from initiatives.models.evidence import results_of


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class InitiativeSummarySerializer(serializers.Serializer):
    """A list's item: what a card shows, and the evidence at a glance."""

    slug = serializers.CharField()
    title = serializers.CharField()
    lead = serializers.CharField()
    language = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The summary's web page.")
    api_url = serializers.SerializerMethodField(help_text="This item in the API, whole.")
    cities = serializers.SerializerMethodField()
    countries = serializers.SerializerMethodField()
    themes = serializers.SerializerMethodField()
    project = serializers.SerializerMethodField()
    start_year = serializers.IntegerField()
    end_year = serializers.IntegerField(allow_null=True)
    budget_eur = serializers.IntegerField(allow_null=True)
    evaluation_type = serializers.CharField()
    outcome = serializers.CharField()
    evaluator = serializers.CharField()
    results = serializers.SerializerMethodField()
    funding_sources = serializers.ListField(child=serializers.CharField())
    people_reached = serializers.IntegerField(allow_null=True)
    last_reviewed = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_url(self, initiative) -> str:
        return absolute(self.context.get("request"), initiative.get_absolute_url())

    def get_api_url(self, initiative) -> str:
        path = reverse("api:initiative-detail", args=[initiative.slug])
        return absolute(self.context.get("request"), path)

    def get_cities(self, initiative) -> list[dict]:
        return [
            {"slug": city["slug"], "name": city["name"], "country": city["country"]}
            for city in self.city_values(initiative)
        ]

    def get_countries(self, initiative) -> list[str]:
        return sorted({city["country"] for city in self.city_values(initiative)})

    def get_themes(self, initiative) -> list[dict]:
        return [
            {"slug": theme["slug"], "name": theme["name"], "name_fr": theme["name_fr"]}
            for theme in self.theme_values(initiative)
        ]

    def get_project(self, initiative) -> dict | None:
        project = initiative.project
        return {"slug": project.slug, "acronym": project.acronym} if project else None

    def get_results(self, initiative) -> list[str]:
        return results_of(initiative.results)

    @staticmethod
    def city_values(initiative) -> list[dict]:
        if hasattr(initiative, "city_list"):
            return initiative.city_list
        return [
            {"slug": city.slug, "name": city.name, "country": city.country.code}
            for city in initiative.cities.all()
        ]

    @staticmethod
    def theme_values(initiative) -> list[dict]:
        if hasattr(initiative, "theme_list"):
            return initiative.theme_list
        return [
            {"slug": theme.slug, "name": theme.name, "name_fr": theme.name_fr}
            for theme in initiative.themes.all()
        ]


class InitiativeSerializer(InitiativeSummarySerializer):
    """One initiative, whole: the five sections (Markdown), the rest of the evidence, its
    other language versions."""

    context = serializers.CharField()
    objectives = serializers.CharField()
    activities = serializers.CharField()
    budget = serializers.CharField()
    evaluation = serializers.CharField()
    lessons = serializers.CharField()
    partners = serializers.CharField()
    contact = serializers.CharField()
    source_url = serializers.CharField()
    evaluation_year = serializers.IntegerField(allow_null=True)
    evaluation_report_url = serializers.CharField()
    translation_of = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()

    def get_translation_of(self, initiative) -> str | None:
        original = initiative.translation_of
        return original.slug if original is not None and original.is_public else None

    def get_versions(self, initiative) -> list[dict]:
        return [
            {"slug": version["slug"], "language": version["language"]}
            for version in initiative.versions
        ]


class VocabularySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    initiatives = serializers.IntegerField(
        source="initiative_count", help_text="Public initiatives using it."
    )
    url = serializers.SerializerMethodField()

    def get_url(self, item) -> str:
        return absolute(self.context.get("request"), item.get_absolute_url())


class ThemeSerializer(VocabularySerializer):
    name_fr = serializers.CharField()
    description = serializers.CharField()
    description_fr = serializers.CharField()


class CitySerializer(VocabularySerializer):
    country = serializers.SerializerMethodField()
    other_names = serializers.ListField(child=serializers.CharField())
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)

    def get_country(self, city) -> str:
        return city.country.code


class ProjectSerializer(VocabularySerializer):
    acronym = serializers.CharField()
    name_fr = serializers.CharField()
    start_year = serializers.IntegerField(allow_null=True)
    end_year = serializers.IntegerField(allow_null=True)
    website = serializers.CharField(source="url")


class CountrySerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    name_fr = serializers.CharField()
    initiatives = serializers.IntegerField()


class NewsItemSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    initiatives = serializers.SerializerMethodField()

    class Meta:
        model = NewsItem
        fields = [
            "slug",
            "title",
            "date",
            "lead",
            "body",
            "language",
            "themes",
            "initiatives",
            "url",
        ]

    def get_url(self, item) -> str:
        return absolute(self.context.get("request"), item.get_absolute_url())

    def get_initiatives(self, item) -> list[str]:
        return [initiative.slug for initiative in item.initiatives.all() if initiative.is_public]


class RecommendationSerializer(serializers.ModelSerializer):
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    initiatives = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = ["number", "title", "title_fr", "text", "text_fr", "themes", "initiatives"]

    def get_initiatives(self, recommendation) -> list[str]:
        return [i.slug for i in recommendation.initiatives.all() if i.is_public]


class ManifestoSerializer(serializers.ModelSerializer):
    recommendations = RecommendationSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Manifesto
        fields = [
            "year",
            "title",
            "title_fr",
            "introduction",
            "introduction_fr",
            "url",
            "recommendations",
        ]

    def get_url(self, manifesto) -> str:
        return absolute(self.context.get("request"), manifesto.get_absolute_url())


class ConceptSerializer(serializers.ModelSerializer):
    terms = serializers.SerializerMethodField(
        help_text="Its terms, by language: what a search for one also searches."
    )

    class Meta:
        model = Concept
        fields = ["slug", "terms"]

    def get_terms(self, concept) -> dict[str, list[str]]:
        terms: dict[str, list[str]] = {}
        for term in concept.terms.all():
            terms.setdefault(term.language, []).append(term.text)
        return terms
