"""The inbox over HTTP: ``POST /api/v1/exchange/batches``, called by a partner's node.

No user token: a batch is authenticated by the Ed25519 signature over its Merkle root,
checked against the keys imported from the partner's key document, before anything is
written (:func:`limes.sharing.exchange.receive_batch`). Bytes over the limit are not read
further, and a rejection no partner's key vouches for writes nothing (it is counted in
``limes_exchange_envelopes_refused_unauthenticated_total``).

The sender keeps a window of batches in flight, so one may arrive before the batch ahead of
it is stored: the inbox then holds it, briefly, until its turn comes, instead of refusing it
and making the sender start over.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from limes.adapters.partner.inbox_limits import InboxLimits
from limes.adapters.partner.views import sharing_uow
from limes.container import Node
from limes.errors import LimesError, RateLimited
from limes.sharing import exchange
from limes.sharing.envelope import DEFAULT_MAX_BATCH_BYTES
from limes.sharing.errors import EnvelopeOutOfSequence, EnvelopeTooLarge, InboxRateLimited
from limes.sharing.http import SIGNED_BY_PARTNER, keyring
from limes.sharing.inbox import BatchDecision
from limes.sharing.receipt import receipts_to_json
from limes.web.errors import error_body
from limes.web.security import get_node

router = APIRouter(prefix="/api/v1/exchange", tags=["exchange"])

NodeDep = Annotated[Node, Depends(get_node)]

# How long a batch that came early waits for the one ahead of it, at most: longer than a
# batch takes to store on a loaded node. It is woken as soon as any batch is stored, and
# looks again at least every _TURN_LOOK_S (the batch ahead may be stored by another process).
_TURN_WAIT_S = 2.5
_TURN_LOOK_S = 0.05


@router.post(
    "/batches",
    summary="The inbox: take a signed batch of items from a partner",
    description=SIGNED_BY_PARTNER
    + " Answers 200 with the signed receipts (`receipts`: per receipt batch its header, "
    "signature and receipt bodies; each item accepted or refused with its code) and "
    "`stopped` (the code where the inbox stopped taking, or null); otherwise the one error "
    "shape with the rejection's code (envelope_too_large 413, envelope_malformed 422, "
    "envelope_misaddressed, envelope_unknown_key, envelope_revoked_key, envelope_tampered "
    "403, envelope_replayed, envelope_out_of_sequence 409 with `expected_sequence`, "
    "inbox_rate_limited 429 with Retry-After: an address past 50 refused requests in 10 s, or "
    "a partner past 400 batches in 10 s).",
    responses={
        403: {"description": "not signed by a partner's valid key"},
        409: {"description": "envelope_out_of_sequence or envelope_replayed"},
        413: {"description": "envelope_too_large"},
        422: {"description": "envelope_malformed"},
        429: {"description": "inbox_rate_limited, with Retry-After"},
    },
)
async def take_batch(request: Request, node: NodeDep) -> JSONResponse:
    limits = inbox_limits(request, node)
    client = request.client.host if request.client else "unknown"
    wait_s = limits.stranger_wait_s(client)
    if wait_s is not None:
        # Not a byte of the body is read for an address that keeps sending junk.
        node.metrics.envelopes_refused_unsigned.labels(InboxRateLimited.code).inc()
        return _rejection(
            InboxRateLimited(
                f"too many refused requests from {client}; wait {wait_s} s", retry_after_s=wait_s
            )
        )
    limit = DEFAULT_MAX_BATCH_BYTES
    body = await _body_within(request, limit)
    if body is None:
        node.metrics.envelopes_refused_unsigned.labels(EnvelopeTooLarge.code).inc()
        limits.stranger_failed(client)
        return _rejection(
            EnvelopeTooLarge(f"more than {limit} bytes; this node accepts at most {limit}")
        )
    keys = await run_in_threadpool(keyring, request, node)
    admit = _partner_admission(limits)
    turn = _turns(request)
    deadline = asyncio.get_running_loop().time() + _TURN_WAIT_S
    while True:
        try:
            decision: BatchDecision = await run_in_threadpool(
                exchange.receive_batch,
                sharing_uow(node),
                keys,
                node.clock,
                wire=body,
                max_batch_bytes=limit,
                admit=admit,
                publish=node.live_hub.publish,
            )
        except EnvelopeOutOfSequence as early:
            left = deadline - asyncio.get_running_loop().time()
            if early.received_sequence > early.expected_sequence and left > 0:
                # The batch ahead of it is still on its way: wait for the next one stored.
                async with turn:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(turn.wait(), min(left, _TURN_LOOK_S))
                continue
            return _rejection(early)
        except LimesError as rejection:
            if rejection.code in exchange.UNAUTHENTICATED:
                node.metrics.envelopes_refused_unsigned.labels(rejection.code).inc()
                limits.stranger_failed(client)
            return _rejection(rejection)
        async with turn:
            turn.notify_all()
        return JSONResponse(_answer(decision))


async def _body_within(request: Request, limit: int) -> bytes | None:
    """The request's body, or None as soon as it passes ``limit`` bytes."""
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            # Stop reading: the bytes of an oversized batch are never parsed or stored.
            return None
    return bytes(body)


def _partner_admission(limits: InboxLimits) -> Callable[[str], None]:
    """The ``admit`` check for :func:`limes.sharing.exchange.receive_batch`: raises
    :class:`InboxRateLimited` (with the wait) for a partner past its batch rate, otherwise
    counts the batch against the sender's limit."""

    def admit(sender: str) -> None:
        waiting = limits.partner_wait_s(sender)
        if waiting is not None:
            raise InboxRateLimited(
                f"{sender} sent more batches than this node takes; wait {waiting} s",
                retry_after_s=waiting,
            )
        limits.partner_sent(sender)

    return admit


def _answer(decision: BatchDecision) -> dict[str, Any]:
    stopped = decision.stopped
    return {
        "receipts": receipts_to_json(decision.receipts),
        "stopped": None
        if stopped is None
        else {"code": stopped.code, "message": stopped.message, "field": stopped.field},
    }


def _turns(request: Request) -> asyncio.Condition:
    """Notified whenever this application stored a batch: what an early batch waits on."""
    held = getattr(request.app.state, "inbox_turns", None)
    if not isinstance(held, asyncio.Condition):
        held = request.app.state.inbox_turns = asyncio.Condition()
    return held


def inbox_limits(request: Request, node: Node) -> InboxLimits:
    """The inbox's rate limits, one per application (in its state)."""
    held = getattr(request.app.state, "inbox_limits", None)
    if not isinstance(held, InboxLimits):
        held = request.app.state.inbox_limits = InboxLimits(node.clock)
    return held


def _rejection(error: LimesError) -> JSONResponse:
    """The one error shape, with the sequence expected for a batch out of sequence and
    ``Retry-After`` for a rate limit."""
    document = error_body(error.code, error.message, error.field)
    headers = {}
    if isinstance(error, EnvelopeOutOfSequence):
        document["expected_sequence"] = error.expected_sequence
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.retry_after_s)
    return JSONResponse(document, status_code=error.http_status, headers=headers)
