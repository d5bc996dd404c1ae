# Inspections, findings, notices and rectification come with the inspections issue.
