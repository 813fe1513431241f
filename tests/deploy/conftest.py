"""The deployment tests drive the same Chromium as the browser tests (Debian's, never ``playwright install``)."""
from tests.browser.conftest import browser_type_launch_args  # noqa: F401 — the fixture, shared
