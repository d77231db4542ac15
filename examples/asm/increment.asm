# Task increment (ANC §4.1), base 7: increment each element of the zero-terminated list that
# starts at cell 0. r1 walks the list; r0 stays 0 for the unconditional jump.
loop:
read 1 2
jump 2 done
inc 2 2
write 1 2
inc 1 1
jump 0 loop
done:
halt
