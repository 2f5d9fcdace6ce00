"""The words of learnings' titles, so the synthesis counts recurring words in SQL; the words of
the learnings already written are split here once."""

import django.db.models.deletion
from django.db import migrations, models

from loop.words import title_words

RECURRING_KINDS = ["obstacle", "success_condition"]


def fill(apps, schema_editor):
    Learning = apps.get_model("initiatives", "Learning")
    LearningWord = apps.get_model("loop", "LearningWord")
    rows = []
    for pk, title in Learning.objects.filter(kind__in=RECURRING_KINDS).values_list("pk", "title").iterator():
        rows.extend(LearningWord(learning_id=pk, word=word) for word in sorted(title_words(title)))
        if len(rows) >= 5000:
            LearningWord.objects.bulk_create(rows)
            rows = []
    LearningWord.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0005_feed_order_drafts_first"),
        ("loop", "0002_decision_makers"),
    ]

    operations = [
        migrations.CreateModel(
            name="LearningWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=200)),
                (
                    "learning",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="initiatives.learning"
                    ),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("learning", "word"), name="learning_word_once")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
