
seed-6wire/0Title 6"The president*en0†¨ð”¬3