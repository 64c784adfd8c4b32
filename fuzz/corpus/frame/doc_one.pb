
seed-5wire/2Title 5"x*en0…¨ð”¬3:
urlhttps://example.org/5