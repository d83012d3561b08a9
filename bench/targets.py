"""The pages the load test asks for, with real surnames, postcodes and ids of demo-lead's 20,000 tenants."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import create_engine, text

API_LINES = 1000  # the API serves up to 1,000 lines of a payment in one answer (lp/api/views.py)


def pick(url: str, username: str = "demo-lead") -> dict:
    """Real values from the dataset: the most common surname and postcode district of the landlord's
    claims (a search a user would make, and one of the larger answers), a claim with several
    entitlements, and a payment with a typical number of lines."""
    engine = create_engine(url)
    with engine.connect() as c:
        landlord_id = c.scalar(text("SELECT landlord_id FROM user_account WHERE username = :u"), {"u": username})
        owned = "FROM claim JOIN landlord_account a ON a.id = claim.account_id WHERE a.landlord_id = :l"
        args = {"l": landlord_id}
        surname, surname_count = c.execute(text(
            f"SELECT claim.tenant_last_name, count(*) n {owned} GROUP BY claim.tenant_last_name ORDER BY n DESC, 1 LIMIT 1"
        ), args).one()
        postcodes = c.execute(text(f"SELECT claim.postcode {owned}"), args).scalars().all()
        districts: dict[str, int] = {}
        for postcode in postcodes:
            district = postcode.split()[0]
            districts[district] = districts.get(district, 0) + 1
        postcode, postcode_count = max(districts.items(), key=lambda item: (item[1], item[0]))
        suspended = c.scalar(text(f"SELECT count(*) {owned} AND claim.suspended"), args)
        claim = c.scalar(text(
            f"SELECT claim.reference {owned} AND claim.status = 'Active' AND claim.end_date IS NULL "  # noqa: S608
            "AND (SELECT count(*) FROM entitlement e WHERE e.claim_id = claim.id) >= 3 "
            "ORDER BY claim.reference LIMIT 1"), args)
        payments = c.execute(text(  # the latest year's, well inside the horizon
            "SELECT p.id, (SELECT count(*) FROM payment_line l WHERE l.payment_id = p.id) n FROM payment p "
            "JOIN landlord_account a ON a.id = p.account_id WHERE a.landlord_id = :l AND p.paid_on >= :since "
            "ORDER BY p.paid_on DESC, p.id DESC LIMIT 200"), {**args, "since": date.today() - timedelta(days=365)}).all()
        lines_sorted = sorted(payments, key=lambda row: row[1])
        payment_id, payment_lines = lines_sorted[len(lines_sorted) // 2]
        biggest_payment = lines_sorted[-1][1]
        # The API's large answer: the payment nearest 1,000 tenant lines (a housing association's cycle).
        api_payment_id, api_payment_lines = min(payments, key=lambda row: (abs(row[1] - API_LINES), row[0]))
        latest = c.scalar(text(
            "SELECT max(p.paid_on) FROM payment p JOIN landlord_account a ON a.id = p.account_id "
            "WHERE a.landlord_id = :l"), args)
    engine.dispose()
    latest = latest if isinstance(latest, date) else date.fromisoformat(str(latest))
    start = latest - timedelta(days=182)
    return {
        "landlord_id": landlord_id, "claims": len(postcodes),
        "surname": surname, "surname_count": surname_count,
        "postcode": postcode, "postcode_count": postcode_count,
        "suspended_count": suspended, "claim": claim,
        "payment_id": payment_id, "payment_lines": payment_lines, "biggest_payment_lines": biggest_payment,
        "api_payment_id": api_payment_id, "api_payment_lines": api_payment_lines,
        "from": start.isoformat(), "to": latest.isoformat(),
    }


def pages(t: dict, api_token: str | None = None) -> list[dict]:
    """The load-tested pages: name, path, and the htmx headers when it is a fragment; with an API token,
    the API's payment list and a payment of about 1,000 lines too (bearer header, no session cookie)."""
    claim = t["claim"]
    bearer = {"Authorization": f"Bearer {api_token}"}
    api = [
        {"name": "api: payments", "path": "/api/v1/payments", "headers": bearer, "api": True},
        {"name": f"api: payment of {t['api_payment_lines']:,} lines",
         "path": f"/api/v1/payments/{t['api_payment_id']}?limit={API_LINES}", "headers": bearer, "api": True},
    ] if api_token else []
    return [
        {"name": "dashboard", "path": "/"},
        {"name": "claims: surname", "path": f"/claims?surname={t['surname']}"},
        # What the live search asks for as the user types: the results block alone.
        {"name": "claims: surname (htmx)", "path": f"/claims?surname={t['surname']}",
         "headers": {"HX-Request": "true", "HX-Target": "claim-results"}},
        {"name": "claims: postcode", "path": f"/claims?postcode={t['postcode']}"},
        # Suspended claims have the status Suspended, so "any status" (the default status is Active).
        {"name": "claims: only suspended", "path": "/claims?suspended=y&status=any"},
        {"name": "payments: date range", "path": f"/payments?from={t['from']}&to={t['to']}"},
        {"name": "claim detail", "path": f"/claims/{claim}"},
        {"name": "claim entitlements (tab)", "path": f"/claims/{claim}/entitlements",
         "headers": {"HX-Request": "true", "HX-Target": "claim-tab"}},
        {"name": "letters: unread", "path": "/letters?unread=y"},
        # Last: a breakdown lists every line of the payment (thousands for demo-lead), so it is the slowest.
        {"name": "payment breakdown", "path": f"/payments/{t['payment_id']}"},
        *api,
    ]


