import { parseArgs } from "node:util";
import type { CliIo } from "../cli";

/**
 * hcinet restore --in FILE: replaces the database of DATABASE_URL with a backup made by `hcinet backup` (SQLite: checked,
 * then copied in with the online backup API; PostgreSQL: pg_restore --clean in one transaction).
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  let from: string | undefined;
  try {
    from = parseArgs({ args, options: { in: { type: "string" } }, strict: true }).values.in;
  } catch (e) {
    io.err(`hcinet restore: ${(e as Error).message}`);
    return 2;
  }
  if (!from) {
    io.err("hcinet restore: --in FILE is required");
    return 2;
  }
  const { restore } = await import("../../lib/db/backup");
  const { databaseUrl } = await import("../../lib/db/url");
  try {
    const r = await restore(databaseUrl(), from);
    io.out(`hcinet: ${r.store} database restored from ${r.file}`);
    return 0;
  } catch (e) {
    io.err(`hcinet restore: ${(e as Error).message}`);
    return 1;
  }
}
