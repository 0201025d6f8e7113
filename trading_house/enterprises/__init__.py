"""SME and cooperative profiles, members, invitations, legal identity."""
