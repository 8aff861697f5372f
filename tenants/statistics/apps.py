from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "tenants.statistics"
    label = "statistics"
    verbose_name = "Programme: statistics and earlier years' history"
