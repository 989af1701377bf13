import { parseArgs } from "node:util";
import type { CliIo } from "../cli";

/**
 * hcinet backup --out FILE: a consistent copy of the database of DATABASE_URL, safe while the server runs (SQLite:
 * the online backup API; PostgreSQL: pg_dump --format=custom).
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  let out: string | undefined;
  try {
    out = parseArgs({ args, options: { out: { type: "string" } }, strict: true }).values.out;
  } catch (e) {
    io.err(`hcinet backup: ${(e as Error).message}`);
    return 2;
  }
  if (!out) {
    io.err("hcinet backup: --out FILE is required");
    return 2;
  }
  const { backup } = await import("../../lib/db/backup");
  const { databaseUrl } = await import("../../lib/db/url");
  try {
    const r = await backup(databaseUrl(), out);
    io.out(`hcinet: ${r.store} database backed up to ${r.file}${r.pages ? ` (${r.pages} pages)` : ""}`);
    return 0;
  } catch (e) {
    io.err(`hcinet backup: ${(e as Error).message}`);
    return 1;
  }
}
