"""The node's MQTT subscription to its sensors (paho-mqtt 2).

Delivery guarantees (docs/mqtt.md, "Delivery"):

* QoS 1 and a persistent session: MQTT 5 with ``clean_start`` false and a session expiry
  interval, under a fixed client id. While the node is away, or the broker restarts (with
  persistence on), the broker keeps the detections for it.
* Manual acknowledgement: a PUBACK goes back only after the runtime's handler returned for
  the batch holding the message (the bus holds it, or it is stored). A batch whose handler
  fails is retried, never acknowledged unhandled.
* MQTT 5 Receive Maximum lets the broker keep many messages in flight to us, so batches
  fill up under load instead of waiting on acknowledgements 20 at a time.
* paho reconnects by itself (1 s, doubling to 30 s) and re-subscribes on every connect.

paho runs its network loop in a thread of its own; received messages are handed to the
asyncio loop in batches (one wake-up per batch, not per message).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections import deque
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from limes.adapters.mqtt.connection import parse_mqtt_url
from limes.pipeline.messages import SUBSCRIPTIONS
from limes.pipeline.ports import MessagesHandler, RawMessage

log = logging.getLogger(__name__)

SESSION_EXPIRY_S = 7 * 24 * 3600  # the broker keeps our session (and queued messages) a week
RECEIVE_MAXIMUM = 2000


class MqttDetectionSubscriber:
    """Sensor messages from an MQTT broker, in batches, acknowledged after handling."""

    def __init__(
        self,
        url: str,
        client_id: str = "limes-ingest",
        *,
        topics: tuple[str, ...] = SUBSCRIPTIONS,
        batch_max: int = 500,
        keepalive_s: int = 30,
        session_expiry_s: int = SESSION_EXPIRY_S,
    ) -> None:
        self.address = parse_mqtt_url(url)
        self.client_id = client_id
        self.topics = topics
        self.batch_max = batch_max
        self.keepalive_s = keepalive_s
        self.session_expiry_s = session_expiry_s
        self.connected = asyncio.Event()
        self.connections = 0  # successful connects so far (reconnects included)
        self._pending: deque[tuple[str, bytes, int, int]] = deque()
        self._flagged = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._client: mqtt.Client | None = None
        self._drainer: asyncio.Task[None] | None = None
        self._handler: MessagesHandler | None = None

    async def start(self, handler: MessagesHandler) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._handler = handler
        client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=self.client_id,
            protocol=mqtt.MQTTv5,
            manual_ack=True,
        )
        if self.address.username:
            client.username_pw_set(self.address.username, self.address.password)
        if self.address.tls:
            client.tls_set_context(ssl.create_default_context())
        client.reconnect_delay_set(1, 30)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        properties = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call]
        properties.SessionExpiryInterval = self.session_expiry_s
        properties.ReceiveMaximum = RECEIVE_MAXIMUM
        self._client = client
        self._drainer = asyncio.create_task(self._drain_forever(), name="mqtt-drain")
        client.connect_async(
            self.address.host,
            self.address.port,
            self.keepalive_s,
            clean_start=False,
            properties=properties,
        )
        client.loop_start()

    async def stop(self) -> None:
        """Disconnect; messages received but not handled stay unacknowledged with the broker."""
        client, self._client = self._client, None
        if client is not None:
            client.disconnect()
            client.loop_stop()
        if self._drainer is not None:
            self._drainer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._drainer
            self._drainer = None
        self._pending.clear()

    # -- paho's thread ------------------------------------------------------------------

    def _on_connect(
        self, client: mqtt.Client, _userdata: Any, _flags: Any, reason: Any, _props: Any
    ) -> None:
        if reason.is_failure:
            log.warning("MQTT broker %s refused the connection: %s", self.address.host, reason)
            return
        client.subscribe([(topic, 1) for topic in self.topics])
        self.connections += 1
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self.connected.set)

    def _on_disconnect(
        self, _client: mqtt.Client, _userdata: Any, _flags: Any, reason: Any, _props: Any
    ) -> None:
        log.warning("MQTT connection lost (%s); reconnecting", reason)
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self.connected.clear)

    def _on_message(self, _client: mqtt.Client, _userdata: Any, message: mqtt.MQTTMessage) -> None:
        self._pending.append((message.topic, bytes(message.payload), message.mid, message.qos))
        if not self._flagged and self._loop is not None and self._wake is not None:
            self._flagged = True
            self._loop.call_soon_threadsafe(self._wake.set)

    # -- the asyncio loop ---------------------------------------------------------------

    async def _drain_forever(self) -> None:
        assert self._wake is not None
        while True:
            await self._wake.wait()
            self._wake.clear()
            # Clear the flag before draining: a message appended after this is either
            # drained below or flags a new wake-up.
            self._flagged = False
            while self._pending:
                batch = [
                    self._pending.popleft() for _ in range(min(self.batch_max, len(self._pending)))
                ]
                await self._handle(batch)

    async def _handle(self, batch: list[tuple[str, bytes, int, int]]) -> None:
        assert self._handler is not None
        messages = [RawMessage(topic, payload) for topic, payload, _, _ in batch]
        delay_s = 0.5
        while True:
            try:
                await self._handler(messages)
                break
            except Exception:
                log.exception("handling %d MQTT messages failed; retrying", len(messages))
                await asyncio.sleep(delay_s)
                delay_s = min(delay_s * 2, 10.0)
        client = self._client
        if client is None:
            return
        for _, _, mid, qos in batch:
            if qos > 0:
                client.ack(mid, qos)
