/**
 * A read-only database, caused for real: the server's database folder is a read-only bind mount of the folder that
 * holds the migrated file. Writes (and, SQLite being in WAL mode, reads) answer 503 with a clear message; once the
 * mount is writable again the same process serves writes without a restart. Needs root (mount); skipped otherwise.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { call, tokenFor } from "./helpers";

const base = mkdtempSync(path.join(os.tmpdir(), "hcinet-ro-"));
const src = path.join(base, "src");
const view = path.join(base, "view");
mkdirSync(src);
mkdirSync(view);
const migrated = spawnSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], {
  env: { ...process.env, DATABASE_URL: `file:${path.join(src, "test.db")}`, CHECKPOINT_DISABLE: "1" },
  encoding: "utf8",
});
if (migrated.status !== 0) throw new Error(`migrate deploy failed: ${migrated.stderr}`);
function bindMount(): boolean {
  try {
    execFileSync("mount", ["--bind", src, view], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const mounted = bindMount();
if (!mounted) console.warn("store-readonly.test: cannot bind-mount here (not root?): read-only test skipped");
process.env.DATABASE_URL = `file:${path.join(view, "test.db")}`;
const networks = await import("@/app/api/networks/route");
const { db } = await import("@/lib/db/client");
if (mounted) {
  // the caller's API token is created while the file is writable, then the mount turns read-only
  await tokenFor("admin");
  await db().$disconnect(); // a file open for writing keeps the mount busy
  execFileSync("mount", ["-o", "remount,bind,ro", view], { stdio: "ignore" });
}

const lab = {
  name: "labnet",
  vswitchName: "extSwitch",
  ipAddressPrefix: "192.168.50.0/24",
  gateway: "192.168.50.1",
  dnsServers: ["192.168.50.1"],
  k8sNodeIpPoolStart: "192.168.50.10",
  k8sNodeIpPoolEnd: "192.168.50.99",
  vipPoolStart: "192.168.50.200",
  vipPoolEnd: "192.168.50.250",
};

afterAll(async () => {
  await db().$disconnect().catch(() => undefined);
  if (mounted) spawnSync("umount", ["-l", view]);
});

describe.skipIf(!mounted)("the store on a read-only file", () => {
  it("answers 503 with Retry-After and a clear message, then serves writes once the file is writable — no restart", async () => {
    const r = await call(networks.POST, { json: lab });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe("store_read_only");
    expect(r.body.error.message).toMatch(/cannot be written/);
    expect(r.headers.get("retry-after")).toBeTruthy();
    execFileSync("mount", ["-o", "remount,bind,rw", view]);
    const again = await call(networks.POST, { json: lab });
    expect(again.status).toBe(201);
    expect((await call(networks.GET)).body.map((n: { name: string }) => n.name)).toContain("labnet");
  });
});
