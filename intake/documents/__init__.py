"""The programme's case documents (issue 10): in-depth assessment, implementation and exit
plans, period and exit reports, purchase requests, integration applications.

engine (pure: each document's questions as data in forms/*.json), models (document,
sealed values, versions), services, selectors, forms, views, urls, demo.
"""
