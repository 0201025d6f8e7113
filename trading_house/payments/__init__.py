"""Payment providers (bank transfer, Stripe), webhooks, refunds, commission ledger, payouts."""
