// Worker thread of lib/db/parse-pool.ts: runs the apply's pure pre-check (lib/kube/apply-check.ts: parse, caps,
// Kubernetes validation) off the request thread. Loaded as plain JavaScript by worker_threads; the TypeScript of
// lib/kube is compiled by tsx (a runtime dependency, as for the CLI). Only pure lib code runs here: no store, no Next.
import { parentPort } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { checkApply } = await tsImport("../kube/apply-check.ts", import.meta.url);

/** documents of the last check not yet sent: the request thread pulls them in batches (each a short deserialization) */
let pending = null;
let offset = 0;

parentPort.on("message", (m) => {
  try {
    if (m.type === "check") {
      pending = null;
      const r = checkApply(m.text, m.opts);
      if (r.error) {
        parentPort.postMessage({ type: "error", error: r.error });
        return;
      }
      pending = r.documents.map((d) => ({ index: d.index, object: d.object }));
      offset = 0;
      parentPort.postMessage({ type: "head", count: pending.length });
    } else if (m.type === "next") {
      const docs = pending ? pending.slice(offset, offset + m.size) : [];
      offset += docs.length;
      const done = !pending || offset >= pending.length;
      if (done) pending = null;
      parentPort.postMessage({ type: "docs", docs, done });
    }
  } catch (e) {
    pending = null;
    parentPort.postMessage({ type: "fail", message: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
  }
});
parentPort.postMessage({ type: "ready" });
