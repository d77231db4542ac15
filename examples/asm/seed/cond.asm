# Seed 002 (Saldyt 2022), Appendix A.1: the conditional skeleton (a template, not a solution).
# r1 = r2 mod r3; if r1 = 0 go to `true`, else (r0 stays 0) go to `false`.
cond:
mod 2 3 1
jump 1 true
jump 0 false
true:
write 4 1
false:
read 4 1
