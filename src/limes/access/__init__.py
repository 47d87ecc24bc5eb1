"""Accounts, roles and sign-in: who may do what on this node."""
