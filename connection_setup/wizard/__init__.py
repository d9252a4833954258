"""The assisted setup wizard "Set up a connection to Dynamics 365 Sales": step order, step forms, step checks."""
