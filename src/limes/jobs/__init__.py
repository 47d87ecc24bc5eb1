"""Long work as bounded jobs: started by a request, run beside it, read and cancelled by
the account that started it (or an administrator). See ``docs/security.md``, "Long work"."""
