"""Pages of the synchronization log: jobs, integration errors, skipped records and the dashboard."""
