"""Test settings: the portal's own settings with the laptop defaults switched on.

pytest-django still runs every test with DEBUG off; this only lets the settings load
without a production SECRET_KEY.
"""

import os

os.environ.setdefault("DEBUG", "1")

from portal.settings import *  # noqa: E402,F403

# Websocket tests leave connections checked out on channels' own threads, and one test
# sends eight requests at once (each its own connection): give the test pool room for both.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("pool", {})
if isinstance(DATABASES["default"]["OPTIONS"]["pool"], dict):  # noqa: F405
    DATABASES["default"]["OPTIONS"]["pool"]["max_size"] = 16  # noqa: F405

# Tests change actors and hosts with queryset updates and roll them back: no host cache
# between requests (tests/portal/test_tenancy.py switches it on to test it).
TENANT_CACHE_SECONDS = 0
