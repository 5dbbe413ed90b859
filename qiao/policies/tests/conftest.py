import pytest

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Run queued tasks at once (the worker's job), so scenarios read their results.

    django-tasks resets its cached backends on ``setting_changed``, which ``settings`` sends;
    a test that wants the database backend sets ``settings.TASKS`` back itself."""
    settings.TASKS = IMMEDIATE_TASKS
