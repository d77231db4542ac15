# Task access (ANC §4.1), base 10: cell 0 holds k; write the list element M[k + 1] to cell 0.
# The seed's own first appendix listing (examples/asm/seed/access.asm); r0 stays 0.
read 0 1
inc 1 1
read 1 1
write 0 1
halt
