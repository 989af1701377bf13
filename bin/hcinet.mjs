#!/usr/bin/env node
// hcinet command-line tool. Runs the TypeScript CLI (bin/cli.ts) through tsx, so it uses the same lib/ code as the app.
import { tsImport } from "tsx/esm/api";
const { main } = await tsImport("./cli.ts", import.meta.url);
process.exitCode = await main(process.argv.slice(2));
