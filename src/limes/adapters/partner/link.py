"""The partner link: the background worker that empties this node's outbox into the
partner's inbox.

Each pass it first lets the sharing policy queue this node's new alarms and incidents that
an agreement grants (:mod:`.policy`), then posts the agreement acts waiting for the partner,
then the pending items in signed batches of up to ``batch_size``, read from the outbox by
sequence, with up to ``window`` batches in flight (the partner's inbox takes them in
order, holding one that arrives early until its turn). What comes back is recorded: the
partner's receipts, verified (one signature per batch, a Merkle path per item), close the
items (:func:`limes.sharing.exchange.record_receipts`); anything else counts as a failed
attempt and waits (exponential backoff with jitter,
:class:`limes.sharing.outbox.BackoffPolicy`). Nothing is ever dropped: the outbox rows are
the only state, committed before and after each post, so a node killed mid-send resends on
restart and the partner's inbox (idempotent by (sender, sequence)) answers the repeat with
its original receipts.

Only one process of a node sends to a partner at a time: on PostgreSQL the link holds a
session advisory lock per partner (:class:`~limes.sharing.store.SenderLease`)
and a replica without it sends nothing; the lock goes with its connection if the process
dies. (An SQLite store belongs to one process, which needs no lease.)

While the partner is unreachable the link does not hammer it with items: it probes
``/health`` every ``probe_interval_s`` and, as soon as the partner answers again, sends at
once whatever is waiting, without sitting out the rest of a long backoff. The partner's
reachability (and since when it is down) is written to the store for the dashboard.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from limes.adapters.partner.client import HttpPartnerClient, PartnerAnswer
from limes.adapters.partner.keys import KeyringCache
from limes.adapters.partner.policy import NearBoundaryPolicy
from limes.clock import Clock
from limes.errors import LimesError
from limes.sharing import exchange
from limes.sharing.batch import SignedBatch
from limes.sharing.outbox import BackoffPolicy
from limes.sharing.receipt import receipts_from_json
from limes.sharing.services import Publish
from limes.sharing.store import LinkStatus, QueuedAct, SqlAlchemySharingUnitOfWork
from limes.sharing.store_outbox import SenderLease

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

UowFactory = Callable[[], SqlAlchemySharingUnitOfWork]
# Answers after which retrying an act cannot help: the partner read it and said no (404:
# it never held the agreement, e.g. a draft terminated before anyone approved it).
_FINAL_ACT_STATUSES = frozenset({404, 409, 422})


@dataclass(frozen=True)
class PassReport:
    """What one pass did."""

    delivered: int = 0
    failed: int = 0
    acts_sent: int = 0
    batches: int = 0


class PartnerLink:
    """Sends due outbox items and agreement acts to the partner node; see the module doc.

    ``partner_url`` overrides the address in the partner's key document (the setting
    ``partner_url``). ``policy`` is the retry backoff; ``poll_interval_s`` how often the
    outbox is looked at when nothing woke the link; ``probe_interval_s`` how often a
    partner that is down is asked whether it is back (``client`` replaces the HTTP
    client, for tests; ``sharing_policy`` picks what this node shares by itself each pass,
    see :mod:`.policy`); ``heartbeat_s`` how long an idle
    link waits before asking a partner that is up whether it still is; ``batch_size`` and
    ``window`` how many items go in one signed batch and how many batches are in flight;
    ``lease`` the single-sender lock (None: this process is the only sender).
    """

    def __init__(
        self,
        *,
        uow_factory: UowFactory,
        clock: Clock,
        keys: KeyringCache,
        partner_party: str,
        partner_url: str | None = None,
        policy: BackoffPolicy | None = None,
        poll_interval_s: float = 0.2,
        probe_interval_s: float = 2.0,
        heartbeat_s: float = 10.0,
        timeout_s: float = 10.0,
        rng: random.Random | None = None,
        client: HttpPartnerClient | None = None,
        sharing_policy: NearBoundaryPolicy | None = None,
        batch_size: int = 1000,
        window: int = 2,
        lease: SenderLease | None = None,
        publish: Publish | None = None,
    ) -> None:
        self._uow = uow_factory
        self._publish = publish
        self._clock = clock
        self._keys = keys
        self.partner_party = partner_party
        self._partner_url = partner_url
        self.policy = policy or BackoffPolicy()
        self._poll_interval_s = poll_interval_s
        self._probe_interval_s = probe_interval_s
        self._heartbeat_s = heartbeat_s
        self._timeout_s = timeout_s
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not secrecy
        self._client = client
        self._sharing_policy = sharing_policy
        self.batch_size = batch_size
        self.window = window
        self._lease = lease
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._reachable: bool | None = None
        self._down_since: datetime | None = None
        self._last_contact_at: datetime | None = None
        self._last_probe: datetime | None = None
        self._send_all_now = True

    # --- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        """Load (or create) the node's keys and begin sending in the background."""
        await asyncio.to_thread(self._keys.get)
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(
            self._run(), name=f"limes-partner-link-{self.partner_party}"
        )

    async def stop(self) -> None:
        """Stop after the current post; what is not acknowledged stays in the outbox."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        if self._lease is not None:
            await asyncio.to_thread(self._lease.release)

    def wake(self) -> None:
        """Look at the outbox now (an item was queued). Safe from any thread."""
        loop, event = self._loop, self._wake
        if loop is not None and event is not None and not loop.is_closed():
            loop.call_soon_threadsafe(event.set)

    @property
    def reachable(self) -> bool | None:
        """Whether the partner answered the last request (None before the first)."""
        return self._reachable

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            try:
                report = await self.run_once()
                busy = report.delivered > 0 or report.acts_sent > 0
            except Exception:
                log.exception("partner link pass failed; retrying")
                busy = False
            if busy:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_interval_s)
            self._wake.clear()

    # --- one pass --------------------------------------------------------------------------

    async def run_once(self) -> PassReport:
        """Post what is due once; return what happened (tests call this directly)."""
        if self._lease is not None and not await asyncio.to_thread(self._lease.hold):
            return PassReport()  # another replica of this node is the sender
        if self._sharing_policy is not None:
            await asyncio.to_thread(self._sharing_policy.share_new_items)
        client = await self._partner_client()
        if client is None:
            return PassReport()
        if self._reachable is False and not await self._probe(client):
            return PassReport()
        if self._reachable and self._quiet_for_s() >= self._heartbeat_s:
            await self._probe(client)  # idle: still notice a partner going down
        force, self._send_all_now = self._send_all_now, False
        acts_sent = await self._send_acts(client, force)
        if self._reachable is False:
            return PassReport(acts_sent=acts_sent)
        delivered, failed, batches = await self._send_items(client, force)
        return PassReport(delivered, failed, acts_sent, batches)

    async def _send_items(self, client: HttpPartnerClient, force: bool) -> tuple[int, int, int]:
        """Post batches, ``window`` in flight, until the outbox is empty or one fails."""
        in_flight: deque[tuple[SignedBatch, asyncio.Task[PartnerAnswer]]] = deque()
        after = 0
        delivered = failed = batches = 0
        ok = True
        while True:
            while ok and len(in_flight) < self.window:
                batch = await asyncio.to_thread(self._next_batch, after, force)
                if batch is None:
                    break
                after = batch.items[-1].header.sequence
                task = asyncio.create_task(client.post_batch(batch.to_wire()))
                in_flight.append((batch, task))
            if not in_flight:
                return delivered, failed, batches
            batch, task = in_flight.popleft()
            answer = await task
            await self._saw(answer)
            closed, open_ = await asyncio.to_thread(self._settle, batch, answer)
            batches += 1
            delivered += closed
            if open_:
                failed += open_
                ok = False  # the rest waits for the next pass, from the first still open

    def _next_batch(self, after: int, force: bool) -> SignedBatch | None:
        items = exchange.next_batch(
            self._uow(),
            self._clock,
            receiver=self.partner_party,
            after=after,
            limit=self.batch_size,
            force=force or after > 0,
        )
        if not items:
            return None
        return exchange.sign_next(self._keys.get(), self._clock, items)

    async def _partner_client(self) -> HttpPartnerClient | None:
        if self._client is None:
            url = self._partner_url or await asyncio.to_thread(self._address_from_store)
            if not url:
                return None
            self._client = HttpPartnerClient(url, timeout_s=self._timeout_s)
        return self._client

    def _address_from_store(self) -> str | None:
        with self._uow() as uow:
            partner = uow.partners.get(self.partner_party)
        return None if partner is None else partner.address

    def _quiet_for_s(self) -> float:
        last = max(
            (t for t in (self._last_contact_at, self._last_probe) if t is not None), default=None
        )
        return float("inf") if last is None else (self._clock.now() - last).total_seconds()

    async def _probe(self, client: HttpPartnerClient) -> bool:
        now = self._clock.now()
        if self._last_probe is not None and (now - self._last_probe).total_seconds() < (
            self._probe_interval_s
        ):
            return False
        self._last_probe = now
        answer = await client.probe()
        await self._saw(answer)
        if answer.reachable:
            self._send_all_now = True  # back: send what waits, not after its backoff
        return answer.reachable

    def _settle(self, batch: SignedBatch, answer: PartnerAnswer) -> tuple[int, int]:
        """Record the answer for ``batch``; return how many of its items it closed and how
        many it left open."""
        closed = 0
        code = answer.code or answer.stopped or "partner_error"
        if answer.receipts is not None:
            try:
                with self._uow() as uow:
                    partner = uow.partners.get(self.partner_party)
                if partner is None:
                    return 0, len(batch.items)
                receipts = receipts_from_json(
                    answer.receipts, issuer_keys=partner.keys, now=self._clock.now()
                )
                closed = len(
                    exchange.record_receipts(
                        self._uow(),
                        self._clock,
                        batch=batch,
                        receipts=receipts,
                        publish=self._publish,
                    )
                )
                covered = {r.sequence for r in receipts}
            except LimesError as error:
                code, covered = error.code, set()
            rest = [i.header.sequence for i in batch.items if i.header.sequence not in covered]
        else:
            rest = [i.header.sequence for i in batch.items]
        if rest:
            exchange.record_delivery_failure(
                self._uow(),
                self._clock,
                self._rng,
                receiver=self.partner_party,
                sequences=range(rest[0], batch.items[-1].header.sequence + 1),
                code=code,
                policy=self.policy,
            )
        return closed, len(rest)

    async def _send_acts(self, client: HttpPartnerClient, force: bool) -> int:
        sent = 0
        for act in await asyncio.to_thread(self._due_acts, force):
            answer = await client.post_act(act.message)
            await self._saw(answer)
            final = answer.status_code == 200 or answer.status_code in _FINAL_ACT_STATUSES
            await asyncio.to_thread(self._settle_act, act, answer, final)
            if not final:
                break  # acts apply in order: a suspension must not overtake its approval
            sent += 1
        return sent

    def _due_acts(self, force: bool) -> list[QueuedAct]:
        now = self._clock.now()
        with self._uow() as uow:
            return [
                act
                for act in uow.acts.pending()
                if act.receiver == self.partner_party
                and (force or act.next_attempt_at is None or act.next_attempt_at <= now)
            ]

    def _settle_act(self, act: QueuedAct, answer: PartnerAnswer, final: bool) -> None:
        with self._uow() as uow:
            if final:
                uow.acts.delivered(act.act_id)
            else:
                wait = self.policy.delay_s(act.attempts + 1, self._rng)
                uow.acts.failed(
                    act.act_id,
                    code=answer.code or "partner_error",
                    next_attempt_at=self._clock.now() + timedelta(seconds=wait),
                )
            uow.commit()

    async def _saw(self, answer: PartnerAnswer) -> None:
        """Note whether the partner answered; store the status when it changes."""
        now = self._clock.now()
        changed = self._reachable is not answer.reachable
        if answer.reachable:
            self._last_contact_at = now
            self._down_since = None
        elif changed or self._down_since is None:
            self._down_since = self._down_since or now
        self._reachable = answer.reachable
        if changed:
            status = LinkStatus(
                party=self.partner_party,
                reachable=answer.reachable,
                down_since=self._down_since,
                last_contact_at=self._last_contact_at,
                checked_at=now,
                last_error=None if answer.reachable else answer.message or answer.code,
            )
            await asyncio.to_thread(self._store_status, status)

    def _store_status(self, status: LinkStatus) -> None:
        with self._uow() as uow:
            uow.link_status.put(status)
            uow.commit()
