# Seed 002 (Saldyt 2022), Appendix A.1: the filter loop skeleton (a template, not a solution).
# For cells r3 = 0..r4 it replaces M[r3] by M[r3] mod r6; with every register starting at 0
# (r4 = r6 = 0, and x mod 0 = x) it leaves the tape unchanged.
filter_loop:
read 3 2
mod 2 6 1
write 3 1
inc 3 3
max 3 4 5
sub 4 5 5
jump 5 filter_loop
