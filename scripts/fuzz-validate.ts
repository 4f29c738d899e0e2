// `npm run fuzz:validate [-- --runs 100000 --seed 13 --from 0 --to 100000 --repeat 1]`: the long run
// of the definition mutation fuzzer (test/support/definition-fuzz.ts). Each mutated document is
// validated strict and loose, checked with validateDefinition and diffed against its original.
// Prints what threw, what came back malformed, how long validations took, and every case with a
// validation over 1 s (its number, so that it can be timed again alone); exits 1 when anything
// threw or was malformed. The result of the 100,000-mutation run is in README (Validate a definition).
//
// The cases are the same for a seed whatever the range: `--from 40000 --to 60000` runs cases
// 40,000-59,999 of the seed's sequence (a shard of a long run), and `--from 1234 --to 1235 --repeat
// 5` times case 1,234 alone five times (with the unmutated document it came from as its floor).
import fc from "fast-check";
import { FULL_LIMITS, MUTATION_KINDS, applyMutations, fuzzCorpus, mutationsArbitrary, runCase, twinOf } from "../test/support/definition-fuzz.js";

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? undefined : Number(process.argv[at + 1]);
  return value === undefined || !Number.isFinite(value) ? fallback : value;
}

const seed = option("seed", 13);
const from = Math.max(0, option("from", 0));
const to = option("to", option("runs", 100_000));
const runs = Math.max(0, to - from);
const repeat = Math.max(1, option("repeat", 1));
const corpus = fuzzCorpus();
const samples = fc.sample(fc.tuple(fc.nat({ max: corpus.length - 1 }), mutationsArbitrary()), { seed, numRuns: to }).slice(from);

const thrown = new Map<string, number>();
const problems = new Map<string, number>();
const times: number[] = [];
const byKind = new Map<string, number>(MUTATION_KINDS.map((kind) => [kind, 0]));
let accepted = 0;
let slow = 0;
let slowest = { ms: 0, case: -1, size: 0 };
let sizes = 0;
const slowCases: string[] = [];
const started = performance.now();
let done = 0;
// SIGTERM or Ctrl-C: the summary of the cases run so far (a shard stopped early still reports)
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => (stopping = true));
for (let offset = 0; offset < samples.length && !stopping; offset++) {
  // (a turn of the event loop now and then, so that a signal is seen)
  if (offset % 20 === 0) await new Promise((resume) => setImmediate(resume));
  const [index, mutations] = samples[offset] as (typeof samples)[number];
  done = offset + 1;
  const i = from + offset;
  const original = corpus[index];
  if (original === undefined) continue;
  for (let r = 0; r < repeat; r++) {
    const mutated = applyMutations(structuredClone(original), mutations, FULL_LIMITS);
    const twin = twinOf(mutated);
    for (const mutation of mutations) byKind.set(mutation.kind, (byKind.get(mutation.kind) ?? 0) + 1);
    const outcome = runCase(original, mutated, twin);
    for (const line of outcome.thrown) thrown.set(line, (thrown.get(line) ?? 0) + 1);
    for (const line of outcome.problems) problems.set(line.slice(0, 160), (problems.get(line.slice(0, 160)) ?? 0) + 1);
    accepted += outcome.accepted;
    sizes = Math.max(sizes, outcome.size);
    for (const ms of outcome.milliseconds) {
      times.push(ms);
      if (ms > 1_000) slow++;
      if (ms > slowest.ms) slowest = { ms, case: i, size: outcome.size };
    }
    const worst = Math.max(...outcome.milliseconds);
    if (worst > 1_000 || repeat > 1) {
      // the floor: the document the case came from, validated the same way, at the same moment
      const floor = runCase(original, structuredClone(original), undefined, { validateDefinition: false }).milliseconds;
      slowCases.push(
        `case ${i}: ${outcome.milliseconds.map((ms) => ms.toFixed(0)).join(" / ")} ms (strict / loose; the unmutated document ${floor.map((ms) => ms.toFixed(1)).join(" / ")} ms), ${outcome.size} characters, ${mutations.map((m) => `${m.kind}(variant ${m.variant}, size ${m.size})`).join(" + ")}`,
      );
    }
  }
  if ((offset + 1) % Math.max(1, Math.floor(runs / 10)) === 0) {
    process.stderr.write(`${offset + 1} mutations, ${[...thrown.values()].reduce((a, b) => a + b, 0)} throws, ${[...problems.values()].reduce((a, b) => a + b, 0)} malformed, ${slow} over 1 s\n`);
  }
}
const elapsed = (performance.now() - started) / 1000;
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]?.toFixed(2);
const throws = [...thrown.values()].reduce((a, b) => a + b, 0);
const malformed = [...problems.values()].reduce((a, b) => a + b, 0);

console.log(`corpus: ${corpus.length} documents; seed ${seed}; cases ${from}-${from + done - 1}${done < runs ? ` (stopped early: ${done} of ${runs})` : ""}${repeat > 1 ? `, each ${repeat} times` : ""}`);
console.log(`mutations: ${done * repeat} (${[...byKind].map(([k, n]) => `${k} ${n}`).join(", ")})`);
console.log(`validations: ${times.length} (strict and loose), ${accepted} accepted; largest input ${sizes} characters`);
const byReader = new Map<string, number>();
for (const [line, n] of thrown) {
  const reader = line.slice(0, line.indexOf(":"));
  byReader.set(reader, (byReader.get(reader) ?? 0) + n);
}
console.log(`throws: ${throws}${throws === 0 ? "" : ` (${[...byReader].map(([reader, n]) => `${reader} ${n}`).join(", ")})`}; malformed results: ${malformed}`);
console.log(`time per validation: median ${at(0.5)} ms, p99 ${at(0.99)} ms, p99.9 ${at(0.999)} ms, max ${slowest.ms.toFixed(1)} ms (case ${slowest.case}, ${slowest.size} characters); over 1 s: ${slow}`);
console.log(`wall time: ${elapsed.toFixed(0)} s (node ${process.version})`);
if (slowCases.length > 0) console.log(`${repeat > 1 ? "timings" : "cases with a validation over 1 s"}:\n${slowCases.map((line) => `  ${line}`).join("\n")}`);
const top = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([line, n]) => `  ${n} × ${line}`).join("\n");
if (throws > 0) console.log(`what threw:\n${top(thrown)}`);
if (malformed > 0) console.log(`what was malformed:\n${top(problems)}`);
process.exitCode = throws + malformed > 0 ? 1 : 0;
