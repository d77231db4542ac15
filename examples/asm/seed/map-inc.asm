# Seed 002 (Saldyt 2022), Listing 1 and Appendix A.1: the map loop.
# r1 walks the tape from cell 0; each pass reads M[r1] into r2, increments it and writes it back.
# `jump 3 map_loop` jumps when r3 = 0, and nothing writes r3: the loop never halts. Under the
# map-inc task's step budget (40 steps at base 10) it increments cells 0..7 once each, which
# covers the checked cells 0..3.
map_loop:
read 1 2
inc 2 2
write 1 2
inc 1 1
jump 3 map_loop
