"""The words of learnings' titles, kept so that the synthesis counts recurring obstacles and
conditions of success with aggregate SQL (``LearningWord``): a title is split into words once,
when the learning is saved, never by the nightly run."""

import re

from django.db import transaction

from initiatives.models import Learning, LearningKind

from .models import LearningWord

# The kinds whose recurring words the syntheses publish.
RECURRING_KINDS = (LearningKind.OBSTACLE, LearningKind.SUCCESS_CONDITION)

# Words that say nothing about what recurs (French articles, pronouns, prepositions and the
# like, and the platform's own vocabulary).
_STOP_TEXT = """
a afin ai ainsi alors après au aussi autre autres aux avant avec avoir bien c car ce ces cet cette
chaque chez comme comment d dans de depuis des dont du déjà elle elles en encore entre est et eux
faire fait ici il ils je jusqu l la le les leur leurs lors lui là m mais me mes moins mon même n ne
ni nos notre nous on ont ou où par pas pendant peu plus pour qu quand que qui quoi s sa sans se
selon ses si son sont sous souvent sur t ta te tes toi ton toujours tous tout toute toutes trop
très tu un une vers vos votre vous y à ça été être
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
WORD = re.compile(r"[^\W\d_]{3,}")


def title_words(title: str) -> set[str]:
    """The distinct words of a title that may recur: letters only, three or more, lower case,
    without stop words."""
    return {word for word in WORD.findall(title.lower()) if word not in STOP_WORDS}


def learning_words_refresh(learnings) -> int:
    """Write again the words of ``learnings`` (a queryset or a list): those of obstacles and
    conditions of success, none for the other kinds. Returns the number of words written."""
    learnings = list(learnings)
    rows = [
        LearningWord(learning_id=learning.pk, word=word)
        for learning in learnings
        if learning.kind in RECURRING_KINDS
        for word in sorted(title_words(learning.title))
    ]
    with transaction.atomic():
        LearningWord.objects.filter(learning__in=[learning.pk for learning in learnings]).delete()
        LearningWord.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def learning_words_fill(*, chunk_size: int = 5000) -> int:
    """The words of every obstacle and condition of success, for a database whose learnings were
    written in bulk (the benchmark's volume). Returns the number of words written."""
    written = 0
    learnings = Learning.objects.filter(kind__in=RECURRING_KINDS).only("pk", "kind", "title").order_by("pk")
    last = 0
    while chunk := list(learnings.filter(pk__gt=last)[:chunk_size]):
        written += learning_words_refresh(chunk)
        last = chunk[-1].pk
    return written
