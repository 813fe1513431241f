// Looks profiles up in the calculator's answer tables with the page's own lookup (docs/calculator/answers.js), in Node.
//
// Usage: node tests/node/lookup_answers.mjs JOB.json RESULTS.json
//   JOB.json:     {answers_js: path, tables: {code: path of calculator/answers/<code>.json},
//                  queries: [{name, code, profile}]}
//   RESULTS.json: {name: the result lookup() gives (the shape of Engine.evaluate()), or null}
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [jobPath, resultsPath] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobPath, "utf8"));
const { lookup } = await import(pathToFileURL(job.answers_js).href);
const tables = Object.fromEntries(Object.entries(job.tables).map(([code, path]) => [code, JSON.parse(readFileSync(path, "utf8"))]));
const results = {};
for (const { name, code, profile } of job.queries) results[name] = lookup(tables[code], profile);
writeFileSync(resultsPath, JSON.stringify(results));
