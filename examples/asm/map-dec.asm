# Task map-dec (seed 002 Table 1), base 10, n = 4: decrement cells 0..3.
# The seed's map loop (examples/asm/seed/map-inc.asm) with an exit: r4 = 3 is the last index
# and, as in the seed's sum listing, r5 = r4 - max(r1, r4) is 0 exactly while r1 <= r4.
inc 4 4
inc 4 4
inc 4 4
map_loop:
read 1 2
dec 2 2
write 1 2
inc 1 1
max 1 4 5
sub 4 5 5
jump 5 map_loop
halt
