"""MQTT at the edge (paho-mqtt): the node's subscription to its sensors, and the publisher
the simulator uses as the sensors do. Topics and payloads: docs/mqtt.md."""
