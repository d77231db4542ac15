# Task fibonacci (seed 002 Table 1), base 10, n = 6: write 1, 2, 3, 5, 8, 3 (mod 10) to
# cells 0..5. The seed's fib loop (examples/asm/seed/fibonacci.asm) with an exit: r4 = 5 is the
# last index and r5 = r4 - max(r3, r4) is 0 exactly while r3 <= r4.
inc 2 2
inc 4 4
inc 4 4
inc 4 4
inc 4 4
inc 4 4
fib_loop:
write 3 2
add 1 2 2
read 3 1
write 3 2
inc 3 3
max 3 4 5
sub 4 5 5
jump 5 fib_loop
halt
