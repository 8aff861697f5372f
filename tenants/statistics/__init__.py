"""Statistics: the annual report's tables (seeds 000 and 002) from the public schema's rows.

compute (pure: rows in, tables out), suppression (the "for publication" switch),
selectors (one query for the rows), models (decisions imported from earlier years),
history (import_history's validation and writing), exports (CSV, XLSX), views, urls.
"""
