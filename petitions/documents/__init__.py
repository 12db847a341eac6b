"""Official documents: the register that numbers them, issuer and signature blocks, and the
rendering of one layout to .docx and PDF."""
