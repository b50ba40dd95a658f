""" "Did you mean": a misspelt query corrected from the catalogue's own public words."""

import difflib
import re

from django.contrib.postgres.search import TrigramDistance
from django.db.models import OuterRef

from initiatives.expressions import unaccented
from initiatives.models import City, Initiative, Project, Theme, TitleWord
from initiatives.models.vocabulary import any_of
from initiatives.search.text import WEB_SEARCH_OPERATORS, WORD, words_of

# Queries with more words than this are not corrected: each word costs a trigram lookup, and a
# query of many words is not a typo (30 random words took 578 ms before this cap).
MAX_WORDS_TO_CORRECT = 8
# Title words resembling a typed word that are checked for public use, nearest first.
CANDIDATES = 5


def public_words(text: str) -> set[str]:
    """The words a correction may use, in one query: those of every public theme, city and
    project, and the title words resembling the query's words that a public title contains.

    TitleWord also holds the words of drafts and scheduled items; they must not show through.
    """
    names = [
        Theme.objects.public().order_by().values_list("name", flat=True),
        Theme.objects.public().exclude(name_fr="").order_by().values_list("name_fr", flat=True),
        City.objects.public().order_by().values_list("name", flat=True),
        Project.objects.public().order_by().values_list("acronym", flat=True),
    ]
    # Contained in a public title, found through the title's trigram index. A title word is
    # letters and digits only (sql/title_words.sql), so it is a safe regular expression.
    in_public_title = any_of(
        Initiative.objects.published()
        .alias(plain_title=unaccented("title"))
        .filter(plain_title__iregex=unaccented(OuterRef("word")))
    )
    # Only the nearest few are checked: "drons" resembles 101 words at 100,000 initiatives.
    for word in {word.casefold() for word in words_of(text)}:
        nearest = (
            TitleWord.objects.filter(word__trigram_similar=word)
            .order_by(TrigramDistance("word", word))
            .values("word")[:CANDIDATES]
        )
        public = TitleWord.objects.filter(word__in=nearest).filter(in_public_title)
        names.append(public.values_list("word"))
    return {
        word.casefold()
        for name in names[0].union(*names[1:], all=True)
        for word in WORD.findall(name)
        if len(word) > 2
    }


def did_you_mean(text: str) -> str:
    """The query with each unknown word replaced by the closest public word, or ''.

    Quotes, minus signs and operators stay where they are, so phrases and exclusions keep
    their meaning in the correction.
    """
    if len(words_of(text)) > MAX_WORDS_TO_CORRECT:
        return ""
    vocabulary = public_words(text)
    corrected, changed = [], False
    for token in re.split(r"(\w+)", text):
        lowered = token.casefold()
        if not WORD.fullmatch(token) or lowered in WEB_SEARCH_OPERATORS or lowered in vocabulary:
            corrected.append(token)
            continue
        close = difflib.get_close_matches(lowered, vocabulary, n=1, cutoff=0.75)
        if close:
            corrected.append(close[0])
            changed = True
        else:
            corrected.append(token)
    return "".join(corrected) if changed else ""
