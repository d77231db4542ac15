# Seed 002 (Saldyt 2022), Listing 1: sum-reduce.
# r4 = 2 is the last index; the loop adds M[r3] to r1 while r3 <= r4
# (r5 = r4 - max(r3, r4) is 0 exactly then), then writes the sum after the list, to M[3].
# It solves the reduce task (n = 3) and halts by running off its last line.
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
