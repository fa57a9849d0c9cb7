"""``load_demo``: load the illustrative partnership, appraise some of its sites, plan its
programme, and print the demo users' passwords."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnerhomes.web.organisations.demo import PLANNER, demo_load, demo_plan


class Command(BaseCommand):
    help = ("Migrate, then load the illustrative South Essex partnership with four demo users, "
            "appraise some of its sites and plan its programme.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, default=Path("build/demo/web-inputs"),
                            help="Folder for the demo's partner site lists.")
        parser.add_argument("--no-plan", dest="plan", action="store_false",
                            help="Do not plan the demo programme (planning takes a minute or "
                                 "two; the Programmes page can run it later).")
        parser.add_argument("--plan-out", type=Path, default=None,
                            help="Also write the plan's summary page, charts and tables here.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", verbosity=0)
        try:
            loaded = demo_load(options["out"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        write = self.stdout.write
        write(f"Loaded {loaded.n_organisations} organisations and "
              f"{loaded.n_sites} sites into the database.")
        write(f"Governance record: {loaded.n_meetings} meetings (Governance page).")
        if loaded.delivery is not None:
            write(f"Delivery records for {loaded.delivery.n_records} sites, "
                  f"{loaded.delivery.n_late} late (Board page).")
        viable = sum(run.verdict == "viable" for run in loaded.appraisals)
        write(f"Appraised the typology schemes of {len(loaded.appraisals)} sites, {viable} "
              "viable (Schemes page; dashboard).")
        if options["plan"]:
            self.stdout.flush()
            write(f"Planning {loaded.programme} as {PLANNER} (about two minutes)...")
            self.stdout.flush()
            started = time.perf_counter()
            try:
                planned = demo_plan(options["plan_out"])
            except ValueError as error:
                raise CommandError(str(error)) from error
            headline = planned.run.headline
            write(f"Plan: {headline.get('affordable_homes', 0):,.0f} affordable homes on "
                  f"{headline.get('sites', 0):,.0f} of the {planned.n_sites} sites {PLANNER} "
                  f"may see, in {time.perf_counter() - started:,.0f} s (Programmes page, "
                  "dashboard, Board).")
            if planned.files:
                write(f"Plan summary written to {planned.files[0]}")
        else:
            write(f"Programme to plan: {loaded.programme} (Programmes page).")
        write("Demo users (passwords generated for this installation):")
        for user in loaded.users:
            write(f"  {user.username:<18} {user.password:<18} "
                  f"{user.role:<8} {user.organisation}")
        admins = [user.username for user in loaded.users if user.role == "admin"]
        if admins:
            write(f"{', '.join(admins)} may also manage their organisation's members and "
                  "details (Organisations page).")
