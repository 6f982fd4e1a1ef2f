"""Project-wide pytest configuration: browser set-up, CI strictness, shared fixtures."""

import os

import pytest
from django.conf import settings

# The live server runs in a thread next to Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's headless build of Chromium (package chromium-headless-shell): the same Blink as the
# chromium package without the desktop browser around it, the build Playwright itself runs headless.
# It took half the CPU of the full browser for the same crawl (issue 20). KRAMI_CHROMIUM=/usr/bin/chromium
# runs the suite in the full browser.
CHROMIUM = os.environ.get("KRAMI_CHROMIUM", "/usr/bin/chromium-headless-shell")
IN_CI = os.environ.get("KRAMI_CI") == "1"

pytest_plugins = ["tests.fixtures"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL each test database is a copy of one migrated template (tests/template_db.py):
    the migrations run once a run, not once per worker."""
    from tests import template_db  # noqa: PLC0415 - needs the settings, which pytest-django configures first

    if template_db.is_postgres():
        settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = template_db.migrated_template()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium, never a downloaded browser; flags for a closed network."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps` (apt-get install chromium-headless-shell).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


def pytest_collection_modifyitems(config, items):
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if IN_CI and not on_postgres:
        raise pytest.UsageError("KRAMI_CI=1 but DATABASE_URL is not PostgreSQL: CI must run on PostgreSQL.")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL or run .ci/run"))
    # The long tests first (a stable sort keeps the order otherwise): with pytest-xdist handing out
    # one test at a time (pytest_xdist_make_scheduler below) they spread over the workers, and the
    # many short tests after them even out the end. A long test last would keep one worker busy
    # while the other waits.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


# Tests that share one expensive fixture per process, which pytest-xdist would otherwise build once
# in each worker that gets one of them: they go to one worker together.
ONE_WORKER_SCOPES = (
    "tests/demo/",  # one seed_demo for the package (tests/demo/conftest.py)
    "tests/reporting/test_disclosure.py",  # three small units with 18 closed months (1-2 min a build)
    "tests/scale/test_plans.py",  # the generated units whose statements' plans are read (~1 min)
    "tests/scale/test_scale_data.py",  # the tiny generated data
)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With -n (the default `--dist load`): hand out the tests one at a time, in the order above,
    except that each of ONE_WORKER_SCOPES goes to one worker as a whole.

    pytest-xdist's own `load` sends chunks of up to a quarter of the suite, which it cannot take
    back: a chunk with the long browser shards kept one worker busy minutes after the other ran
    dry. Its `loadgroup` would do the grouping, but cannot under pytest 9 (it rewrites
    item._nodeid, which pytest 9 no longer reads).
    """
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling  # noqa: PLC0415 - only when pytest-xdist schedules the run

    class OneTestAtATime(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return next((scope for scope in ONE_WORKER_SCOPES if nodeid.startswith(scope)), nodeid)

    return OneTestAtATime(config, log)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI nothing may be skipped: a skip is reported as a failure."""
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped in CI (not allowed): {report.longrepr}"
