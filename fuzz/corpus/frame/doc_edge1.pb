
seed-1wire/1Title 1"Õabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789abcdefghij!!! ??? ... --- 'quoted' "x" (parens) [b] e-mail U.N. Mr. J. R. R. Smith's, the ministers' plans; don't won't can't
a.b.c. 1.2.3 end.*en0Å®î¨3:
urlhttps://example.org/1