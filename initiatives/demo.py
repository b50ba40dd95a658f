"""Loading the demo catalogue from fixtures/demo.json.

Loading is additive: an item whose slug (or year, for manifestos) already exists is left exactly
as it is, so running it again duplicates nothing and keeps every edit made in the admin.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.glossary_seed import load_glossary
from initiatives.models import (
    City,
    Initiative,
    Manifesto,
    NewsItem,
    Project,
    Recommendation,
    Status,
    Theme,
)

DEMO_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "demo.json"
# The demo content in other languages: the cities' other names (exonyms), and French versions
# of the vocabulary and the manifesto (for the bilingual content still to come).
TRANSLATIONS_FILE = DEMO_FILE.with_name("demo-translations.json")
MANIFESTO_TEXTS = ("title", "introduction", "title_fr", "introduction_fr")
RECOMMENDATION_TEXTS = ("title", "text", "title_fr", "text_fr")


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    new_with_history: list = field(default_factory=list, repr=False)
    kept: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.kept
        bucket[kind] = bucket.get(kind, 0) + 1

    def __str__(self):
        kinds = sorted(set(self.created) | set(self.kept))
        return "; ".join(
            _("%(kind)s: %(created)d created, %(kept)d kept")
            % {"kind": kind, "created": self.created.get(kind, 0), "kept": self.kept.get(kind, 0)}
            for kind in kinds
        )


def publication_time(date_text: str | None):
    if not date_text:
        return None
    day = datetime.date.fromisoformat(date_text)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _create_missing(model, lookup: dict, values: dict, report: LoadReport, kind: str):
    """Create the object unless one matches `lookup`; return it and whether it is new."""
    existing = model.objects.filter(**lookup).first()
    if existing is not None:
        report.count(kind, created=False)
        return existing, False
    obj = model(**lookup, **values)
    # The database enforces the check constraints itself; validating them in Python first
    # would cost one query per constraint and object.
    obj.full_clean(validate_unique=True, validate_constraints=False)
    _save_quietly(obj, report)
    report.count(kind, created=True)
    return obj, True


def _save_quietly(obj, report: LoadReport) -> None:
    """Save without the per-save history; `_record_history` writes one entry per item at the end.

    Otherwise each relation set would add a history entry of its own, tripling the work.
    """
    if hasattr(type(obj), "history"):
        obj.skip_history_when_saving = True
        report.new_with_history.append(obj)
    obj.save()


def _record_history(report: LoadReport) -> None:
    by_model = {}
    for obj in report.new_with_history:
        del obj.skip_history_when_saving
        by_model.setdefault(type(obj), []).append(obj)
    for model, objects in by_model.items():
        model.history.bulk_history_create(objects, default_change_reason="demo content")


@transaction.atomic
def load_demo(
    path: Path = DEMO_FILE, glossary: bool = True, translated_summaries: bool = True
) -> LoadReport:
    """The demo content, and the glossary's seed unless `glossary` is false (tests that do not
    search across languages skip its 5,000 terms: 0.4 s a load). `translated_summaries`: the
    summaries that translate others (tests of filters and search count on one version each;
    tests/test_initiative_translations.py loads them)."""
    data = with_translations(
        json.loads(Path(path).read_text(encoding="utf-8")), translated_summaries
    )
    report = LoadReport()
    themes = _load_by_slug(Theme, data["themes"], report, "themes")
    cities = _load_by_slug(City, data["cities"], report, "cities")
    projects = _load_by_slug(Project, data["projects"], report, "projects")
    initiatives = _load_initiatives(data["initiatives"], themes, cities, projects, report)
    _load_news(data["news"], themes, projects, initiatives, report)
    _load_manifestos(data["manifestos"], themes, initiatives, report)
    _record_history(report)
    added, kept = load_glossary() if glossary else (0, 0)
    for bucket, count in ((report.created, added), (report.kept, kept)):
        if count:
            bucket["glossary concepts"] = count
    return report


def with_translations(data: dict, translated_summaries: bool = True) -> dict:
    """The demo content with its French versions (demo-translations.json) and cities' other
    names merged in, as the admin's French fields and "other names" hold them."""
    translations = json.loads(TRANSLATIONS_FILE.read_text(encoding="utf-8"))
    for city in data["cities"]:
        city.setdefault("other_names", translations["cities"].get(city["slug"], []))
    for kind in ("themes", "projects"):
        for item in data[kind]:
            french = translations[kind].get(item["slug"], {})
            item.update({f"{field}_fr": text for field, text in french.items()})
    originals = {item["slug"]: item for item in data["initiatives"]}
    data["initiatives"] += [
        # A translation shares its original's facts; it has words, a slug and a date of its own.
        {**originals[translated["translation_of"]], **translated}
        for translated in translations["initiatives"]
        if translated_summaries
    ]
    for manifesto in data["manifestos"]:
        french = translations["manifestos"].get(str(manifesto["year"]), {})
        manifesto.update({f"{field}_fr": text for field, text in french.items()})
        for rec in manifesto["recommendations"]:
            french = translations["recommendations"].get(f"{manifesto['year']}-{rec['number']}", {})
            rec.update({f"{field}_fr": text for field, text in french.items()})
    return data


