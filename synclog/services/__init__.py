"""Read models of the synchronization log: progress, filters, charts and the clean-up actions."""
