# Task swap (ANC §4.1), base 10: cells 0 and 1 hold p and q; swap the list elements at cells
# p + 2 and q + 2. r0 stays 0 and r5 = 1 address cells 0 and 1; r4 = 2 is the list's offset.
inc 5 5
inc 4 4
inc 4 4
read 0 1
add 1 4 1
read 5 2
add 2 4 2
read 1 3
read 2 6
write 1 6
write 2 3
halt
