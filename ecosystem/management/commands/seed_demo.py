import time
from contextlib import ExitStack
from importlib import import_module
from importlib.util import find_spec
from tempfile import TemporaryDirectory

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings


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
        parser.add_argument(
            "--until",
            choices=settings.PLATFORM_APPS,
            metavar="APP",
            help="Load the demo of the apps up to APP only, in dependency order (an app's tests need no more).",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help=(
                "Also generate, for benchmarks, N initiatives (about five learnings each), N/10 co-learning "
                "spaces and about 10×N discussion posts. Adds as many again on each run."
            ),
        )

    def handle(self, *args, demo_password=None, dry_run=False, scale=0, until=None, **options):
        if scale < 0:
            raise CommandError("--scale must be zero or a positive number.")
        apps = settings.PLATFORM_APPS
        if until:
            apps = apps[: apps.index(until) + 1]
        modules = [import_module(f"{app_name}.demo") for app_name in apps if find_spec(f"{app_name}.demo") is not None]
        try:
            with ExitStack() as stack, transaction.atomic():
                # The demo's imports would each recompute the syntheses; the loop's demo computes
                # them once, at the end.
                stack.enter_context(override_settings(SYNTHESIS_AFTER_IMPORT=False))
                if dry_run:
                    # The demo uploads files (indicator imports): a dry run keeps them out of MEDIA_ROOT.
                    stack.enter_context(override_settings(MEDIA_ROOT=stack.enter_context(TemporaryDirectory())))
                # In settings.PLATFORM_APPS order: a later app relies on what an earlier one created.
                for module in modules:
                    self.report(module, "created", module.seed(demo_password=demo_password))
                if scale:
                    for module in modules:
                        if hasattr(module, "seed_scale"):
                            started = time.perf_counter()
                            counts = module.seed_scale(count=scale)
                            self.report(module, "generated", counts, seconds=time.perf_counter() - started)
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
            return
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))

    def report(self, module, verb: str, counts: dict[str, int], seconds: float | None = None) -> None:
        app_name = module.__name__.rsplit(".", 1)[0]
        line = f"{app_name} — {verb} " + ", ".join(f"{name}: {count}" for name, count in counts.items())
        if seconds is not None:
            line += f" in {seconds:.1f} s"
        self.stdout.write(line)
