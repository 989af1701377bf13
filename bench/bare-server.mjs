// The yardstick of bench/api.ts: a bare node:http + better-sqlite3 server, one INSERT transaction per request
// (WAL, synchronous=NORMAL). POST /svc {name} → allocates the next free address (UNIQUE) and answers it.
import http from "node:http";
import Database from "better-sqlite3";

const [file, port] = process.argv.slice(2);
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.exec("CREATE TABLE IF NOT EXISTS svc (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, vip INTEGER UNIQUE NOT NULL)");
const insert = db.prepare("INSERT INTO svc (name, vip) VALUES (?, (SELECT coalesce(max(vip), 0) + 1 FROM svc)) RETURNING vip");
const tx = db.transaction((name) => insert.get(name));
http
  .createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      try {
        const { name } = JSON.parse(body || "{}");
        const row = tx(String(name));
        res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify(row));
      } catch (e) {
        res.writeHead(409, { "content-type": "application/json" }).end(JSON.stringify({ error: String(e.message) }));
      }
    });
  })
  .listen(Number(port), "127.0.0.1", () => process.stdout.write("ready\n"));
process.on("SIGTERM", () => process.exit(0));
