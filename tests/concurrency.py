"""Running the same work on many database connections at once."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connection


def all_at_once(work, arguments):
    """Run `work(argument)` in one thread per argument, all released together.
    Returns (results, exceptions)."""
    barrier = threading.Barrier(len(arguments))

    def run(argument):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=60)
            return work(argument)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(arguments)) as pool:
        futures = [pool.submit(run, argument) for argument in arguments]
    results, errors = [], []
    for future in futures:
        if future.exception() is None:
            results.append(future.result())
        else:
            errors.append(future.exception())
    return results, errors
