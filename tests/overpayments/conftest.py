from tests.payments.conftest import fetch, no_permissions_client, payments  # noqa: F401