def _fill_missing_translations(obj, values: dict) -> None:
    """An item loaded before its French version existed gets it now; an editor's is kept."""
    missing = [
        f for f, text in values.items() if f.endswith("_fr") and text and not getattr(obj, f)
    ]
    if missing:
        for field in missing:
            setattr(obj, field, values[field])
        obj.save(update_fields=missing)


def _load_by_slug(model, items, report: LoadReport, kind: str) -> dict:
    found = {}
    for item in items:
        slug = item.pop("slug")
        found[slug], created = _create_missing(model, {"slug": slug}, item, report, kind)
        if not created:
            _fill_missing_translations(found[slug], item)
    return found


def _load_initiatives(items, themes, cities, projects, report: LoadReport) -> dict:
    initiatives = {}
    for item in items:
        slug = item.pop("slug")
        city_slugs, theme_slugs = item.pop("cities"), item.pop("themes")
        item["project"] = projects.get(item.pop("project"))
        item["published_at"] = publication_time(item.pop("published"))
        item["translation_of"] = initiatives.get(item.pop("translation_of", None))
        initiative, created = _create_missing(
            Initiative, {"slug": slug}, item, report, "initiatives"
        )
        if created:
            initiative.cities.set([cities[s] for s in city_slugs])
            initiative.themes.set([themes[s] for s in theme_slugs])
        initiatives[slug] = initiative
    return initiatives


def _load_news(items, themes, projects, initiatives, report: LoadReport) -> None:
    for item in items:
        slug = item.pop("slug")
        theme_slugs, initiative_slugs = item.pop("themes"), item.pop("initiatives")
        item["project"] = projects.get(item.pop("project"))
        if item.get("status", Status.PUBLISHED) == Status.PUBLISHED:
            item["published_at"] = publication_time(item["date"])
        news, created = _create_missing(NewsItem, {"slug": slug}, item, report, "news items")
        if created:
            news.themes.set([themes[s] for s in theme_slugs])
            news.initiatives.set([initiatives[s] for s in initiative_slugs])


def _load_manifestos(items, themes, initiatives, report: LoadReport) -> None:
    for item in items:
        values = {
            **{field: item.get(field, "") for field in MANIFESTO_TEXTS},
            "status": Status.PUBLISHED,
            "published_at": publication_time(item["published"]),
        }
        manifesto, created = _create_missing(
            Manifesto, {"year": item["year"]}, values, report, "manifestos"
        )
        if not created:
            _fill_missing_translations(manifesto, values)
            for rec in item["recommendations"]:
                existing = manifesto.recommendations.filter(number=rec["number"]).first()
                if existing:
                    _fill_missing_translations(existing, rec)
            continue
        for rec in item["recommendations"]:
            recommendation = Recommendation(
                manifesto=manifesto,
                number=rec["number"],
                **{field: rec.get(field, "") for field in RECOMMENDATION_TEXTS},
            )
            _save_quietly(recommendation, report)
            recommendation.themes.set([themes[s] for s in rec["themes"]])
            recommendation.initiatives.set([initiatives[s] for s in rec["initiatives"]])
            report.count("recommendations", created=True)
