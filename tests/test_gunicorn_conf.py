"""The production server settings' hooks (gunicorn.conf.py)."""

import gc
import runpy

import pytest

from shop.config import PROJECT_ROOT, load_config


@pytest.fixture
def gunicorn_settings():
    thresholds = gc.get_threshold()
    yield runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_the_preloaded_app_is_out_of_the_collectors_sight_before_a_worker_forks(
    gunicorn_settings,
):
    gc.unfreeze()
    gunicorn_settings["pre_fork"](server=None, worker=None)

    assert gc.get_freeze_count() > 0
    assert not gc.get_objects(generation=2)


def test_each_thread_of_a_worker_keeps_its_database_connection(gunicorn_settings, tmp_path):
    environment = {
        "DATABASE_URL": "postgresql://postgres@127.0.0.1/hanout",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "SECRET_KEY": "x" * 40,
    }
    pool = load_config(tmp_path, environment)["SQLALCHEMY_ENGINE_OPTIONS"]["pool_size"]

    assert pool == gunicorn_settings["threads"]


def test_workers_collect_young_objects_less_often(gunicorn_settings):
    gunicorn_settings["post_fork"](server=None, worker=None)

    young, *_ = gc.get_threshold()
    assert young == gunicorn_settings["GC_THRESHOLDS"][0] > 700


class FakeArbiter:
    """What the `when_ready` hook uses of gunicorn's arbiter: the loaded app and the log."""

    def __init__(self, app):
        self.lines = []
        self.app = self
        self.log = self
        self._wsgi = app

    def wsgi(self):
        return self._wsgi

    def info(self, line):
        self.lines.append(line)


def test_the_master_warms_the_app_up_before_the_workers_fork(gunicorn_settings, cached_app):
    server = FakeArbiter(cached_app)

    gunicorn_settings["when_ready"](server)

    assert len(server.lines) == 1
    assert server.lines[0].startswith("warmed up in ")
