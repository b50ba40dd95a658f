"""The catalogue described for machines: schema.org JSON-LD in its pages (each summary a Report,
the home page the catalogue as a Dataset) and a DCAT-AP description for data portals
(/catalog.jsonld), which harvest it to list the catalogue among Europe's open data.

Everything here is read from public content only: `published()` items, and whole-catalogue
counts that are themselves of public initiatives (catalogue_query.whole_catalogue_counts), so a
draft's theme, country or date never shows in a description.
"""

from django.conf import settings
from django.db.models import Max, Min
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from initiatives.catalogue_counts import CatalogueCache
from initiatives.catalogue_query import whole_catalogue_counts
from initiatives.models import Initiative
from initiatives.templatetags.catalogue import web_link
from initiatives.translations import SOURCE_LANGUAGE, localised, localised_label

# Where the catalogue's data can be had besides its pages: the read-only API and its OpenAPI
# document, and the whole list as files. Plain paths, written once: their views come with the
# API's work (issue 16), and a description must not fail while a URL name is missing.
DISTRIBUTIONS = {
    "api": "/api/v1/",
    "openapi": "/api/v1/openapi.json",
    # The whole catalogue, written ahead (dumps.py).
    "csv": "/data/initiatives.csv.gz",
    "json": "/data/initiatives.json.gz",
}
PUBLISHER = {
    "@type": "Organization",
    "@id": "https://efus.eu/",
    "name": "Efus",
    "alternateName": "European Forum for Urban Security",
    "url": "https://efus.eu/",
}
CATALOGUE_NAME = gettext_lazy("Urban security initiatives catalogue")
CATALOGUE_DESCRIPTION = gettext_lazy(
    "Summaries of urban-security initiatives run by European cities against crime, cybercrime "
    "and terrorism: context, objectives, activities, budget and evaluation of each, with its "
    "evidence ratings, themes, cities and years. Collected by the European Forum for Urban "
    "Security (Efus) and its member cities."
)
# The EU's authority tables, which DCAT-AP asks for languages, countries and file types.
EU_AUTHORITY = "http://publications.europa.eu/resource/authority"
EU_LANGUAGES = {
    "en": "ENG",
    "fr": "FRA",
    "de": "DEU",
    "es": "SPA",
    "it": "ITA",
    "nl": "NLD",
    "pt": "POR",
}
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types"


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def dataset_id(request) -> str:
    """The catalogue's data as one dataset, named by the home page in the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute(request, reverse("home")) + "#dataset"


# --- schema.org, in the pages ---------------------------------------------------------------


def initiative_report(initiative, request) -> dict:
    """A summary as a schema.org Report (its page's JSON-LD). Reads what the page has read
    already: the initiative with its cities, themes and versions (with_page_relations)."""
    url = absolute(request, initiative.get_absolute_url())
    report = {
        "@context": "https://schema.org",
        "@type": "Report",
        "@id": url,
        "url": url,
        "name": initiative.title,
        "description": initiative.lead,
        "inLanguage": initiative.language,
        "dateCreated": initiative.created_at,
        "dateModified": initiative.updated_at,
        "spatialCoverage": [place(city, request) for city in initiative.cities.all()],
        "temporalCoverage": f"{initiative.start_year}/{initiative.end_year or '..'}",
        "about": [
            {
                "@type": "Thing",
                "name": localised(theme, "name"),
                "url": absolute(request, theme.get_absolute_url()),
            }
            for theme in initiative.themes.all()
        ],
        "author": PUBLISHER,
        "publisher": PUBLISHER,
        "license": settings.DATA_LICENCE_URL,
        "isPartOf": {"@type": "Dataset", "@id": dataset_id(request), "name": CATALOGUE_NAME},
        "additionalProperty": ratings(initiative, request),
    }
    if initiative.published_at:
        report["datePublished"] = initiative.published_at
    if web_link(initiative.source_url):
        report["isBasedOn"] = web_link(initiative.source_url)
    report |= translations(initiative, request)
    return report


def place(city, request) -> dict:
    found = {
        "@type": "Place",
        "name": city.name,
        "url": absolute(request, city.get_absolute_url()),
        "address": {
            "@type": "PostalAddress",
            "addressLocality": city.name,
            "addressCountry": city.country.code,
        },
    }
    if city.latitude is not None and city.longitude is not None:
        found["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(city.latitude),
            "longitude": float(city.longitude),
        }
    return found


def ratings(initiative, request) -> list[dict]:
    """The two ratings, and who evaluated, each with the rating scale's definition."""
    scale = absolute(request, reverse("evidence"))
    properties = [
        {
            "@type": "PropertyValue",
            "propertyID": "evaluation",
            "name": _("Evaluation"),
            "value": initiative.get_evaluation_type_display(),
            "valueReference": initiative.evaluation_type,
            "url": f"{scale}#evaluation-{initiative.evaluation_type}",
        },
        {
            "@type": "PropertyValue",
            "propertyID": "outcome",
            "name": _("Outcome"),
            "value": initiative.get_outcome_display(),
            "valueReference": initiative.outcome,
            "url": f"{scale}#outcome-{initiative.outcome}",
        },
    ]
    if initiative.evaluator:
        properties.append(
            {
                "@type": "PropertyValue",
                "propertyID": "evaluator",
                "name": _("Evaluated by"),
                "value": initiative.get_evaluator_display(),
                "valueReference": initiative.evaluator,
            }
        )
    return properties


def translations(initiative, request) -> dict:
    """Its original, or its translations, among its public versions (`versions`)."""
    versions = getattr(initiative, "versions", None) or []

    def link(version):
        path = reverse("initiatives:detail", args=[version["slug"]])
        return {"@id": absolute(request, path), "inLanguage": version["language"]}

    if initiative.translation_of_id:
        originals = [v for v in versions if v["id"] == initiative.translation_of_id]
        return {"translationOfWork": link(originals[0])} if originals else {}
    return {"workTranslation": [link(v) for v in versions]} if versions else {}


def catalogue_dataset(request, themes) -> dict:
    """The catalogue as a schema.org Dataset (the home page's JSON-LD), with its files.
    `themes`: the public themes the home page lists."""
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "@id": dataset_id(request),
        "name": CATALOGUE_NAME,
        "description": CATALOGUE_DESCRIPTION,
        "url": absolute(request, reverse("home")),
        "keywords": [localised(theme, "name") for theme in themes],
        "inLanguage": [code for code, _name in settings.LANGUAGES],
        "spatialCoverage": {"@type": "Place", "name": _("Europe")},
        "creator": PUBLISHER,
        "publisher": PUBLISHER,
        "license": settings.DATA_LICENCE_URL,
        "isAccessibleForFree": True,
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": media_type,
                "contentUrl": absolute(request, DISTRIBUTIONS[kind]),
            }
            for kind, media_type in (("csv", "text/csv"), ("json", "application/json"))
        ],
        "includedInDataCatalog": {
            "@type": "DataCatalog",
            "url": absolute(request, reverse("catalog")),
            "encodingFormat": "application/ld+json",
        },
    }


