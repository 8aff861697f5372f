"""Programme years: the rules engine's data per year, readable and editable by the coordinator.

models (ProgrammeYear, its history), rulesets (what recommendations are judged by),
selectors, services, forms, views, urls, demo.
"""
