
seed-3wire/0Title 3"àFLOOD DEFENCES FAIL AGAIN
Residents of the valley accused the regional council of ignoring warnings for years. "They knew the walls were too low," said Dr. Ana Ruiz, who runs the local clinic.

The council's spokesman didn't respond. Repairs will cost about 3.5 million euros (roughly $3.8m), a report said; the minister blamed the previous government.*en0ƒ¨ð”¬3:
urlhttps://example.org/3