from .organisation import (
    save_official,
    save_unit,
    set_official_active,
    set_unit_active,
)

__all__ = ["save_official", "save_unit", "set_official_active", "set_unit_active"]
