"""Print the characters the PDF font keeps: ASCII, CJK punctuation and GB2312 (6,763 hanzi).

Used by `make font`; widen the set here when names need rarer characters.
"""

import sys


def gb2312_characters() -> str:
    characters = []
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                characters.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(characters)


def main() -> None:
    ascii_printable = "".join(chr(code) for code in range(0x20, 0x7F))
    cjk_punctuation = "".join(chr(code) for code in range(0x3000, 0x3040))
    fullwidth = "".join(chr(code) for code in range(0xFF01, 0xFF5F))
    extra = "〔〕·—…‘’“”"
    sys.stdout.write(
        ascii_printable + cjk_punctuation + fullwidth + extra + gb2312_characters()
    )


if __name__ == "__main__":
    main()
