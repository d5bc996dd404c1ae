"""Two apps that declare the same audit action code, which must stop the start."""
