"""Synthetic initiatives for performance measurements: plausible words, deterministic output."""

import contextlib
import itertools
import random

from django.db import connection, transaction
from django.utils import timezone

from initiatives.markdown import kept_html
from initiatives.models import (
    City,
    EvaluationType,
    FundingSource,
    Initiative,
    Outcome,
    Project,
    Status,
    Theme,
)
from initiatives.models.catalogue import MARKDOWN_FIELDS
from initiatives.models.evidence import EVALUATORS_OF
from initiatives.models.related_pools import POOL_TRIGGERS, file_in_pools

SLUG_PREFIX = "synthetic-"

WORDS = {
    "en": (
        "city council police youth drones cameras video surveillance cybercrime ransomware "
        "phishing public spaces events crowd safety prevention residents neighbourhood "
        "workshop training staff ethics privacy rights data artificial intelligence "
        "algorithm evaluation budget partners schools mentoring extremism radicalisation "
        "organised crime drug market licences inspection lighting design square station "
        "market festival stadium helpdesk fraud seniors volunteers library register"
    ).split(),
    "fr": (
        "ville police jeunes drones caméras vidéoprotection cybercriminalité rançongiciel "
        "espaces publics événements sécurité prévention habitants quartier atelier formation "
        "éthique vie privée droits données intelligence artificielle évaluation budget "
        "partenaires écoles radicalisation criminalité organisée trafic éclairage place gare"
    ).split(),
    "de": (
        "Stadt Polizei Jugend Drohnen Kameras Videoüberwachung Cyberkriminalität Sicherheit "
        "Prävention Bewohner Viertel Schulung Datenschutz Daten Bewertung Haushalt Partner"
    ).split(),
}
LANGUAGE_WEIGHTS = [("en", 0.7), ("fr", 0.2), ("de", 0.1)]


SYLLABLES = (
    "ka lo mi ne ru sa ti vo de fa gu hi ja ke lu ma no pi ro su ta ve zo bri cla dro".split()
)
# Share of words drawn from the domain vocabulary above; the rest follow a Zipf law over
# pseudo-words, as the words of a real catalogue do. With it, "drones" appears in a few percent
# of the synthetic summaries, as it would in a real 100,000-document practice database.
DOMAIN_SHARE = 0.005


def pseudo_words(count: int, rng: random.Random) -> list[str]:
    words = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class Vocabulary:
    def __init__(self, rng: random.Random, size: int = 20_000):
        self.common = pseudo_words(size, rng)
        self.weights = [1 / (rank + 1) for rank in range(size)]
        self.cumulative = list(itertools.accumulate(self.weights))

    def words(self, rng: random.Random, domain: list[str], length: int) -> list[str]:
        common = rng.choices(self.common, cum_weights=self.cumulative, k=length)
        return [rng.choice(domain) if rng.random() < DOMAIN_SHARE else word for word in common]


VOCABULARY = Vocabulary(random.Random(0))


def filler_words(rng: random.Random, length: int) -> list[str]:
    return rng.choices(VOCABULARY.common, cum_weights=VOCABULARY.cumulative, k=length)


def sentence(rng: random.Random, words: list[str], length: int) -> str:
    return " ".join(VOCABULARY.words(rng, words, length)).capitalize() + "."


def paragraph(rng, words, sentences=3) -> str:
    return " ".join(sentence(rng, words, rng.randint(8, 16)) for _ in range(sentences))


def evidence(number: int, evaluation_type: str, start: int, words: list[str]) -> dict:
    """The evidence fields (issue 15), from a generator of their own, so that the fields drawn
    before them stay what they were for a given seed."""
    rng = random.Random(number)
    evaluated = evaluation_type != EvaluationType.NONE
    evaluators = sorted(EVALUATORS_OF[evaluation_type])
    return {
        "evaluator": rng.choice(evaluators) if evaluated else "",
        "evaluation_year": min(start + rng.randint(0, 3), 2026) if evaluated else None,
        "results": "\n".join(
            sentence(rng, words, rng.randint(5, 10)) for _ in range(rng.randint(0, 3))
        ),
        "lessons": paragraph(rng, words, 2) if rng.random() < 0.6 else "",
        "funding_sources": rng.sample(FundingSource.values, rng.randint(0, 2)),
        "people_reached": rng.choice([None, rng.randint(10, 50_000)]),
    }


