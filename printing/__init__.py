"""Printing: one document model (``printing.layout``) rendered by several backends.

Builders (``printing.documents``, ``printing.forms``) turn ``app.domain`` values into a
``Document``; ``escpos_backend``, ``pdf_backend`` and ``preview`` render it;
``connections`` sends bytes to a printer; ``jobs.PrintService`` does it off the Tk thread.
This package imports only ``app.domain`` from the application.
"""
