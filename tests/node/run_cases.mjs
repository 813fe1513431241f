// Runs citizen test cases through the calculator's own engine worker (docs/calculator/engine-worker.js) in Node:
// the Pyodide runtime from node_modules, the project's wheel installed with loadPackage(<absolute path>), the same
// Python glue and generator.engine as in the browser. No browser, and no network: any http(s) fetch fails the run.
//
// Usage: node tests/node/run_cases.mjs JOB.json RESULTS.json
//   JOB.json:     {worker, pyodide, wheel, lock, lists: {key: compiled list as JSON text}, cases: [{name, list, profile}]}
//   RESULTS.json: {name: Engine.evaluate() as JSON text (or {"problems": [...]})}
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [jobPath, resultsPath] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobPath, "utf8"));

const realFetch = globalThis.fetch;
globalThis.fetch = (resource, init) => {
  const url = String(resource instanceof Request ? resource.url : resource);
  if (/^https?:/i.test(url)) throw new Error(`network access is not allowed here: ${url}`);
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
  } else if (message.type === "result") waiting.get(message.id)(message.json);
};
await import(pathToFileURL(job.worker).href);
const send = (data) => self.onmessage({ data });

send({ type: "boot", pyodide: job.pyodide, lock: job.lock, wheel: job.wheel, download_bytes: 1 });
await booted;
for (const [key, text] of Object.entries(job.lists)) send({ type: "load", code: key, text });

const results = {};
let id = 0;
for (const { name, list, profile } of job.cases) {
  id += 1;
  results[name] = await new Promise((resolve) => {
    waiting.set(id, resolve);
    send({ type: "evaluate", id, code: list, profile: JSON.stringify(profile) });
  });
}
writeFileSync(resultsPath, JSON.stringify(results));
process.exit(0);
