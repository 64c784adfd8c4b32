// vader_run.js — score VADER-style ground-truth snippets with the npm package
// vader-sentiment (JavaScript port of VADER) and time it.
//   node vader_run.js NODE_MODULES_DIR GROUND_TRUTH.txt > pred.jsonl
// Prints {"docId", "sentiment": {"compound"}} lines (the form sentiment.py
// scores) and, on stderr, one JSON line of timing figures.
'use strict';
const fs = require('fs');
const path = require('path');

const [modDir, gtPath] = process.argv.slice(2);
if (!modDir || !gtPath) {
  process.stderr.write('usage: node vader_run.js NODE_MODULES_DIR GROUND_TRUTH.txt\n');
  process.exit(2);
}
const vader = require(path.join(modDir, 'vader-sentiment'));
const rows = [];
let bytes = 0;
for (let line of fs.readFileSync(gtPath, 'utf8').split('\n')) {
  line = line.replace(/^\uFEFF/, '').replace(/\r$/, '');
  const parts = line.split('\t');
  if (parts.length < 3) continue;
  const text = parts.slice(2).join('\t');
  rows.push([parts[0], text]);
  bytes += Buffer.byteLength(text, 'utf8');
}
// one warm-up pass (JIT), then the timed pass
for (const [, text] of rows.slice(0, 200)) vader.SentimentIntensityAnalyzer.polarity_scores(text);
const out = new Array(rows.length);
const t0 = process.hrtime.bigint();
for (let i = 0; i < rows.length; i++) {
  out[i] = vader.SentimentIntensityAnalyzer.polarity_scores(rows[i][1]).compound;
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const lines = rows.map(([id], i) => JSON.stringify({docId: id, sentiment: {compound: out[i]}}));
process.stdout.write(lines.join('\n') + '\n');
process.stderr.write(JSON.stringify({
  snippets: rows.length, bytes, seconds: secs,
  snippets_per_s: rows.length / secs, mb_per_s: bytes / secs / 1e6,
}) + '\n');
