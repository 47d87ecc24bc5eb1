"""The bus carrying validated sensor readings by border sector: in-process (the embedded
default) or NATS JetStream (national scale). Both satisfy ``limes.pipeline.ports.SensorBus``."""
