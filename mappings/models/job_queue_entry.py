"""Model module: job_queue_entry."""