# --- DCAT-AP, for data portals ----------------------------------------------------------------

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "void": "http://rdfs.org/ns/void#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def public_dates() -> dict:
    """When the first public summary was published, and when the public catalogue last
    changed: the latest edit or publication of a public summary (a scheduled one changes it
    when it comes due, though nothing is written then). Cached with the catalogue's version."""
    return CatalogueCache().get_or_compute(
        "dcat-dates",
        lambda: Initiative.objects.published().aggregate(
            issued=Min("published_at"),
            modified=Max(Greatest("updated_at", "published_at")),
        ),
    )


def in_languages(text) -> list[dict]:
    """A translatable text in each language of the interface, as JSON-LD language strings."""
    values = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values.append({"@language": code, "@value": str(text)})
    return values


def in_its_language(text) -> tuple[str, str]:
    """(language, text) of a localised text: a theme without its French name is English."""
    return getattr(text, "language", SOURCE_LANGUAGE), str(text)


def xsd_date(moment) -> dict | None:
    if moment is None:
        return None
    return {"@value": timezone.localdate(moment).isoformat(), "@type": "xsd:date"}


def dcat_catalogue(request) -> dict:
    """The catalogue, its one dataset and that dataset's distributions, in DCAT-AP."""
    counts = whole_catalogue_counts(CatalogueCache())
    dates = public_dates()
    publisher = {
        "@id": PUBLISHER["@id"],
        "@type": "foaf:Organization",
        "foaf:name": PUBLISHER["name"],
        "foaf:homepage": {"@id": PUBLISHER["url"]},
    }
    licence = {"@id": settings.DATA_LICENCE_URL, "dct:title": settings.DATA_LICENCE_NAME}
    home = absolute(request, reverse("home"))
    keywords = [
        {"@language": language, "@value": text}
        for language, text in dict.fromkeys(
            in_its_language(localised_label(label, code))
            for label, _count in counts.options.get("theme", {}).values()
            for code, _name in settings.LANGUAGES
        )
    ]
    dataset = {
        "@id": dataset_id(request),
        "@type": "dcat:Dataset",
        "dct:identifier": dataset_id(request),
        "dct:title": in_languages(CATALOGUE_NAME),
        "dct:description": in_languages(CATALOGUE_DESCRIPTION),
        "dct:publisher": publisher,
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": PUBLISHER["alternateName"],
            "vcard:hasEmail": {"@id": f"mailto:{settings.CONTACT_EMAIL}"},
        },
        "dct:accessRights": {"@id": f"{EU_AUTHORITY}/access-right/PUBLIC"},
        # The EU's data theme "Justice, legal system and public safety", by which portals
        # classify datasets.
        "dcat:theme": {"@id": f"{EU_AUTHORITY}/data-theme/JUST"},
        "dcat:landingPage": {"@id": absolute(request, reverse("initiatives:list"))},
        "dcat:keyword": keywords,
        "dct:spatial": [
            {"@id": f"{EU_AUTHORITY}/country/{countries.alpha3(code)}"}
            for code in sorted(counts.options.get("country", {}))
            if countries.alpha3(code)
        ],
        "dct:language": languages(counts.options.get("language", {})),
        # How many initiatives it describes (one per initiative, translations aside).
        "void:entities": counts.total,
        "dcat:distribution": distributions(request, licence),
    }
    if dates["issued"]:
        dataset["dct:issued"] = xsd_date(dates["issued"])
        dataset["dct:modified"] = xsd_date(dates["modified"])
    catalogue = {
        "@context": DCAT_CONTEXT,
        "@id": absolute(request, reverse("catalog")),
        "@type": "dcat:Catalog",
        "dct:title": in_languages(CATALOGUE_NAME),
        "dct:description": in_languages(CATALOGUE_DESCRIPTION),
        "dct:publisher": publisher,
        "dct:license": licence,
        "dct:language": languages(dict.fromkeys(code for code, _name in settings.LANGUAGES)),
        "foaf:homepage": {"@id": home},
        "dcat:dataset": [dataset],
    }
    if dates["issued"]:
        catalogue["dct:issued"] = dataset["dct:issued"]
        catalogue["dct:modified"] = dataset["dct:modified"]
    return catalogue


