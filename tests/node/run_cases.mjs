// Runs citizen test cases through the calculator's own engine worker (docs/calculator/engine-worker.js) in Node:
// the Pyodide runtime as the site publishes it, the project's wheel (fetched from a file: URL), the same
// Python glue and generator.engine as in the browser. No browser, and no network: any http(s) fetch fails the run.
//
// Usage: node tests/node/run_cases.mjs JOB.json RESULTS.json
//   JOB.json:     {worker, pyodide, wheel, lock, lists: {key: compiled list as JSON text}, cases: [{name, list, profile}],
//                  imported?: path}
//   RESULTS.json: {name: Engine.evaluate() as JSON text (or {"problems": [...]})}
//   imported:     if given, the standard-library files Python imported, as a JSON list (tests/node/record_stdlib.py)
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const [jobPath, resultsPath] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobPath, "utf8"));

const realFetch = globalThis.fetch;
globalThis.fetch = async (resource, init) => {
  const url = String(resource instanceof Request ? resource.url : resource);
  if (/^https?:/i.test(url)) throw new Error(`network access is not allowed here: ${url}`);
  if (url.startsWith("file:")) return new Response(readFileSync(fileURLToPath(url))); // the wheel, as a server would
  return realFetch(resource, init);
};

// The worker talks to its page through self.postMessage / self.onmessage: play the page.
globalThis.self = globalThis;
const waiting = new Map(); // id -> resolve
let ready;
const booted = new Promise((resolve, reject) => { ready = { resolve, reject }; });
self.postMessage = (message) => {
  if (message.type === "ready") ready.resolve();
  else if (message.type === "error") {
    console.error(`engine worker: ${message.message}`);
    process.exit(2);
  } else if (message.type === "result" || message.type === "imported") waiting.get(message.id || "imported")(message);
};
await import(pathToFileURL(job.worker).href);
const send = (data) => self.onmessage({ data });

send({ type: "boot", pyodide: job.pyodide, lock: job.lock, wheel: pathToFileURL(job.wheel).href, downloads: {} });
await booted;
for (const [key, text] of Object.entries(job.lists)) send({ type: "load", code: key, text });

const results = {};
let id = 0;
for (const { name, list, profile } of job.cases) {
  id += 1;
  results[name] = await new Promise((resolve) => {
    waiting.set(id, resolve);
    send({ type: "evaluate", id, code: list, profile: JSON.stringify(profile) });
  }).then((message) => message.json);
}
writeFileSync(resultsPath, JSON.stringify(results));
if (job.imported) {
  const { files } = await new Promise((resolve) => {
    waiting.set("imported", resolve);
    send({ type: "imported" });
  });
  writeFileSync(job.imported, JSON.stringify(files));
}
process.exit(0);
