"""The partner link: this node's outbox posted to the partner's inbox over HTTP, signed."""
