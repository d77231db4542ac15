# Seed 002 (Saldyt 2022), Appendix A.1: the no-op-padded loop skeleton (Table 1's "loop no-op"
# initialization): two no-ops for tuning to fill in, a counter, and an unconditional jump back.
loop:
noop
noop
inc 3 3
jump 4 loop
