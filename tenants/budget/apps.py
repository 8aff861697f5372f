from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "tenants.budget"
    label = "budget"
    verbose_name = "Programme: budget per year"
