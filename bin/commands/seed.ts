import { parseArgs } from "node:util";
import type { CliIo } from "../cli";

/** hcinet seed [--if-empty]: load the demo data into the database of DATABASE_URL (default file:./data/hcinet.db). */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { "if-empty": { type: "boolean", default: false } }, strict: true });
  const { createDb } = await import("../../lib/db/client");
  const { isSeeded, seedDemo } = await import("../../lib/db/seed");
  const db = createDb();
  try {
    if (await isSeeded(db)) {
      io.out(values["if-empty"] ? "hcinet: demo data already loaded" : "hcinet: demo data was loaded before; nothing to do");
      return 0;
    }
    await seedDemo(db);
    io.out("hcinet: demo data loaded");
    return 0;
  } finally {
    await db.$disconnect();
  }
}
