# Letters, campaigns and sign-offs (承诺书、认领书、签字背书) come with the commitments issue.
