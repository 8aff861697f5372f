from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "tenants.budget"
    label = "budget"
    verbose_name = "Programme: budget per year"

    def ready(self):
        from tenants.budget import attention  # noqa: F401  (budget posts near their end)
