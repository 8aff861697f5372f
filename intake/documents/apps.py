from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "intake.documents"
    label = "documents"
    verbose_name = "Actor: the programme's case documents"

    def ready(self):
        # A broken document JSON must stop the start, not a user's page.
        from intake.documents import engine

        engine.all_specs()
        # The coordinator reads the plans and purchase requests that go with an application
        # through this reader; the programme's side never imports this app.
        from intake.documents.programme import application_documents_read
        from tenants.outcomes.documents import documents_reader

        documents_reader(application_documents_read)
