"""Domain services shared by the storefront, the admin and the agents."""
