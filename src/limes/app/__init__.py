"""The application: the web app and the CLI, assembled from every registered context."""
