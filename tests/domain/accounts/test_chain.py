"""The hash chain (L3) and chain verification (L2): any change to any entry is found and named."""
import hashlib
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.accounts.chain import GENESIS_HASH, EntryFields, canonical_bytes, chain_hash, utc_naive
from ledger.domain.accounts.entries import AccountHead, EntryKind, StoredEntry, append_entry, verify_chain

T0 = datetime(2026, 3, 5, 10, 0, tzinfo=timezone.utc)


def build_chain(minutes_list: list[int]) -> tuple[list[StoredEntry], AccountHead]:
    head = AccountHead()
    stored = []
    for index, minutes in enumerate(minutes_list):
        kind = EntryKind.PURCHASE if minutes > 0 else EntryKind.CONSUMPTION
        new = append_entry(
            head, account_id=7, kind=kind, minutes=minutes, recorded_at=T0 + timedelta(minutes=index), customer_id=3
        )
        stored.append(StoredEntry(100 + index, new.fields, new.prev_hash, new.hash))
        head = new.head
    return stored, head


def test_canonical_bytes_are_the_same_for_aware_and_naive_utc_times():
    fields = EntryFields(1, 1, "purchase", 60, 60, T0)
    assert canonical_bytes(fields) == canonical_bytes(replace(fields, recorded_at=T0.replace(tzinfo=None)))
    assert b'"recorded_at":"2026-03-05T10:00:00.000000Z"' in canonical_bytes(fields)


def test_the_first_entry_chains_from_the_genesis_hash():
    stored, head = build_chain([600])
    assert stored[0].prev_hash == GENESIS_HASH
    assert head == AccountHead(600, 1, stored[0].hash)


@pytest.mark.parametrize(
    "change",
    [
        {"minutes": 61},
        {"balance_after": 61},
        {"memo": "changed"},
        {"kind": "adjustment"},
        {"recorded_at": T0 + timedelta(microseconds=1)},
        {"actor_id": 2},
        {"task_id": 9},
        {"invoice_id": 9},
    ],
)
def test_changing_any_hashed_field_changes_the_hash(change):
    fields = EntryFields(1, 1, "purchase", 60, 60, T0)
    assert chain_hash(GENESIS_HASH, replace(fields, **change)) != chain_hash(GENESIS_HASH, fields)


def test_an_untouched_chain_verifies():
    stored, head = build_chain([600, -30, -45, 120])
    assert verify_chain(7, stored, head) is None


def test_an_edited_entry_is_named_by_id_and_seq():
    stored, head = build_chain([600, -30, -45, 120])
    stored[2] = replace(stored[2], fields=replace(stored[2].fields, minutes=-5))
    problem = verify_chain(7, stored, head)
    assert (problem.entry_id, problem.seq) == (102, 3)
    assert "hash mismatch" in problem.problem
    assert str(problem).startswith("entry 102 (account 7, seq 3)")


def test_a_missing_entry_is_found_as_a_gap():
    stored, head = build_chain([600, -30, -45])
    problem = verify_chain(7, [stored[0], stored[2]], head)
    assert problem.seq == 3 and "gap" in problem.problem


def test_an_account_row_that_disagrees_with_its_entries_is_found():
    stored, head = build_chain([600, -30])
    problem = verify_chain(7, stored, replace(head, balance_minutes=999))
    assert problem.entry_id is None and "balance 999" in problem.problem


def test_a_rehashed_forgery_still_breaks_the_link_to_the_next_entry():
    stored, head = build_chain([600, -30, -45])
    forged_fields = replace(stored[1].fields, minutes=-5, balance_after=595)
    stored[1] = replace(stored[1], fields=forged_fields, hash=chain_hash(stored[1].prev_hash, forged_fields))
    problem = verify_chain(7, stored, head)
    assert problem.seq == 3 and "prev_hash" in problem.problem


@given(st.lists(st.integers(1, 10_000).map(lambda m: m if m % 3 else -m), min_size=1, max_size=40))
def test_every_chain_built_by_append_entry_verifies(minutes_list):
    stored, head = build_chain(minutes_list)
    assert verify_chain(7, stored, head) is None
    assert head.balance_minutes == sum(minutes_list)


def test_the_canonical_bytes_of_an_entry_are_pinned_so_stored_hashes_stay_valid():
    fields = EntryFields(3, 7, "consumption", -45, 555, T0, task_id=12, memo="Åtgärd <ok>", actor_id=2)
    assert canonical_bytes(fields) == (
        '{"account_id":3,"actor_id":2,"balance_after":555,"idempotency_key":null,"invoice_id":null,'
        '"kind":"consumption","memo":"Åtgärd <ok>","minutes":-45,"recorded_at":"2026-03-05T10:00:00.000000Z",'
        '"reverses_entry_id":null,"seq":7,"task_id":12}'
    ).encode("utf-8")
    assert chain_hash(GENESIS_HASH, fields) == hashlib.sha256(GENESIS_HASH.encode() + canonical_bytes(fields)).hexdigest()


def json_canonical_bytes(fields: EntryFields) -> bytes:
    """The definition the canonical bytes were first written as (and every stored hash was made with)."""
    document = dict(vars(fields))
    document["recorded_at"] = utc_naive(fields.recorded_at).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


_optional_id = st.none() | st.integers(min_value=-(2**63), max_value=2**63 - 1)
_texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@given(
    account_id=st.integers(min_value=1, max_value=2**63 - 1),
    seq=st.integers(min_value=1, max_value=2**63 - 1),
    kind=st.sampled_from([kind.value for kind in EntryKind]) | _texts,
    minutes=st.integers(min_value=-(2**63), max_value=2**63 - 1),
    balance_after=st.integers(min_value=-(2**63), max_value=2**63 - 1),
    recorded_at=st.datetimes(min_value=datetime(1, 1, 1), timezones=st.none() | st.just(timezone.utc)
                             | st.builds(lambda hours: timezone(timedelta(hours=hours)), st.integers(-12, 12))),
    task_id=_optional_id, invoice_id=_optional_id, reverses_entry_id=_optional_id, actor_id=_optional_id,
    memo=_texts, idempotency_key=st.none() | _texts,
)
def test_the_written_out_canonical_bytes_equal_the_json_definition_for_any_entry(**values):
    fields = EntryFields(**values)
    assert canonical_bytes(fields) == json_canonical_bytes(fields)
