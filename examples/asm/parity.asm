# Task parity (seed 002 Table 1), base 10, n = 4: write the parity of the bits in cells 0..3
# to cell 4. The sum loop of the seed's sum listing, then r1 mod 2 (the sum of 4 bits is below
# the base, so no wrap-around changes it).
inc 4 4
inc 4 4
inc 4 4
inc 6 6
inc 6 6
sum_loop:
read 3 2
add 1 2 1
inc 3 3
max 3 4 5
sub 4 5 5
jump 5 sum_loop
mod 1 6 1
write 3 1
halt
