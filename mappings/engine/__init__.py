"""The synchronization engine, one module per step: changes → transform → conflicts → apply → couplings → run."""
