"""The catalogue's data: initiatives (summary documents), news, manifestos, and their vocabulary.

Invariants live in the database (check and unique constraints) as well as in field validators, so
that imports, the admin and the shell all obey them. Reads that views share are QuerySet methods;
`published()` is the only door through which visitors see content.
"""

from initiatives.models.catalogue import NEWEST_FIRST, SECTIONS, Initiative, InitiativeQuerySet
from initiatives.models.dumps import CatalogueDump, DumpChunk, DumpFormat
from initiatives.models.editorial import Manifesto, NewsItem, Recommendation
from initiatives.models.evidence import EvaluationType, Evaluator, FundingSource, Outcome
from initiatives.models.glossary import Concept, Term
from initiatives.models.identifiers import InitiativeSlug, NewsSlug
from initiatives.models.participation import (
    Contact,
    Correction,
    CorrectionState,
    DigestItem,
    Frequency,
    Proposal,
    ProposalState,
    Subscription,
)
from initiatives.models.publishable import MAX_YEAR, MIN_YEAR, Publishable, Status
from initiatives.models.related_pools import PoolEntry
from initiatives.models.revisions import Revision, RevisionState
from initiatives.models.vocabulary import City, CountryName, Project, Theme, TitleWord

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "NEWEST_FIRST",
    "SECTIONS",
    "CatalogueDump",
    "City",
    "Concept",
    "Contact",
    "Correction",
    "CorrectionState",
    "DigestItem",
    "Frequency",
    "CountryName",
    "DumpChunk",
    "DumpFormat",
    "EvaluationType",
    "Evaluator",
    "FundingSource",
    "Initiative",
    "InitiativeQuerySet",
    "InitiativeSlug",
    "Manifesto",
    "NewsItem",
    "NewsSlug",
    "Outcome",
    "PoolEntry",
    "Project",
    "Proposal",
    "ProposalState",
    "Publishable",
    "Recommendation",
    "Revision",
    "RevisionState",
    "Status",
    "Subscription",
    "Term",
    "Theme",
    "TitleWord",
]
