"""Checking many files on several processes.

A small process pool of our own, because of cross-report rules: each worker keeps the reports it
parsed, and the main process receives only the findings and a summary of each report (its text,
title, format and reading problems). When a cross-report rule then looks further into a report
(its tables, its parts), the report is fetched from the worker that parsed it
(:class:`LazyReport`). Shipping every parsed report back costs about a quarter of the work of
checking it, and a typical review run (one year, many bodies) needs none of them.

Workers take chunks of files as they become free, so the load is balanced; results are put back
in the order of the files, so the output is the same as a serial run. A worker that dies makes
the run fail with a one-line message instead of waiting for it forever.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import pickle
import queue
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from giar_lint.model.report import Report

if TYPE_CHECKING:
    from giar_lint.engine import FileResult

#: Fields of a report that travel with every result; the rest stays in the worker until needed.
SUMMARY_FIELDS = ("source", "title", "format", "problems", "page_of_line")
#: Seconds between checks that the workers are still alive while waiting for them.
POLL_SECONDS = 0.5


class WorkerDied(Exception):
    """A worker process ended unexpectedly (killed, out of memory, crashed)."""


class LazyReport(Report):
    """A report whose summary is here and whose other parts are fetched on first use."""

    def __init__(
        self,
        summary: dict[str, Any] | None = None,
        load: Callable[[], Report | None] | None = None,
        **fields: Any,
    ):
        if fields:  # dataclasses.replace(lazy, ...) builds a complete report of this class
            Report.__init__(self, **fields)
            object.__setattr__(self, "_lazy_load", None)
            return
        for name, value in (summary or {}).items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_lazy_load", load)

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not set yet, i.e. the parts that stayed in the worker.
        load = self.__dict__.get("_lazy_load")
        if load is None or name.startswith("__"):
            raise AttributeError(name)
        object.__setattr__(self, "_lazy_load", None)
        full = load()
        if full is None:
            raise AttributeError(f"{name} (the report is no longer available)")
        for field in dataclasses.fields(Report):
            if field.name not in self.__dict__:
                object.__setattr__(self, field.name, getattr(full, field.name))
        return object.__getattribute__(self, name)

    def __reduce__(self) -> Any:
        # Sent elsewhere, it travels as the plain report it stands for.
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(Report)}
        return (_make_report, (values,))


def _make_report(values: dict[str, Any]) -> Report:
    return Report(**values)


def summary_of(report: Report) -> dict[str, Any]:
    return {name: getattr(report, name) for name in SUMMARY_FIELDS}


Task = tuple[int, str, "str | None"]  # (index, path, configuration key)


def _worker_main(
    worker_id: int,
    inbox: Any,
    outbox: Any,
    check: Callable[[tuple[str, str | None]], FileResult],
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    keep_reports: bool,
) -> None:
    try:
        initializer(*initargs)
        reports: dict[int, Report] = {}
        parent = os.getppid()
        while True:
            try:
                message = inbox.get(timeout=POLL_SECONDS * 4)
            except queue.Empty:
                if os.getppid() != parent:  # the main process is gone: do not linger
                    return
                continue
            kind = message[0]
            if kind == "check":
                for index, path, key in message[1]:
                    result = check((path, key))
                    if result.report is not None:
                        if keep_reports:
                            reports[index] = result.report
                        result.summary = summary_of(result.report)
                        result.report = None
                    outbox.put(("result", worker_id, index, _dumps(result, path)))
                outbox.put(("idle", worker_id, None, None))
            elif kind == "report":
                index = message[1]
                outbox.put(("report", worker_id, index, _dumps(reports.get(index), None)))
            else:  # "stop"
                return
    except KeyboardInterrupt:  # the terminal interrupts every process; the main one reports it
        return


def _dumps(value: Any, path: str | None) -> bytes:
    """Pickle here rather than in the queue's background thread, where a failure would be lost
    and the main process would wait forever."""
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        if path is None:
            return pickle.dumps(None)
        from giar_lint.engine import FileResult

        message = f"internal error on {path}: result cannot be sent: {type(exc).__name__}: {exc}"
        return pickle.dumps(FileResult(path=path, diagnostics=[], errors=[message]))


class Pool:
    """``jobs`` worker processes checking files; use as a context manager."""

    def __init__(
        self,
        jobs: int,
        check: Callable[[tuple[str, str | None]], FileResult],
        initializer: Callable[..., None],
        initargs: tuple[Any, ...],
        *,
        keep_reports: bool,
    ):
        methods = multiprocessing.get_all_start_methods()
        # fork: workers inherit the loaded plugins, rules and configurations
        self._ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
        self._outbox = self._ctx.Queue()
        self._inboxes = [self._ctx.Queue() for _ in range(jobs)]
        self._processes = [
            self._ctx.Process(
                target=_worker_main,
                args=(i, inbox, self._outbox, check, initializer, initargs, keep_reports),
                daemon=True,
                name=f"giar-lint-worker-{i}",
            )
            for i, inbox in enumerate(self._inboxes)
        ]
        self._owner: dict[int, int] = {}

    def __enter__(self) -> Pool:
        for process in self._processes:
            process.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for inbox, process in zip(self._inboxes, self._processes, strict=True):
            if process.is_alive():
                try:
                    inbox.put(("stop",))
                except (OSError, ValueError):
                    pass
        for process in self._processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
        for q in (*self._inboxes, self._outbox):
            q.close()
            q.cancel_join_thread()

    def _get(self) -> tuple[str, int, int | None, Any]:
        while True:
            try:
                return self._outbox.get(timeout=POLL_SECONDS)
            except queue.Empty:
                for process in self._processes:
                    if not process.is_alive():
                        raise WorkerDied(
                            f"worker process {process.name} ended unexpectedly "
                            f"(exit code {process.exitcode})"
                        ) from None

    def check(
        self,
        tasks: Sequence[tuple[str, str | None]],
        on_result: Callable[[], None] | None = None,
    ) -> list[FileResult]:
        """Results of ``tasks``, in their order."""
        jobs = len(self._processes)
        indexed = [(i, path, key) for i, (path, key) in enumerate(tasks)]
        size = max(1, min(16, len(indexed) // (jobs * 8)))
        chunks = deque(indexed[i : i + size] for i in range(0, len(indexed), size))
        results: list[FileResult | None] = [None] * len(indexed)
        for worker_id in range(jobs):
            if chunks:
                self._inboxes[worker_id].put(("check", chunks.popleft()))
        done = 0
        while done < len(indexed):
            kind, worker_id, index, payload = self._get()
            if kind == "result":
                assert index is not None
                results[index] = pickle.loads(payload)
                self._owner[index] = worker_id
                done += 1
                if on_result is not None:
                    on_result()
            elif kind == "idle" and chunks:
                self._inboxes[worker_id].put(("check", chunks.popleft()))
        return [r for r in results if r is not None]

    def fetch(self, index: int) -> Report | None:
        """The report of task ``index``, from the worker that parsed it."""
        worker_id = self._owner.get(index)
        if worker_id is None:
            return None
        self._inboxes[worker_id].put(("report", index))
        while True:
            kind, _worker, got, payload = self._get()
            if kind == "report" and got == index:
                return pickle.loads(payload)

    def lazy_report(self, index: int, summary: dict[str, Any]) -> LazyReport:
        return LazyReport(summary, lambda: self.fetch(index))
