import { parseArgs } from "node:util";
import type { CliIo } from "../cli";

/**
 * hcinet bootstrap [--url http://localhost:3000]: run by `npm start`. With no account yet, creates the first admin
 * ("admin") from HCINET_ADMIN_PASSWORD, or prints a one-time setup link; then says how to sign in.
 */
export async function run(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { url: { type: "string", default: "http://localhost:3000" } }, strict: true });
  const base = values.url!.replace(/\/+$/, "");
  const { createDb } = await import("../../lib/db/client");
  const { bootstrapFirstAdmin } = await import("../../lib/db/auth");
  const envToken = process.env.HCINET_ADMIN_TOKEN;
  if (envToken && envToken.length < 32) io.err("hcinet: HCINET_ADMIN_TOKEN is shorter than 32 characters and is ignored");
  const db = createDb();
  try {
    const r = await bootstrapFirstAdmin(db);
    if (r.kind === "created") io.out(`hcinet: first admin "${r.username}" created with the password in HCINET_ADMIN_PASSWORD; sign in at ${base}/signin`);
    else if (r.kind === "setup")
      io.out(`hcinet: no account yet. Create the first admin here (works once, valid 24 h):\n\n    ${base}/setup?token=${r.token}\n\n(or set HCINET_ADMIN_PASSWORD before npm start to create the admin "admin")`);
    else io.out(`hcinet: sign in at ${base}/signin`);
    return 0;
  } catch (e) {
    io.err(`hcinet: ${(e as Error).message}`);
    return 2;
  } finally {
    await db.$disconnect();
  }
}
