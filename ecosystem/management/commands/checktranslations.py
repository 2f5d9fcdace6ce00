from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Fail when a project catalogue has an untranslated or fuzzy entry (run after makemessages)."

    def add_arguments(self, parser):
        parser.add_argument("--language", default="fr", help="Language directory to check (default: fr).")

    def handle(self, *args, language="fr", **options):
        problems = []
        catalogues = [
            po_path
            for locale_path in settings.LOCALE_PATHS
            for po_path in sorted(Path(locale_path).glob(f"{language}/LC_MESSAGES/*.po"))
        ]
        if not catalogues:
            raise CommandError(f"No catalogue found for language {language!r}.")
        for po_path in catalogues:
            catalogue = polib.pofile(str(po_path))
            problems += [f"{po_path.name}: untranslated: {entry.msgid!r}" for entry in catalogue.untranslated_entries()]
            problems += [f"{po_path.name}: fuzzy: {entry.msgid!r}" for entry in catalogue.fuzzy_entries()]
            entries = len([entry for entry in catalogue if not entry.obsolete])
            self.stdout.write(f"{po_path}: {entries} entries, {catalogue.percent_translated()}% translated")
        if problems:
            raise CommandError("Translation is incomplete:\n" + "\n".join(problems))
        self.stdout.write(self.style.SUCCESS("The translation is complete."))
