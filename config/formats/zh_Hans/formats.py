# Sums of money are written as in financial documents, 760,000.31, rather than with
# Django's default for Chinese, which groups by four digits with no separator.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
