"""Identity registrations: app registrations and user accounts of the emulated tenant."""
