"""What every app's requests need and no domain decides: roles, refusals, access helpers,
paging, kept results and their freshness, the request's address.

It sits below accounts, units and auditlog and imports none of them (tests/test_architecture.py):
denials reach the audit log through the ``access_denied`` signal, and a write marks what it
changed through ``duban.common.freshness``.
"""
