"""The HTTP side of the partner link: posting envelopes and agreement acts to the partner.

The partner's answers (see ``limes.web.routes.exchange``):

- ``POST /api/v1/exchange/envelopes`` with the envelope's wire form as the body. 200 with
  ``{"receipt": {...}}`` when the item was taken; otherwise the one error shape
  ``{"error": {"code", "message", "field"}}``, with ``"receipt"`` beside ``"error"`` when the
  inbox still answered with a signed receipt (a refusal by the agreement, or a replay of
  an envelope taken before) and ``"expected_sequence"`` for one out of sequence.
- ``POST /api/v1/exchange/acts`` with ``{"act": {...}, "terms": {...}}``: 200 once the act
  is applied (or was already), an error otherwise.

No answer at all (refused connection, timeout, a proxy's 502-504) means the partner is
unreachable; any answer from the partner itself means it is up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from limes.errors import LimesError
from limes.sharing.receipt import Receipt

ENVELOPES_PATH = "/api/v1/exchange/envelopes"
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
    receipt: Receipt | None = None
    message: str = ""


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

    async def post_envelope(self, wire: bytes) -> PartnerAnswer:
        """Post one sealed envelope; the answer carries the partner's receipt if it gave one."""
        return await self._post(
            ENVELOPES_PATH, content=wire, headers={"content-type": "application/json"}
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
    receipt = None
    raw_receipt = document.get("receipt")
    if isinstance(raw_receipt, dict):
        try:
            receipt = Receipt.from_json(raw_receipt)
        except LimesError:
            receipt = None
    error = document.get("error")
    if isinstance(error, dict):
        return PartnerAnswer(
            True,
            status_code,
            str(error.get("code", "partner_error")),
            receipt,
            str(error.get("message", "")),
        )
    return PartnerAnswer(
        True, status_code, None if status_code == 200 else "partner_error", receipt
    )


def _describe(error: httpx.HTTPError) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
