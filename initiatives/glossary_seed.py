"""The glossary's seed (fixtures/glossary.json): concepts of urban security and their terms in
English, French and, where known, German, Spanish, Italian, Dutch and Portuguese."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from initiatives.models import Concept, Term

GLOSSARY_FILE = Path(settings.BASE_DIR) / "fixtures" / "glossary.json"


@transaction.atomic
def load_glossary(path: Path = GLOSSARY_FILE) -> tuple[int, int]:
    """Adds the concepts the glossary lacks (by slug) with their terms; concepts already
    there are left as editors made them. Returns (concepts added, concepts kept)."""
    known = set(Concept.objects.values_list("slug", flat=True))
    entries = json.loads(path.read_text(encoding="utf-8"))
    added = [entry for entry in entries if entry["concept"] not in known]
    concepts = Concept.objects.bulk_create(Concept(slug=entry["concept"]) for entry in added)
    terms = [
        Term(concept=concept, language=language, text=text)
        for concept, entry in zip(concepts, added, strict=True)
        for language, texts in entry["terms"].items()
        for text in texts
    ]
    # A spelling two languages share ("drones") is one term, the first language's: the rest
    # conflict with the unique index on the normalised term and are skipped.
    Term.objects.bulk_create(terms, ignore_conflicts=True)
    return len(concepts), len(entries) - len(concepts)
