"""Trading-house administration screens: users, exchange rates, categories, audit log."""