def languages(codes) -> list[dict]:
    return [
        {"@id": f"{EU_AUTHORITY}/language/{EU_LANGUAGES[code]}"}
        for code in sorted(codes)
        if code in EU_LANGUAGES
    ]


def distributions(request, licence: dict) -> list[dict]:
    api = absolute(request, DISTRIBUTIONS["api"])
    openapi = {"@id": absolute(request, DISTRIBUTIONS["openapi"])}
    json_format = {"@id": f"{EU_AUTHORITY}/file-type/JSON"}
    api_distribution = {
        "@type": "dcat:Distribution",
        "dct:title": _("Read-only API"),
        "dcat:accessURL": {"@id": api},
        "dct:format": json_format,
        "dcat:mediaType": {"@id": f"{IANA_MEDIA_TYPES}/application/json"},
        "dct:conformsTo": openapi,
        "dct:license": licence,
        "foaf:page": {"@id": absolute(request, reverse("api-docs"))},
        "dcat:accessService": {
            "@type": "dcat:DataService",
            "dct:title": _("Read-only API"),
            "dcat:endpointURL": {"@id": api},
            "dcat:endpointDescription": openapi,
            "dct:conformsTo": openapi,
        },
    }
    files = [
        dump_distribution(request, kind, media_type, title, licence)
        for kind, media_type, title in (
            ("csv", "text/csv", _("Every public initiative, as CSV (gzip)")),
            ("json", "application/json", _("Every public initiative, as JSON (gzip)")),
        )
    ]
    return [api_distribution, *files]


def dump_distribution(request, kind: str, media_type: str, title, licence: dict) -> dict:
    """A file of the whole catalogue (dumps.py). Without its size or digest: the description is
    cached with the catalogue's version, which writing a file does not change, and a harvester
    that checks a digest must not find a stale one."""
    url = {"@id": absolute(request, DISTRIBUTIONS[kind])}
    distribution = {
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": url,
        "dcat:downloadURL": url,
        "dct:format": {"@id": f"{EU_AUTHORITY}/file-type/{kind.upper()}"},
        "dcat:mediaType": {"@id": f"{IANA_MEDIA_TYPES}/{media_type}"},
        "dcat:compressFormat": {"@id": f"{IANA_MEDIA_TYPES}/application/gzip"},
        "dct:license": licence,
    }
    return distribution
