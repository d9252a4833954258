"""Helpers of ``sandbox.store``: indexed key columns, raw bulk writes, fast row reads and keyset paging.

``sandbox.store`` stays the one public entry point to the emulated records; these modules are its parts.
"""
