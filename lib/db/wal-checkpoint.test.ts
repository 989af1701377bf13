import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
// @ts-expect-error better-sqlite3 ships no types; the part used here is typed below
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { WalCheckpointer } from "./wal-checkpoint";

interface Conn {
  pragma(sql: string, options?: { simple?: boolean }): unknown;
  exec(sql: string): void;
  prepare(sql: string): { run(...args: unknown[]): unknown; get(): unknown };
  transaction(fn: () => void): () => void;
  close(): void;
}
const Database = BetterSqlite3 as new (file: string, options?: { readonly?: boolean }) => Conn;

const dir = mkdtempSync(path.join(os.tmpdir(), "hcinet-wal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function open(name: string) {
  const file = path.join(dir, name);
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec(`CREATE TABLE o (id INTEGER PRIMARY KEY, body TEXT)`);
  return { file, db };
}
const auto = (db: Conn) => db.pragma("wal_autocheckpoint", { simple: true });
const bigCommit = (db: Conn) => {
  const ins = db.prepare("INSERT INTO o (body) VALUES (?)");
  db.transaction(() => {
    for (let i = 0; i < 8000; i++) ins.run("x".repeat(600)); // ~5 MB: past SQLite's 1,000-page auto checkpoint
  })();
};

describe("WAL checkpoint off the request thread", () => {
  it("turns the writer's own checkpoint off and checkpoints the whole WAL in its worker after a commit", async () => {
    const { file, db } = open("a.db");
    const c = await WalCheckpointer.start(file, db, 0);
    expect(c).not.toBeNull();
    expect(auto(db)).toBe(0);
    bigCommit(db);
    // the COMMIT left the frames in the WAL (no checkpoint on the writer): a read-only look shows them all pending
    const look = new Database(file, { readonly: true });
    expect(look.prepare("SELECT count(*) AS n FROM o").get()).toEqual({ n: 8000 });
    look.close();
    const done = c!.next();
    c!.committed();
    await done;
    expect(c!.stats.checkpoints).toBe(1);
    expect(c!.stats.last!.busy).toBe(0);
    expect(c!.stats.last!.log).toBeGreaterThan(1000);
    expect(c!.stats.last!.checkpointed).toBe(c!.stats.last!.log); // every frame copied back by the worker
    await c!.stop();
    expect(auto(db)).toBe(1000); // SQLite's own checkpoint is back
    db.close();
  });

  it("gives the checkpoint back to SQLite when the worker dies", async () => {
    const { file, db } = open("b.db");
    const c = (await WalCheckpointer.start(file, db, 0))!;
    expect(auto(db)).toBe(0);
    const stopped = c.next();
    await (c as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await stopped;
    expect(c.running).toBe(false);
    expect(auto(db)).toBe(1000);
    db.close();
  });

  it("does not start for a missing file", async () => {
    const db = new Database(":memory:");
    expect(await WalCheckpointer.start(path.join(dir, "nope.db"), db)).toBeNull();
    expect(auto(db)).toBe(1000);
    db.close();
  });
});
