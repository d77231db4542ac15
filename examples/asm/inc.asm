# Task inc (seed 002 Table 1), base 10: increment cell 0.
# r0 stays 0 and addresses cell 0.
read 0 1
inc 1 1
write 0 1
halt
