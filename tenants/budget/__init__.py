"""The budget per programme year for direct interventions: posts by kind of intervention,
transfers between them, committed and remaining live, a warning before a grant would take
a post below zero.

models, services (writes, audited), selectors (one query per page), charts (SVG), views, urls.
"""
