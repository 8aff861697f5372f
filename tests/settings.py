"""Test settings: the portal's own settings with the laptop defaults switched on.

pytest-django still runs every test with DEBUG off; this only lets the settings load
without a production SECRET_KEY.
"""

import os

os.environ.setdefault("DEBUG", "1")

from portal.settings import *  # noqa: E402,F403
