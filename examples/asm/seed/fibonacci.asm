# Seed 002 (Saldyt 2022), Listing 1 and Appendix A.1: fibonacci.
# r1, r2 hold consecutive Fibonacci numbers (r2 starts at 1); each pass writes the next one to
# M[r3]: write/read/write through the tape copies the old r2 into r1 while r2 becomes r1 + r2.
# The tape becomes 1, 2, 3, 5, 8, ... (mod b). `jump 4 fib_loop` is unconditional (r4 stays 0):
# the loop never halts; under the fibonacci task's budget (60 steps at base 10) cells 0..5 are
# final and the pointer has not wrapped round the tape.
inc 2 2
fib_loop:
write 3 2
add 1 2 2
read 3 1
write 3 2
inc 3 3
jump 4 fib_loop
