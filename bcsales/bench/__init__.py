"""The benchmark harness behind ``manage.py bench``: a served sandbox, the scenarios, a runner and a report.

It lives at project level because it is the one place besides the tests that may import the sandbox (to seed,
serve and clean it); the product it measures reaches the sandbox only through a Connection's URLs.
"""
