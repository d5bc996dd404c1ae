"""What printed documents share, whichever app writes them: PDF printing with the
shipped font, {placeholder} filling, and the verification codes printed on them."""
