# Task filter, base 10, n = 4: copy the even values of cells 0..3, in order, to cells 4, 5, ...
# r1 reads the list, r2 = 4 is the next free output cell, r4 = 3 the last index, r6 = 2;
# r5 = r3 mod 2 picks the branch, and r0 stays 0 for the unconditional jump.
inc 4 4
inc 4 4
inc 4 4
inc 6 6
inc 6 6
inc 4 2
filter_loop:
read 1 3
mod 3 6 5
jump 5 keep
jump 0 next
keep:
write 2 3
inc 2 2
next:
inc 1 1
max 1 4 5
sub 4 5 5
jump 5 filter_loop
halt
