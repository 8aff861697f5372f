from django.core.management.base import BaseCommand

from tenants.provisioning import schemas_migrate


class Command(BaseCommand):
    help = ("Migrate the public schema, every actor's schema (in parallel) and the template "
            "actors are cloned from; does nothing when the migrations have not changed.")

    def add_arguments(self, parser):
        parser.add_argument("--serial", action="store_true", help="Migrate actors' schemas one after another.")

    def handle(self, *args, serial=False, verbosity=1, **options):
        report = schemas_migrate(parallel=not serial, verbosity=max(0, verbosity - 1))
        if verbosity:
            if report.changed:
                parts = []
                if report.public_migrated:
                    parts.append("public schema migrated")
                if report.actors_migrated:
                    parts.append(f"{report.actors_migrated} actor schemas migrated")
                if report.template_rebuilt:
                    parts.append("template schema rebuilt")
                self.stdout.write(f"{', '.join(parts)} in {report.seconds:.1f} s.")
            else:
                self.stdout.write(f"Every schema is up to date ({report.seconds * 1000:.0f} ms).")
