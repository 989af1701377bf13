// A private, throw-away PostgreSQL cluster on loopback for tests and CI: initdb in a temp dir, pg_ctl start on a free
// port, trust auth for one role "hcinet" on 127.0.0.1 only. As root it runs the server as the unprivileged
// `postgres` user (PostgreSQL refuses to run as root), otherwise as the current user.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync, statSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** The folder holding initdb/pg_ctl/postgres: on PATH, or Debian's /usr/lib/postgresql/<version>/bin. */
export function findPgBin() {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(path.join(base, v, "bin", "initdb"))) return path.join(base, v, "bin");
  }
  return null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function asServerUser(bin, args, timeoutMs = 60_000) {
  const isRoot = process.getuid?.() === 0;
  const [cmd, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: "utf8", timeout: timeoutMs, cwd: os.tmpdir() });
  if (r.status !== 0) throw new Error(`${path.basename(bin)} ${args[0] ?? ""} failed: ${r.stderr || r.stdout || r.error?.message}`);
  return r.stdout;
}

/** Starts a private cluster; returns { url (to the "postgres" database), port, dir, stop() }. */
export async function startPrivatePg({ port } = {}) {
  const binDir = findPgBin();
  if (!binDir) throw new Error("PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install -y postgresql");
  const dir = mkdtempSync(path.join(os.tmpdir(), "hcinet-pg-"));
  if (process.getuid?.() === 0) chownSync(dir, Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim()), statSync(dir).gid);
  const data = path.join(dir, "data");
  asServerUser(path.join(binDir, "initdb"), ["-D", data, "-U", "hcinet", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  port ??= await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  asServerUser(path.join(binDir, "pg_ctl"), ["-D", data, "-o", opts, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      asServerUser(path.join(binDir, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return { url: `postgresql://hcinet@127.0.0.1:${port}/postgres`, port, dir, binDir, stop };
}

/** Creates a database on the cluster (via the pg driver) and returns its URL. */
export async function createDatabase(serverUrl, name) {
  const { default: pg } = await import("pg");
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
