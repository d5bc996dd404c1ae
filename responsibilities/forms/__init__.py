from .organisation import (
    ImportUploadForm,
    OfficialFilter,
    OfficialForm,
    UnitFilter,
    UnitForm,
    signer_accounts,
)

__all__ = [
    "ImportUploadForm",
    "OfficialFilter",
    "OfficialForm",
    "UnitFilter",
    "UnitForm",
    "signer_accounts",
]
