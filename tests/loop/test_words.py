"""The words of learnings' titles that the synthesis counts (``loop.words``): split once when a
learning is saved, rewritten when its title or kind changes."""

import pytest

from initiatives.models import Learning
from loop.models import LearningWord
from loop.words import learning_words_fill, title_words
from tests.factories import LearningFactory

pytestmark = pytest.mark.django_db


def _words(learning) -> set[str]:
    return set(LearningWord.objects.filter(learning=learning).values_list("word", flat=True))


def test_a_title_gives_its_distinct_words_of_three_letters_or_more_without_stop_words():
    assert title_words("Le transport manque le soir, l’hiver à Gaspé : 2 bus, 3 km, transport!") == {
        "transport",
        "manque",
        "soir",
        "hiver",
        "gaspé",
        "bus",
    }
    assert title_words("Ça va, et de 2025 à 2026") == set()


def test_saving_an_obstacle_writes_the_words_of_its_title():
    learning = LearningFactory(kind="obstacle", title="Le transport manque le soir")

    assert _words(learning) == {"transport", "manque", "soir"}


def test_a_new_title_replaces_the_words():
    learning = LearningFactory(kind="obstacle", title="Le transport manque le soir")

    learning.title = "Les horaires des cliniques"
    learning.save()

    assert _words(learning) == {"horaires", "cliniques"}


def test_only_obstacles_and_conditions_of_success_keep_words():
    learning = LearningFactory(kind="adaptation", title="Le transport manque le soir")
    assert _words(learning) == set()

    learning.kind = "success_condition"
    learning.save(update_fields=["kind"])
    assert _words(learning) == {"transport", "manque", "soir"}

    learning.kind = "open_question"
    learning.save()
    assert _words(learning) == set()


def test_saving_other_fields_only_leaves_the_words_alone(django_assert_num_queries):
    learning = LearningFactory(kind="obstacle", title="Le transport manque le soir")

    learning.statement = "Autre formulation."
    with django_assert_num_queries(2):  # the update and its history row, nothing else
        learning.save(update_fields=["statement"])

    assert _words(learning) == {"transport", "manque", "soir"}


def test_deleting_a_learning_deletes_its_words():
    learning = LearningFactory(kind="obstacle", title="Le transport manque le soir")

    learning.delete()

    assert not LearningWord.objects.exists()


def test_filling_writes_the_words_of_learnings_written_in_bulk_once():
    host = LearningFactory(kind="obstacle", title="Un premier apprentissage")
    Learning.objects.bulk_create(
        [
            Learning(
                initiative=host.initiative,
                title=title,
                statement="Constat.",
                kind=kind,
                knowledge_type="experiential",
                status="draft",
            )
            for title, kind in (("Le transport manque", "obstacle"), ("Les bénévoles restent", "adaptation"))
        ]
    )

    assert learning_words_fill(chunk_size=1) == 4  # premier, apprentissage, transport, manque
    assert learning_words_fill() == 4
    assert LearningWord.objects.count() == 4
