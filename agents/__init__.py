"""Background agents: RQ jobs and their schedule."""
