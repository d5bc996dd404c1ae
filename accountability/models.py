# Clues, cases, sanctions and accountability actions come with the enforcement issue.
