"""Complaints (ISO/IEC 17024, 9.8): a public form, the credentialing staff's queue, and the
corrective actions a complaint about the body's own process leads to."""
