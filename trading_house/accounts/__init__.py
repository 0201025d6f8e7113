"""Users, roles, sign-up/in, e-mail verification, password reset, sessions."""
