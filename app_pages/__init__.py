"""The widgets of each page of app.py: one module per page, no parsing or arithmetic."""
