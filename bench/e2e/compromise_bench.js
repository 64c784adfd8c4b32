// compromise_bench.js — the peer of the actors plugin in bench/run: the
// entity extraction of the npm package `compromise` (people, places,
// organizations) over the same generated articles, timed in-process.
//
//   node compromise_bench.js MIN_SECONDS DIR
// prints one line of key=value figures like tagbench's.  `compromise` is
// found through NODE_PATH (bench/run installs it into a temporary folder).
'use strict';
const fs = require('fs');
const path = require('path');
const nlp = require('compromise');

const minSeconds = parseFloat(process.argv[2] || '2');
const dir = process.argv[3];
const texts = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()
  .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);

let passes = 0, docs = 0;
const found = { person: 0, place: 0, organization: 0 };
const t0 = process.hrtime.bigint();
let secs = 0;
do {
  for (const t of texts) {
    const doc = nlp(t);
    const p = doc.people().length, pl = doc.places().length, o = doc.organizations().length;
    if (passes === 0) { found.person += p; found.place += pl; found.organization += o; }
    docs++;
  }
  passes++;
  secs = Number(process.hrtime.bigint() - t0) / 1e9;
} while (secs < minSeconds);
const mb = bytes * passes / 1e6;
const ents = found.person + found.place + found.organization;
console.log(`docs=${docs} mb=${mb.toFixed(3)} secs=${secs.toFixed(3)} mb_per_s=${(mb / secs).toFixed(2)} ` +
  `docs_per_s=${(docs / secs).toFixed(1)} person=${found.person} place=${found.place} ` +
  `organization=${found.organization} entities=${ents} entities_per_s=${(ents * passes / secs).toFixed(0)}`);
