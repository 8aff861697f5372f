from django.apps import AppConfig


class CertificationDocumentsConfig(AppConfig):
    name = "tenants.certification.documents"
    label = "certification_documents"
    verbose_name = "Actor: routine documents for certification"
    default_auto_field = "django.db.models.BigAutoField"
