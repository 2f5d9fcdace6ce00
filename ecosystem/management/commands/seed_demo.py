from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class DryRunRollback(Exception):
    pass


class Command(BaseCommand):
    help = "Load the demo data (fictional people, real organizations of the seeds). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-password",
            help="Give every demo account this password so that people can sign in (never in production).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report what would be created, write nothing.")

    def handle(self, *args, demo_password=None, dry_run=False, **options):
        try:
            with transaction.atomic():
                for app_name in settings.PLATFORM_APPS:
                    module_name = f"{app_name}.demo"
                    if find_spec(module_name) is None:
                        continue
                    counts = import_module(module_name).seed(demo_password=demo_password)
                    created = ", ".join(f"{name}: {count}" for name, count in counts.items())
                    self.stdout.write(f"{app_name} — created {created}")
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
            return
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
