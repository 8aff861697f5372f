"""The coordinator's start page: what needs her now (tenants.attention's providers).

providers (new applications, certifications expiring), views, urls. Budget posts near
their end come from tenants.budget.attention; other capabilities add theirs the same way.
"""
