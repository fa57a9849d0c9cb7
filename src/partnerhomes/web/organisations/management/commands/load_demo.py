"""``load_demo``: load the illustrative partnership and print the demo users' passwords."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhomes.web.organisations.demo import demo_load


class Command(BaseCommand):
    help = "Migrate, then load the illustrative South Essex partnership and three demo users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, default=Path("build/demo/web-inputs"),
                            help="Folder for the demo's partner site lists.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0)
        try:
            loaded = demo_load(options["out"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Loaded {loaded.n_organisations} organisations and "
                          f"{loaded.n_sites} sites into the database.")
        self.stdout.write(f"Governance record: {loaded.n_meetings} meetings (Governance page).")
        if loaded.delivery is not None:
            self.stdout.write(f"Delivery records for {loaded.delivery.n_records} sites, "
                              f"{loaded.delivery.n_late} late (Board page).")
        self.stdout.write(f"Programme to plan: {loaded.programme} (Programmes page).")
        self.stdout.write("Demo users (passwords generated for this installation):")
        for user in loaded.users:
            self.stdout.write(f"  {user.username:<14} {user.password:<18} "
                              f"{user.role:<8} {user.organisation}")
