""" "Did you mean": a misspelt query corrected from the catalogue's own words."""

import difflib
import re

from initiatives.models import City, Project, Theme, TitleWord
from initiatives.search.text import WEB_SEARCH_OPERATORS, WORD, words_of

# Queries with more words than this are not corrected: each word costs a trigram lookup, and a
# query of many words is not a typo (30 random words took 578 ms before this cap).
MAX_WORDS_TO_CORRECT = 8


def catalogue_words(text: str) -> set[str]:
    """Title words resembling the query's words, and the words of every theme, city, project."""
    names = [
        Theme.objects.order_by().values_list("name", flat=True),
        City.objects.order_by().values_list("name", flat=True),
        Project.objects.order_by().values_list("acronym", flat=True),
    ]
    # One lookup per word, each through the trigram index (an OR of them all scans the table).
    for word in {word.casefold() for word in words_of(text)}:
        names.append(TitleWord.objects.filter(word__trigram_similar=word).values_list("word"))
    return {
        word.casefold()
        for name in names[0].union(*names[1:], all=True)
        for word in WORD.findall(name)
        if len(word) > 2
    }


def did_you_mean(text: str) -> str:
    """The query with each unknown word replaced by the closest catalogue word, or ''.

    Quotes, minus signs and operators stay where they are, so phrases and exclusions keep
    their meaning in the correction.
    """
    if len(words_of(text)) > MAX_WORDS_TO_CORRECT:
        return ""
    vocabulary = catalogue_words(text)
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
