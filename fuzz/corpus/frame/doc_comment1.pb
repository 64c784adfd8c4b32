
seed-0wire/0Title 0"„We propose that the city should ban cars from the old centre on Sundays. I would like to see more bike lanes, and the mayor has to be stopped from cutting bus routes.
Why not make the ferry free for pupils?
- extend library hours
- fix the broken street lights*en0€¨ð”¬3