"""WeasyPrint set up to print with the shipped Chinese font and nothing from outside.

Imported only through core.documents.pdf.new_printer: see there why.
"""

from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

FONT_PATH = "fonts/NotoSansSC-Subset.otf"
FONT_FAMILY = "Zhongzhou SC"
STYLESHEET_PATH = "css/pdf.css"


class _LocalFetcher(URLFetcher):
    """Fetch only data: URLs (drawn signatures) and the shipped font and stylesheet.

    The documents carry text their signers typed; refusing every other URL means no
    rendering ever reaches the network or reads another file.
    """

    def __init__(self, allowed_files: set[str]) -> None:
        super().__init__(allowed_protocols={"data", "file"})
        self._allowed_files = allowed_files

    def fetch(self, url: str, headers=None):
        if url.startswith("file:") and url not in self._allowed_files:
            raise ValueError(f"Refused to read {url}")
        return super().fetch(url, headers)


def _static_file(path: str) -> Path:
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(f"static/{path} is missing")
    return Path(found)


@dataclass
class Printer:
    """One font configuration and stylesheet, reused for every document of a batch."""

    font_config: FontConfiguration
    stylesheet: CSS
    fetcher: _LocalFetcher

    @classmethod
    def create(cls) -> "Printer":
        font_url = _static_file(FONT_PATH).as_uri()
        stylesheet_file = _static_file(STYLESHEET_PATH)
        fetcher = _LocalFetcher({font_url, stylesheet_file.as_uri()})
        font_config = FontConfiguration()
        font_face = (
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{font_url}"); }}\n'
        )
        stylesheet = CSS(
            string=font_face + stylesheet_file.read_text(encoding="utf-8"),
            base_url=stylesheet_file.as_uri(),
            url_fetcher=fetcher,
            font_config=font_config,
        )
        return cls(font_config=font_config, stylesheet=stylesheet, fetcher=fetcher)

    def render(self, html: str) -> bytes:
        document = HTML(string=html, url_fetcher=self.fetcher)
        return document.write_pdf(
            stylesheets=[self.stylesheet], font_config=self.font_config
        )
