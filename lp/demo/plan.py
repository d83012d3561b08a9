"""Which organisations and accounts the demo has, and how many claims each: `small` by hand, `council` drawn."""
from __future__ import annotations

import random
from collections.abc import Iterator

from lp.demo import places

LEAD_ORGANISATION = "Northgate Housing Association"  # holds accounts 9998 and 9999; demo-lead signs in here
OTHER_ORGANISATION = "Priory Lettings Ltd"  # demo-other's organisation
SCALES = ("small", "council")

# (organisation, [(reference, account name, kind, claims)])
SMALL = [
    (LEAD_ORGANISATION, [("9998", LEAD_ORGANISATION, "ha", 25),
                         ("9999", f"{LEAD_ORGANISATION} (Supported Housing)", "supported", 15)]),
    (OTHER_ORGANISATION, [("10001", OTHER_ORGANISATION, "agent", 22)]),
    ("Riverside Community Housing", [("10002", "Riverside Community Housing", "ha", 25)]),
    ("Harbour Temporary Homes Ltd", [("10003", "Harbour Temporary Homes Ltd", "temporary", 10)]),
    ("Mr D Okafor", [("10004", "Mr D Okafor", "private", 3)]),
    ("Mrs E Kowalska", [("10005", "Mrs E Kowalska", "private", 2)]),
]
COUNCIL_CLAIMS = 200_000
COUNCIL_ACCOUNTS = 10_000
COUNCIL_LEAD_CLAIMS = (12_000, 8_000)  # 9998 and 9999: the one landlord with 20,000 tenants


def organisations(rng: random.Random, scale: str) -> Iterator[tuple[str, list[dict]]]:
    """Each organisation's name and its accounts (dicts with the account's fields, kind and claim count)."""
    if scale == "small":
        for org, accounts in SMALL:
            yield org, [_account(rng, *account) for account in accounts]
    elif scale == "council":
        yield from _council(rng)
    else:
        raise ValueError(f"unknown scale {scale!r}; use one of {', '.join(SCALES)}")


def _council(rng: random.Random) -> Iterator[tuple[str, list[dict]]]:
    (first_ref, first_name, first_kind, _), (second_ref, second_name, second_kind, _) = SMALL[0][1]
    yield LEAD_ORGANISATION, [_account(rng, first_ref, first_name, first_kind, COUNCIL_LEAD_CLAIMS[0]),
                              _account(rng, second_ref, second_name, second_kind, COUNCIL_LEAD_CLAIMS[1])]
    # A few large housing associations, many agents, and thousands of private landlords with a tenant or two.
    kinds = []
    for _ in range(COUNCIL_ACCOUNTS - 2):
        chance = rng.random()
        kind = "ha" if chance < 0.015 else "agent" if chance < 0.10 else "temporary" if chance < 0.11 else "private"
        raw = {"ha": rng.randint(300, 2500), "agent": rng.randint(10, 150), "temporary": rng.randint(10, 80)}
        kinds.append((kind, raw.get(kind, rng.randint(1, 6))))
    kinds[0] = ("agent", 120)  # account 10001 is demo-other's letting agent, as in the small demo
    target = COUNCIL_CLAIMS - sum(COUNCIL_LEAD_CLAIMS) - sum(n for kind, n in kinds if kind == "private")
    large = sum(n for kind, n in kinds if kind != "private")
    sizes = [n if kind == "private" else max(1, round(n * target / large)) for kind, n in kinds]
    biggest = max(range(len(sizes)), key=sizes.__getitem__)
    sizes[biggest] += COUNCIL_CLAIMS - sum(COUNCIL_LEAD_CLAIMS) - sum(sizes)  # exactly 200,000 in all
    for number, ((kind, _), size) in enumerate(zip(kinds, sizes, strict=True), start=1):
        name = OTHER_ORGANISATION if number == 1 else places.organisation_name(rng, "agent" if kind == "temporary" else kind)
        yield name, [_account(rng, str(10000 + number), name, kind, size)]


def _account(rng: random.Random, reference: str, name: str, kind: str, claims: int) -> dict:
    address, postcode = places.address(rng)
    initials = "".join(word[0] for word in name.replace("(", "").split() if word[0].isalpha()).upper()
    return {
        "reference": reference, "name": name, "address": address, "postcode": postcode,
        "sort_code": places.sort_code(rng), "account_last4": places.account_last4(rng),
        "payment_method": "Cheque" if kind == "private" and rng.random() < 0.2 else "BACS",
        "kind": kind, "claims": claims,
        "separate_dhp": kind in {"agent", "private"} and rng.random() < 0.5,  # paid DHP as its own payment
        "rent_prefix": f"{initials[:4]}{reference[-2:]}",
    }