def weighed(t: dict) -> list[dict]:
    """Every page and fragment whose compressed size has a budget (fragments: htmx headers and target)."""
    claim, payment = t["claim"], t["payment_id"]
    fragment = "fragment"
    rows = [
        {"name": "sign-in", "path": "/sign-in", "kind": "page", "anonymous": True},
        {"name": "accessibility", "path": "/accessibility", "kind": "page", "anonymous": True},
        {"name": "dashboard", "path": "/", "kind": "page"},
        {"name": "claims search", "path": "/claims", "kind": "page"},
        {"name": "claims: surname", "path": f"/claims?surname={t['surname']}", "kind": "page"},
        {"name": "claims: surname (results)", "path": f"/claims?surname={t['surname']}", "kind": fragment,
         "target": "claim-results"},
        {"name": "claims: postcode (results)", "path": f"/claims?postcode={t['postcode']}", "kind": fragment,
         "target": "claim-results"},
        {"name": "claim detail", "path": f"/claims/{claim}", "kind": "page"},
        {"name": "claim entitlements (tab)", "path": f"/claims/{claim}/entitlements", "kind": fragment,
         "target": "claim-tab"},
        {"name": "claim payments (tab)", "path": f"/claims/{claim}/payments", "kind": fragment, "target": "claim-tab"},
        {"name": "claim letters (tab)", "path": f"/claims/{claim}/letters", "kind": fragment, "target": "claim-tab"},
        {"name": "claim payments", "path": f"/claims/{claim}/payments", "kind": "page"},
        {"name": "claim letters", "path": f"/claims/{claim}/letters", "kind": "page"},
        {"name": "payments", "path": "/payments", "kind": "page"},
        {"name": "payments: date range", "path": f"/payments?from={t['from']}&to={t['to']}", "kind": "page"},
        {"name": "payments: date range (results)", "path": f"/payments?from={t['from']}&to={t['to']}",
         "kind": fragment, "target": "payment-results"},
        {"name": "payment breakdown", "path": f"/payments/{payment}", "kind": "page"},
        {"name": "payment breakdown (in list)", "path": f"/payments/{payment}", "kind": fragment,
         "target": f"breakdown-{payment}"},
        {"name": "letters", "path": "/letters", "kind": "page"},
        {"name": "letters: unread", "path": "/letters?unread=y", "kind": "page"},
        {"name": "letters: unread (results)", "path": "/letters?unread=y", "kind": fragment, "target": "letter-results"},
        {"name": "profile", "path": "/profile", "kind": "page"},
    ]
    return rows
