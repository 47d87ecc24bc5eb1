"""Publishing as sensors do (paho-mqtt 2): QoS 1, for the simulator and the benchmarks."""

from __future__ import annotations

import ssl
import threading
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from limes.adapters.mqtt.connection import parse_mqtt_url
from limes.errors import Unavailable


class MqttSensorPublisher:
    """A connected MQTT client publishing sensor messages with QoS 1.

    ``max_inflight`` publishes may wait for the broker's PUBACK at once; :meth:`flush`
    waits until every publish so far is acknowledged.
    """

    def __init__(self, url: str, client_id: str = "", *, max_inflight: int = 1000) -> None:
        self.address = parse_mqtt_url(url)
        self._client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv311
        )
        self._client.max_inflight_messages_set(max_inflight)
        self._client.max_queued_messages_set(0)
        if self.address.username:
            self._client.username_pw_set(self.address.username, self.address.password)
        if self.address.tls:
            self._client.tls_set_context(ssl.create_default_context())
        self._acked = threading.Condition()
        self._unacked = 0
        self._client.on_publish = self._on_publish

    def _on_publish(self, *_args: Any) -> None:
        with self._acked:
            self._unacked -= 1
            if self._unacked <= 0:
                self._acked.notify_all()

    def connect(self, timeout_s: float = 5.0) -> None:
        """Connect and start the network thread; Unavailable when the broker is not there."""
        try:
            self._client.connect(self.address.host, self.address.port, keepalive=30)
        except OSError as exc:
            raise Unavailable(
                f"cannot reach the MQTT broker at {self.address.host}:{self.address.port}: {exc}"
            ) from None
        self._client.loop_start()

    def publish(self, topic: str, payload: bytes, qos: int = 1) -> None:
        with self._acked:
            self._unacked += 1
        self._client.publish(topic, payload, qos=qos)

    def flush(self, timeout_s: float = 30.0) -> bool:
        """Wait until every publish so far is acknowledged; False on timeout."""
        with self._acked:
            return self._acked.wait_for(lambda: self._unacked <= 0, timeout_s)

    def close(self) -> None:
        self._client.disconnect()
        self._client.loop_stop()
