# Seed 002 (Saldyt 2022), Appendix A.1, first listing: ANC's access task.
# r0 stays 0: r1 = M[0] = k, then r1 = M[k + 1], written back to cell 0.
read 0 1
inc 1 1
read 1 1
write 0 1
halt
