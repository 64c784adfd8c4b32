
t2"First."Second wins.
t3