"""Notifications: who hears about what, on which channel (e-mail, WhatsApp), and delivery."""
