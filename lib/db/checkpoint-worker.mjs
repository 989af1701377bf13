// Worker thread of lib/db/wal-checkpoint.ts: copies the SQLite WAL back into the database file (a PASSIVE
// checkpoint: never waits for, never blocks readers or the writer) on its own connection, so the request thread's
// COMMIT does not do it. Plain JavaScript: better-sqlite3 only, no application code.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const db = new Database(workerData.file, { fileMustExist: true, timeout: 1000 });
let timer = null;

function checkpoint() {
  timer = null;
  try {
    const [r] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ type: "checkpointed", busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ type: "failed", message: e instanceof Error ? e.message : String(e) });
  }
}

parentPort.on("message", (m) => {
  if (m === "commit") {
    // a burst of commits (the apply queue's groups) is checkpointed together, once
    if (!timer) timer = setTimeout(checkpoint, workerData.delayMs);
  } else if (m === "close") {
    if (timer) clearTimeout(timer);
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage({ type: "ready" });
