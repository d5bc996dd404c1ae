"""Verification codes: printed on a document, typed back in by anyone to check it."""

import secrets

# Verification codes avoid letters that read alike on paper (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_verification_code(code: str) -> str:
    """Return a verification code as stored: typed in lower case, spaced or hyphenated."""
    return "".join(code.split()).replace("-", "").upper()
