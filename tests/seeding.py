from io import StringIO

from django.core.management import call_command


def seed(*args: str) -> str:
    """Run seed_demo and return what it printed."""
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


# Tests hash passwords fast; a fixture that seeds outside a test must use the same hasher.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
