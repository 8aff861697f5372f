from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "tenants.certification"
    label = "certification"
    verbose_name = "Programme: certification and the actor's life cycle"
    default_auto_field = "django.db.models.BigAutoField"
