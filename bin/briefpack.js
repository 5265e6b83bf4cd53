#!/usr/bin/env node
// In a checkout, rebuild lib/ from src/ when a source file is newer, so `npm run build` always runs
// what src/ says. An installed package ships lib/ and has no src/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

// A build is a short process running a lot of code a few times. On V8's default budget its optimising
// compiler spends about a second of CPU of a 50-brief pack on functions that barely run afterwards
// (measured: the pack 0.6 s quicker, a single brief and `check` no slower); a larger one optimises
// only the code that stays hot. Set first, so that it holds for everything loaded below and the
// read-back worker.
v8.setFlagsFromString('--interrupt-budget=1000000');

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const entry = path.join(root, 'lib', 'cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

if (existsSync(path.join(root, 'src'))) {
  const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  const sources = Math.max(newestSource(path.join(root, 'src')), statSync(path.join(root, 'package.json')).mtimeMs);
  if (sources > built) await (await import(path.join(root, 'scripts', 'compile.mjs'))).compile();
}

const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
