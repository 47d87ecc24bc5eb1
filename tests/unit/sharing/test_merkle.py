"""The Merkle tree hash and audit paths agree with RFC 9162, stated here recursively."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from limes.sharing import merkle


def rfc_root(leaves: list[bytes]) -> bytes:
    """MTH of RFC 9162 2.1.1, as the RFC writes it (leaves are hashed already)."""
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + rfc_root(leaves[:k]) + rfc_root(leaves[k:])).digest()


def rfc_path(index: int, leaves: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 2.1.3.1."""
    if len(leaves) == 1:
        return []
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    if index < k:
        return [*rfc_path(index, leaves[:k]), rfc_root(leaves[k:])]
    return [*rfc_path(index - k, leaves[k:]), rfc_root(leaves[:k])]


leaf_lists = st.lists(st.binary(max_size=8), min_size=1, max_size=70).map(
    lambda data: [merkle.leaf_hash(d) for d in data]
)


@given(leaf_lists)
def test_the_root_and_every_path_are_the_rfcs(leaves: list[bytes]) -> None:
    root, paths = merkle.audit_paths(leaves)
    assert root == rfc_root(leaves) == merkle.root(leaves)
    for index, leaf in enumerate(leaves):
        assert paths[index] == rfc_path(index, leaves)
        found = merkle.root_from_path(leaf, index=index, count=len(leaves), path=paths[index])
        assert found == root


@given(st.sets(st.binary(max_size=8), min_size=2, max_size=70), st.data())
def test_a_path_proves_nothing_for_another_leaf_or_index(
    data_set: set[bytes], data: st.DataObject
) -> None:
    # (The size is not proved by a path: it is in the signed batch header.)
    leaves = [merkle.leaf_hash(d) for d in sorted(data_set)]
    root, paths = merkle.audit_paths(leaves)
    index = data.draw(st.integers(0, len(leaves) - 1))
    other = merkle.leaf_hash(b"not in the tree")
    assert merkle.root_from_path(other, index=index, count=len(leaves), path=paths[index]) != root
    wrong = data.draw(st.integers(0, len(leaves) + 3).filter(lambda i: i != index))
    found = merkle.root_from_path(leaves[index], index=wrong, count=len(leaves), path=paths[index])
    assert found != root


def test_a_leaf_is_not_an_interior_node() -> None:
    a, b = merkle.leaf_hash(b"a"), merkle.leaf_hash(b"b")
    assert merkle.leaf_hash(a + b) != merkle.root([a, b])
