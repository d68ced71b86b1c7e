from django.core.management.base import BaseCommand, CommandError

from accounts import demo


class Command(BaseCommand):
    help = "Load a believable Nordic demo organisation (demo data only; never run this in production)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=sorted(demo.SIZES), default="small")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing, quietly, when demo data is already loaded."
        )

    def handle(self, *args, size: str, if_empty: bool, **options) -> None:
        if demo.is_seeded():
            if if_empty:
                self.stdout.write("Demo data is already loaded; leaving it as it is.")
                return
            raise CommandError(
                "Demo data is already loaded (kam@example.com exists). Seeding twice would duplicate it; "
                "start from an empty database to seed again."
            )
        org = demo.seed(size)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded the {size} demo: {len(org.teams)} teams, {len(org.kams)} KAMs, "
                f"{len(org.customers)} customers."
            )
        )
        for role, email in demo.DEMO_LOGINS.items():
            self.stdout.write(f"  {role:<7} {email}  password: {demo.DEMO_PASSWORD}")
