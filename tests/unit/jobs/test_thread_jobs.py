"""The job runner: a job runs beside its caller, reports progress, stops when cancelled or
past its time limit, and is read only by its owner or an administrator (issue #13)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from helpers import FakeClock
from limes.access.model import Role, User
from limes.adapters.thread_jobs import ThreadJobRunner
from limes.errors import Invalid
from limes.jobs.errors import JobNotFound, JobsBusy
from limes.jobs.model import JobStatus, Progress

ANALYST = User("noor", Role.ANALYST, "IRQ", "x")
OTHER = User("amal", Role.ANALYST, "IRQ", "x")
ADMIN = User("root", Role.ADMINISTRATOR, "IRQ", "x")


class Timer:
    """Elapsed seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Steps:
    """Work that takes one step each time the test lets it, reporting its progress."""

    def __init__(self, steps: int = 4) -> None:
        self.steps = steps
        self.go = threading.Semaphore(0)
        self.reached = threading.Semaphore(0)

    def __call__(self, progress: Progress) -> dict[str, Any]:
        for step in range(1, self.steps + 1):
            self.go.acquire()
            progress(step / self.steps)
            self.reached.release()
        return {"steps": self.steps}

    def step(self) -> None:
        self.go.release()
        assert self.reached.acquire(timeout=5)


@pytest.fixture
def runner() -> ThreadJobRunner:
    return ThreadJobRunner(FakeClock(), max_running=2, max_seconds=60, timer=Timer())


def test_a_job_runs_beside_its_caller_and_its_progress_advances(runner: ThreadJobRunner) -> None:
    work = Steps()
    job = runner.start("test", ANALYST, work)
    assert (job.status, job.progress, job.owner) == (JobStatus.RUNNING, 0.0, "noor")
    work.step()
    assert runner.get(job.job_id, ANALYST).progress == 0.25
    work.step()
    assert runner.get(job.job_id, ANALYST).progress == 0.5
    work.step()
    work.step()
    done = runner.wait(job.job_id, 5)
    assert (done.status, done.progress, done.result) == (JobStatus.SUCCEEDED, 1.0, {"steps": 4})
    assert done.finished_at is not None and done.error is None


def test_a_cancelled_job_stops_at_its_next_checkpoint(runner: ThreadJobRunner) -> None:
    work = Steps(steps=100)
    job = runner.start("test", ANALYST, work)
    work.step()
    asked = runner.cancel(job.job_id, ANALYST)
    assert asked.cancel_requested and asked.status is JobStatus.RUNNING
    work.go.release()  # one more step: its checkpoint sees the flag
    done = runner.wait(job.job_id, 5)
    assert done.status is JobStatus.CANCELLED
    assert done.progress == 0.02
    assert done.error is not None and done.error["code"] == "job_cancelled"
    assert done.result is None


def test_a_job_past_its_time_limit_fails_at_its_next_checkpoint() -> None:
    timer = Timer()
    runner = ThreadJobRunner(FakeClock(), max_seconds=30, timer=timer)
    work = Steps(steps=10)
    job = runner.start("test", ANALYST, work)
    work.step()
    timer.now = 31
    work.go.release()
    done = runner.wait(job.job_id, 5)
    assert done.status is JobStatus.FAILED
    assert done.error is not None and done.error["code"] == "job_timed_out"
    assert "30 s" in done.error["message"]


def test_no_more_jobs_run_at_once_than_the_ceiling(runner: ThreadJobRunner) -> None:
    works = [Steps(1), Steps(1)]
    jobs = [runner.start("test", ANALYST, w) for w in works]
    with pytest.raises(JobsBusy) as refused:
        runner.start("test", OTHER, Steps(1))
    assert refused.value.http_status == 429
    works[0].step()
    runner.wait(jobs[0].job_id, 5)
    third = Steps(1)
    assert runner.start("test", OTHER, third).status is JobStatus.RUNNING
    works[1].step()
    third.step()


def test_only_the_owner_and_an_administrator_read_or_cancel_a_job(
    runner: ThreadJobRunner,
) -> None:
    work = Steps(1)
    job = runner.start("test", ANALYST, work)
    with pytest.raises(JobNotFound):
        runner.get(job.job_id, OTHER)
    with pytest.raises(JobNotFound):
        runner.cancel(job.job_id, OTHER)
    assert runner.get(job.job_id, ADMIN).job_id == job.job_id
    with pytest.raises(JobNotFound):
        runner.get("0" * 24, ANALYST)
    work.step()
    assert runner.wait(job.job_id, 5).status is JobStatus.SUCCEEDED


def test_a_job_that_raises_fails_with_its_error_or_an_internal_one(
    runner: ThreadJobRunner,
) -> None:
    def invalid(_progress: Progress) -> dict[str, Any]:
        raise Invalid("too many", field="size")

    def broken(_progress: Progress) -> dict[str, Any]:
        raise RuntimeError("a bug")

    first = runner.wait(runner.start("test", ANALYST, invalid).job_id, 5)
    assert first.status is JobStatus.FAILED
    assert first.error == {"code": "invalid", "message": "too many", "field": "size"}
    second = runner.wait(runner.start("test", ANALYST, broken).job_id, 5)
    assert second.error is not None and second.error["code"] == "internal"
    assert "a bug" not in second.error["message"]


def test_closing_the_runner_cancels_what_runs(runner: ThreadJobRunner) -> None:
    def endless(progress: Progress) -> dict[str, Any]:
        for _ in range(10_000):  # ten seconds at most, should closing not stop it
            progress(0.5)
            time.sleep(0.001)
        return {}

    job = runner.start("test", ANALYST, endless)
    runner.close()
    assert runner.wait(job.job_id, 1).status is JobStatus.CANCELLED
