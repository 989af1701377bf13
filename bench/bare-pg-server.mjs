// The PostgreSQL yardstick of bench/api.ts: a bare node:http + `pg` server, one INSERT transaction per request on a
// pool of 10 connections (hcinet's default HCINET_DB_POOL_MAX). POST /svc {name} → allocates the next free address
// (UNIQUE) and answers it. Like hcinet, the transaction first takes a transaction-scoped advisory lock, so "max + 1"
// stays exact with many clients (and many instances) at once: BEGIN; pg_advisory_xact_lock; INSERT … RETURNING; COMMIT.
import http from "node:http";
import pg from "pg";

const [url, port] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.BARE_POOL_MAX ?? 10) });
await pool.query("CREATE TABLE IF NOT EXISTS svc (id SERIAL PRIMARY KEY, name TEXT UNIQUE NOT NULL, vip INTEGER UNIQUE NOT NULL)");
const LOCK = 0x62617265; // "bare"

async function allocate(name) {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    await c.query("SELECT pg_advisory_xact_lock($1)", [LOCK]);
    const { rows } = await c.query("INSERT INTO svc (name, vip) VALUES ($1, (SELECT coalesce(max(vip), 0) + 1 FROM svc)) RETURNING vip", [name]);
    await c.query("COMMIT");
    return rows[0];
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

http
  .createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      try {
        const { name } = JSON.parse(body || "{}");
        const row = await allocate(String(name));
        res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify(row));
      } catch (e) {
        res.writeHead(409, { "content-type": "application/json" }).end(JSON.stringify({ error: String(e.message) }));
      }
    });
  })
  .listen(Number(port), "127.0.0.1", () => process.stdout.write("ready\n"));
process.on("SIGTERM", () => pool.end().finally(() => process.exit(0)));
