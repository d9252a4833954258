"""Views of the Connection Setup: pages (read) and actions (POST, guarded by ``admin_action``)."""