def build_initiative(rng: random.Random, number: int) -> Initiative:
    language = rng.choices(*zip(*LANGUAGE_WEIGHTS, strict=True))[0]
    words = WORDS[language]
    start = rng.randint(2000, 2025)
    initiative = Initiative(
        title=" ".join([*rng.sample(words, 2), *filler_words(rng, rng.randint(2, 5))]).capitalize(),
        slug=f"{SLUG_PREFIX}{number:07d}",
        lead=paragraph(rng, words, 2),
        context=paragraph(rng, words),
        objectives=paragraph(rng, words),
        activities=paragraph(rng, words, 4),
        budget=sentence(rng, words, 10),
        evaluation=paragraph(rng, words, 2),
        budget_eur=rng.choice([None, rng.randint(1, 5000) * 1000]),
        start_year=start,
        end_year=rng.choice([None, min(start + rng.randint(0, 5), 2100)]),
        language=language,
        evaluation_type=rng.choice(["none", "internal", "external", "experimental"]),
        outcome=rng.choice(["effective", "promising", "mixed", "no_effect", "too_early"]),
        status=Status.PUBLISHED if rng.random() > 0.05 else Status.DRAFT,
        published_at=timezone.now(),
    )
    if initiative.evaluation_type == EvaluationType.NONE:
        initiative.outcome = Outcome.TOO_EARLY  # the rating scale's rule (models/evidence.py)
    for name, value in evidence(number, initiative.evaluation_type, start, words).items():
        setattr(initiative, name, value)
    # As save() would (bulk_create does not call it).
    initiative.sections_html = kept_html(initiative, MARKDOWN_FIELDS, {})
    return initiative


def generate(count: int, *, seed: int = 42, batch_size: int = 2000, progress=None) -> int:
    """Create `count` synthetic initiatives linked to existing themes, cities and projects."""
    rng = random.Random(seed)
    themes = list(Theme.objects.values_list("pk", flat=True))
    cities = list(City.objects.values_list("pk", flat=True))
    projects = [None, None, *Project.objects.values_list("pk", flat=True)]
    if not themes or not cities:
        raise ValueError("Load the demo content first: synthetic initiatives need its themes.")
    start = Initiative.objects.filter(slug__startswith=SLUG_PREFIX).count()
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        with transaction.atomic(), pool_triggers_off():
            batch = []
            for number in range(start + created, start + created + size):
                initiative = build_initiative(rng, number)
                initiative.project_id = rng.choice(projects)
                batch.append(initiative)
            batch = Initiative.objects.bulk_create(batch)
            Initiative.themes.through.objects.bulk_create(
                Initiative.themes.through(initiative_id=item.pk, theme_id=theme)
                for item in batch
                for theme in rng.sample(themes, rng.randint(1, 3))
            )
            Initiative.cities.through.objects.bulk_create(
                Initiative.cities.through(initiative_id=item.pk, city_id=city)
                for item in batch
                for city in rng.sample(cities, rng.randint(1, 2))
            )
            file_in_pools([item.pk for item in batch])
        created += size
        if progress:
            progress(size)
    return created


@contextlib.contextmanager
def pool_triggers_off():
    """Within the caller's transaction, the related pools' triggers off: each link added to a
    new initiative would otherwise file it anew, up to five times (300,000 took 71 minutes
    with them, 284,000 took 35 without). The batch is filed once instead. ALTER TABLE is
    transactional: the triggers are back at commit or rollback, and no other session sees them
    off (it waits on the table's lock while the batch is written, some seconds)."""
    table = Initiative._meta.db_table
    with connection.cursor() as cursor:
        # ALTER TABLE refuses a table with foreign-key checks pending (Django defers them to
        # the commit): run them now, here and for the rest of the transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for trigger in POOL_TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        yield
        for trigger in POOL_TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


def remove_all() -> int:
    deleted, _ = Initiative.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    return deleted
