"""The HTTP side of the partner link: posting envelopes and agreement acts to the partner.

The partner's answers (see ``limes.sharing.http``):

- ``POST /api/v1/exchange/batches`` with a signed batch (:mod:`limes.sharing.envelope`) as
  the body. 200 with ``{"receipts": [...], "stopped": null}`` when the batch was taken
  (each item accepted or refused, each with its signed receipt; ``stopped`` names the code
  where the partner stopped taking, the rest to be sent again); otherwise the one error
  shape ``{"error": {"code", "message", "field"}}``, with ``"expected_sequence"`` for a
  batch out of sequence.
- ``POST /api/v1/exchange/acts`` with ``{"act": {...}, "terms": {...}}``: 200 once the act
  is applied (or was already), an error otherwise.

No answer at all (refused connection, timeout, a proxy's 502-504) means the partner is
unreachable; any answer from the partner itself means it is up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

BATCHES_PATH = "/api/v1/exchange/batches"
ACTS_PATH = "/api/v1/exchange/acts"
HEALTH_PATH = "/health"
# Answers from something in front of the partner, not from the partner's node.
_GATEWAY_STATUSES = frozenset({502, 503, 504})


@dataclass(frozen=True)
class PartnerAnswer:
    """What came back from one request: ``reachable`` is False when nothing did."""

    reachable: bool
    status_code: int | None
    code: str | None
    receipts: object = None
    message: str = ""
    stopped: str | None = None
    expected_sequence: int | None = None


class HttpPartnerClient:
    """Requests to one partner node at ``base_url`` (e.g. ``http://127.0.0.1:8001``)."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout_s: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._client = httpx.AsyncClient(
            base_url=self.base_url, timeout=timeout_s, transport=transport
        )

    async def post_batch(self, wire: bytes) -> PartnerAnswer:
        """Post one signed batch; the answer carries the partner's receipts (unverified:
        :func:`limes.sharing.receipt.receipts_from_json` checks them) if it gave any."""
        return await self._post(
            BATCHES_PATH, content=wire, headers={"content-type": "application/json"}
        )

    async def post_act(self, message: dict[str, Any]) -> PartnerAnswer:
        """Post one signed agreement act (with the terms)."""
        return await self._post(ACTS_PATH, json=message)

    async def probe(self) -> PartnerAnswer:
        """Ask the partner's /health whether it is up."""
        try:
            response = await self._client.get(HEALTH_PATH)
        except httpx.HTTPError as error:
            return PartnerAnswer(False, None, "partner_unreachable", message=_describe(error))
        up = response.status_code == 200
        return PartnerAnswer(up, response.status_code, None if up else "partner_unhealthy")

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _post(self, path: str, **request: Any) -> PartnerAnswer:
        try:
            response = await self._client.post(path, **request)
        except httpx.HTTPError as error:
            return PartnerAnswer(False, None, "partner_unreachable", message=_describe(error))
        if response.status_code in _GATEWAY_STATUSES:
            return PartnerAnswer(False, response.status_code, "partner_unreachable")
        return read_answer(response.status_code, response.content)


def read_answer(status_code: int, body: bytes) -> PartnerAnswer:
    """The partner's answer from its status and body (any shape is tolerated)."""
    try:
        document = httpx.Response(status_code, content=body).json()
    except ValueError:
        document = None
    if not isinstance(document, dict):
        return PartnerAnswer(True, status_code, None if status_code == 200 else "partner_error")
    error = document.get("error")
    expected = document.get("expected_sequence")
    expected_sequence = expected if isinstance(expected, int) else None
    if isinstance(error, dict):
        return PartnerAnswer(
            True,
            status_code,
            str(error.get("code", "partner_error")),
            message=str(error.get("message", "")),
            expected_sequence=expected_sequence,
        )
    stopped = document.get("stopped")
    return PartnerAnswer(
        True,
        status_code,
        None if status_code == 200 else "partner_error",
        receipts=document.get("receipts"),
        stopped=str(stopped.get("code")) if isinstance(stopped, dict) else None,
        message=str(stopped.get("message", "")) if isinstance(stopped, dict) else "",
    )


def _describe(error: httpx.HTTPError) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
