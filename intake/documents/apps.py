from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "intake.documents"
    label = "documents"
    verbose_name = "Actor: the programme's case documents"

    def ready(self):
        # A broken document JSON must stop the start, not a user's page.
        from intake.documents import engine

        engine.all_specs()
