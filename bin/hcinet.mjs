#!/usr/bin/env node
// hcinet command-line tool. Runs the TypeScript CLI (bin/cli.ts) through tsx, so it uses the same lib/ code as the app.
import { register as registerEsm } from "tsx/esm/api";
import { register as registerCjs } from "tsx/cjs/api";

registerEsm();
registerCjs();
const mod = await import("./cli.ts");
const main = mod.main ?? mod.default?.main;
process.exitCode = await main(process.argv.slice(2));
