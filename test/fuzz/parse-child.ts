// Runs fuzz cases in a child process, so that a hang can be cut off:
// `node --import ts-register.mjs parse-child.ts FAMILY SEED FROM TO LIMIT_MS`.
// Prints one JSON line as each case starts (pipes write synchronously on
// Linux, so the parent knows which case hung), one per failure, and a
// summary at the end.
import { checkParse } from './check-parse.js';
import { buildCase, type CaseFamily } from './fuzz-cases.js';

const [family, seedText, fromText, toText, limitText] = process.argv.slice(2);
const seed = Number(seedText);
const limitMs = Number(limitText);
let slowest = { index: -1, ms: 0 };
let valid = 0;
let diagnostics = 0;

for (let index = Number(fromText); index < Number(toText); index++) {
  emit({ t: 'start', index });
  const { text } = buildCase(family as CaseFamily, seed, index);
  const check = checkParse(text);

  if (check.ms > slowest.ms) slowest = { index, ms: check.ms };
  if (check.isValid) valid += 1;
  diagnostics += check.diagnostics.length;
  const problems = [...check.problems];
  if (check.ms > limitMs) {
    problems.push(`took ${Math.round(check.ms)} ms, over ${limitMs} ms`);
  }
  if (problems.length > 0) emit({ t: 'fail', index, problems });
}
emit({ t: 'done', valid, diagnostics, slowest });

function emit(line: object): void {
  process.stdout.write(JSON.stringify(line) + '\n');
}
