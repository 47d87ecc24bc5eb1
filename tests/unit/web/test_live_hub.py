"""The live hub fans events out to every subscriber, from any thread, never blocking."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from starlette.datastructures import State

from limes.events import EventHub
from limes.web.live_hub import hub_for

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a thread of its own: Playwright's sync API, once a browser test
    has started it for the session, keeps an event loop running in the main thread."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_every_subscriber_gets_every_event_in_order() -> None:
    async def scenario() -> None:
        hub = EventHub()
        first, second = hub.subscribe(), hub.subscribe()
        hub.publish_all("a", "b", "c")
        for subscription in (first, second):
            assert [await subscription.get(1) for _ in range(3)] == ["a", "b", "c"]
        assert hub.subscribers == 2

    run(scenario())


def test_events_published_from_another_thread_arrive() -> None:
    async def scenario() -> None:
        hub = EventHub()
        async with hub.subscribe() as subscription:
            worker = threading.Thread(target=lambda: hub.publish("from a thread"))
            worker.start()
            assert await subscription.get(5) == "from a thread"
            worker.join()
        assert hub.subscribers == 0

    run(scenario())


def test_a_subscriber_that_falls_behind_loses_the_oldest_events() -> None:
    async def scenario() -> None:
        hub = EventHub(queue_size=2)
        subscription = hub.subscribe()
        hub.publish_all(1, 2, 3, 4)
        await asyncio.sleep(0)
        assert [await subscription.get(1), await subscription.get(1)] == [3, 4]
        assert subscription.dropped == 2
        assert await subscription.get(0.01) is None

    run(scenario())


def test_a_closed_subscription_receives_nothing_more() -> None:
    async def scenario() -> None:
        hub = EventHub()
        subscription = hub.subscribe()
        subscription.close()
        subscription.close()
        hub.publish("late")
        assert await subscription.get(0.01) is None
        assert hub.subscribers == 0

    run(scenario())


def test_one_application_has_one_hub() -> None:
    state = State()
    assert hub_for(state) is hub_for(state)
