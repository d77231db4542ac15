# Task reduce (seed 002 Table 1), base 10, n = 3: write the sum of cells 0..2 to cell 3.
# The seed's sum listing (examples/asm/seed/sum.asm) with an explicit halt: r4 = 2 is the last
# index, r1 accumulates, and r5 = r4 - max(r3, r4) is 0 exactly while r3 <= r4.
inc 4 4
inc 4 4
sum_loop:
read 3 2
add 1 2 1
inc 3 3
max 3 4 5
sub 4 5 5
jump 5 sum_loop
write 3 1
halt
