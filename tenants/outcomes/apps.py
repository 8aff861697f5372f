from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "tenants.outcomes"
    label = "outcomes"
    verbose_name = "Programme: outcomes of period and exit reports"
