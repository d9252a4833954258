"""Service functions of the Connection Setup: one per administrator action, called by views and the wizard."""
