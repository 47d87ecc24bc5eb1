"""The Merkle tree hash of RFC 9162 (Certificate Transparency 2.0, section 2.1): one
signature over a batch, every item still provable alone.

A batch of n items is signed once, over the root of a tree whose leaves are the items'
digests; an item's *audit path* (at most log2(n) sibling hashes) links it to that root, so
the item together with its path, the batch header and the one signature proves by itself
that the sender signed it (X-Road signs batches of messages the same way).

Leaves and interior nodes are hashed with different prefixes (0x00 and 0x01), so that an
interior node can never be passed off as a leaf (the second-preimage attack on plain Merkle
trees). Written here because the well-known libraries (pymerkle, merkletools) keep their own
stores and proof formats; what is needed is these three functions, exactly as the RFC
states them, and their behaviour is pinned by tests against the RFC's algorithm.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from limes.errors import Invalid

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    """The hash of one leaf: SHA-256(0x00 || data)."""
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def _levels(leaves: Sequence[bytes]) -> list[list[bytes]]:
    """Every level of the tree from the leaf hashes up to the root.

    Pairing left to right and lifting a last unpaired node unchanged gives exactly the tree
    of RFC 9162 (whose left subtree always holds the largest power of two below n).
    """
    if not leaves:
        raise Invalid("a tree needs at least one leaf", field="items")
    levels = [list(leaves)]
    while len(levels[-1]) > 1:
        below = levels[-1]
        above = [_node(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)]
        if len(below) % 2:
            above.append(below[-1])
        levels.append(above)
    return levels


def root(leaves: Sequence[bytes]) -> bytes:
    """The tree head over ``leaves`` (leaf hashes, in order)."""
    return _levels(leaves)[-1][0]


def audit_paths(leaves: Sequence[bytes]) -> tuple[bytes, list[list[bytes]]]:
    """The root and, for each leaf, its audit path (sibling hashes from the leaf up)."""
    levels = _levels(leaves)
    paths: list[list[bytes]] = []
    for index in range(len(leaves)):
        path: list[bytes] = []
        position = index
        for level in levels[:-1]:
            sibling = position ^ 1
            if sibling < len(level):
                path.append(level[sibling])
            position //= 2
        paths.append(path)
    return levels[-1][0], paths


def root_from_path(leaf: bytes, *, index: int, count: int, path: Sequence[bytes]) -> bytes | None:
    """The root that ``leaf`` at ``index`` of ``count`` leads to along ``path``, or None
    when the path cannot belong to a tree of that size (RFC 9162, 2.1.3.2)."""
    if not 0 <= index < count:
        return None
    fn, sn = index, count - 1
    result = leaf
    for sibling in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            result = _node(sibling, result)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            result = _node(result, sibling)
        fn >>= 1
        sn >>= 1
    return result if sn == 0 else None
