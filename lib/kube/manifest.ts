/**
 * Parse Kubernetes manifests (what `kubectl apply -f` accepts): multi-document YAML separated by `---`, JSON, and
 * `List` / `*List` objects, which are expanded into one document per item. Every document keeps a handle on the
 * YAML source so problems can point at the exact line of the offending field.
 *
 * YAML is read with the YAML 1.2 core schema (`yaml` v2) plus `<<` merge keys; duplicate keys are errors, as
 * Kubernetes' strict decoding reports them.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node as YamlNode } from "yaml";
import { effectiveNamespace } from "./kinds";
import type { KubeObject } from "./types";

/** A problem found in a manifest: where (document, line, field path) and what. */
export interface ManifestProblem {
  /** 1-based index of the document (List items count individually). */
  document: number;
  /** 1-based source line. */
  line: number;
  /** Field path inside the document, e.g. `spec.ports[1].nodePort`; "" for the whole document. */
  path: string;
  message: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

/** One Kubernetes object read from a manifest. */
export interface ManifestDocument {
  /** 1-based index of the document in the stream (List items count individually; empty documents do not count). */
  index: number;
  /** 1-based source line where the object starts. */
  line: number;
  object: KubeObject;
  /** Source line of the node at `path` (e.g. `spec.ports[1].nodePort`), or of its nearest existing ancestor. */
  lineOf(path: string): number;
}

/** A path segment: a mapping key or a sequence index. */
export type PathSegment = string | number;

/**
 * Split a field path into segments. Supports `a.b[2].c`, bracketed map keys that contain dots or slashes
 * (`metadata.labels[app.kubernetes.io/name]`, optionally quoted: `labels['a.b/c']`).
 */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  let current = "";
  const flush = () => {
    if (current !== "") out.push(current);
    current = "";
  };
  while (i < path.length) {
    const ch = path[i];
    if (ch === ".") {
      flush();
      i++;
    } else if (ch === "[") {
      flush();
      const close = path.indexOf("]", i);
      if (close < 0) {
        current = path.slice(i);
        break;
      }
      let inner = path.slice(i + 1, close);
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else {
        if (/^(['"]).*\1$/.test(inner)) inner = inner.slice(1, -1);
        out.push(inner);
      }
      i = close + 1;
    } else {
      current += ch;
      i++;
    }
  }
  flush();
  return out;
}

/** Format segments back into a path (`spec.ports[1].name`, `metadata.labels[app.kubernetes.io/name]`). */
export function formatPath(segments: readonly PathSegment[]): string {
  let s = "";
  for (const seg of segments) {
    if (typeof seg === "number") s += `[${seg}]`;
    else if (/^[A-Za-z0-9_$-]+$/.test(seg)) s += s === "" ? seg : `.${seg}`;
    else s += `[${seg}]`;
  }
  return s;
}

/** Append a segment to a path string. */
export function joinPath(base: string, seg: PathSegment): string {
  return formatPath([...parsePath(base), seg]);
}

function nodeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : undefined;
}

/** Build `lineOf` for a root YAML node. */
function makeLineOf(root: YamlNode, lineCounter: LineCounter): (path: string) => number {
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  const rootOffset = nodeStart(root) ?? 0;
  return (path: string) => {
    let node: unknown = root;
    let offset = rootOffset;
    for (const seg of parsePath(path)) {
      if (isMap(node)) {
        const pair = node.items.find((p) => {
          const key = isScalar(p.key) ? p.key.value : p.key;
          return key != null && String(key) === String(seg);
        });
        if (!pair) break;
        offset = nodeStart(pair.key) ?? nodeStart(pair.value) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === "number") {
        const item = node.items[seg];
        if (item == null) break;
        offset = nodeStart(item) ?? offset;
        node = isPair(item) ? item.value : item;
      } else {
        break;
      }
    }
    return lineAt(offset);
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** The identity fields of a possibly malformed object, for problem reports. */
function identity(obj: unknown): Pick<ManifestProblem, "kind" | "name" | "namespace"> {
  if (!isPlainObject(obj)) return {};
  const kind = typeof obj.kind === "string" && obj.kind !== "" ? obj.kind : undefined;
  const meta = isPlainObject(obj.metadata) ? obj.metadata : undefined;
  const name = meta && typeof meta.name === "string" && meta.name !== "" ? meta.name : undefined;
  const namespace = kind && name ? effectiveNamespace({ kind, metadata: meta as { namespace?: unknown } }) : undefined;
  return { kind, name, namespace };
}

/**
 * Structural checks every object must pass to be usable at all (what the API machinery needs before kind-specific
 * validation): a mapping with `apiVersion`, `kind`, `metadata.name`, and string-valued labels and annotations.
 * Returns `[path, message]` pairs.
 */
export function structuralProblems(obj: unknown): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (!isPlainObject(obj)) {
    const what = Array.isArray(obj) ? "a sequence" : obj === null ? "null" : `a ${typeof obj}`;
    return [{ path: "", message: `must be a mapping (a Kubernetes object), got ${what}` }];
  }
  for (const field of ["apiVersion", "kind"] as const) {
    const v = obj[field];
    if (v === undefined || v === null || v === "") out.push({ path: field, message: "Required value" });
    else if (typeof v !== "string") out.push({ path: field, message: `must be a string` });
  }
  const meta = obj.metadata;
  if (meta === undefined || meta === null) {
    out.push({ path: "metadata.name", message: "Required value" });
    return out;
  }
  if (!isPlainObject(meta)) {
    out.push({ path: "metadata", message: "must be a mapping" });
    return out;
  }
  if (meta.name === undefined || meta.name === null || meta.name === "") {
    out.push({ path: "metadata.name", message: "Required value" });
  } else if (typeof meta.name !== "string") {
    out.push({ path: "metadata.name", message: "must be a string" });
  }
  if (meta.namespace !== undefined && meta.namespace !== null && typeof meta.namespace !== "string") {
    out.push({ path: "metadata.namespace", message: "must be a string" });
  }
  for (const field of ["labels", "annotations"] as const) {
    const m = meta[field];
    if (m === undefined || m === null) continue;
    if (!isPlainObject(m)) {
      out.push({ path: `metadata.${field}`, message: "must be a mapping of strings" });
      continue;
    }
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== "string") {
        out.push({
          path: formatPath(["metadata", field, k]),
          message: `must be a string, got ${v === null ? "null" : typeof v} (quote the value)`,
        });
      }
    }
  }
  return out;
}

/** A `List` (kind `List`) or typed list (`PodList`, `ServiceList`, …) with an `items` sequence. */
function isListObject(obj: unknown): obj is Record<string, unknown> & { kind: string; items: unknown[] } {
  return (
    isPlainObject(obj) &&
    typeof obj.kind === "string" &&
    obj.kind.endsWith("List") &&
    (Array.isArray(obj.items) || obj.items === null || obj.items === undefined) &&
    ("items" in obj || obj.kind === "List")
  );
}

function isEmptyDocument(doc: Document.Parsed): boolean {
  const c = doc.contents;
  return c == null || (isScalar(c) && (c.value === null || c.value === undefined));
}

/**
 * Parse manifest text into Kubernetes objects.
 *
 * - Documents are separated by `---`; empty documents (nothing, or only comments) are skipped and not counted.
 * - `kind: List` and `*List` kinds are expanded: each item becomes a document of its own (index counted in order,
 *   line = the item's line, paths relative to the item). Items of typed lists without `apiVersion`/`kind` (raw API
 *   output such as `PodList`) inherit the list's `apiVersion` and the singular kind.
 * - YAML syntax errors are reported at their exact line; the document is dropped.
 * - Objects failing {@link structuralProblems} are reported and dropped.
 * - All fields are kept (unknown ones too).
 */
export function parseManifests(text: string): { documents: ManifestDocument[]; problems: ManifestProblem[] } {
  return parseJsonFast(text) ?? parseYaml(text);
}

/**
 * {@link parseManifests} that hands control back between the items of a large JSON List: `step()` is awaited every
 * 200 items (a server passes its event-loop pacer there). YAML input is parsed in one go.
 */
export async function parseManifestsPaced(text: string, step: () => Promise<void> | undefined): Promise<{ documents: ManifestDocument[]; problems: ManifestProblem[] }> {
  const steps = parseManifestSteps(text);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await step();
  }
}

/** {@link parseManifests} as steps: yields every 200 items of a large JSON List (YAML input is parsed in one go). */
export function* parseManifestSteps(text: string): Generator<void, { documents: ManifestDocument[]; problems: ManifestProblem[] }> {
  return (yield* parseJsonSteps(text)) ?? parseYaml(text);
}

/**
 * Fast path for JSON input (`kubectl get -o json`, a kubectl List): `JSON.parse` instead of the YAML parser with
 * source positions, which costs ~100× more on large dumps. Line numbers are only needed when something is wrong, so
 * they are computed lazily by the YAML path (same document indexes: JSON is YAML) on the first `lineOf` call.
 * Returns null (the YAML path decides) when the text is not one JSON object. Difference: a duplicate key in JSON
 * keeps its last value here, where the YAML path reports it.
 */
function parseJsonFast(text: string): { documents: ManifestDocument[]; problems: ManifestProblem[] } | null {
  const steps = parseJsonSteps(text);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** parseJsonFast as steps: yields every 200 items of a List, returns the result (null: not one JSON object). */
function* parseJsonSteps(text: string): Generator<void, { documents: ManifestDocument[]; problems: ManifestProblem[] } | null> {
  if (!text.trimStart().startsWith("{")) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  let slow: ReturnType<typeof parseYaml> | undefined;
  const slowLineOf = (index: number) => (path: string) => {
    slow ??= parseYaml(text);
    const d = slow.documents.find((x) => x.index === index);
    if (d) return d.lineOf(path);
    return slow.problems.find((p) => p.document === index)?.line ?? 1;
  };
  const documents: ManifestDocument[] = [];
  const problems: ManifestProblem[] = [];
  let index = 0;
  const accept = (object: unknown, docIndex: number) => {
    const lineOf = slowLineOf(docIndex);
    const structural = structuralProblems(object);
    if (structural.length > 0) {
      for (const p of structural) problems.push({ document: docIndex, line: lineOf(p.path), ...p, ...identity(object) });
      return;
    }
    const doc = { index: docIndex, object: object as KubeObject, lineOf } as ManifestDocument;
    Object.defineProperty(doc, "line", { enumerable: true, get: () => lineOf("") });
    documents.push(doc);
  };
  if (isListObject(value)) {
    const items = (value.items ?? []) as unknown[];
    const singular = value.kind === "List" ? undefined : value.kind.slice(0, -"List".length);
    for (const item of items) {
      index++;
      if (index % 200 === 0) yield;
      if (singular && isPlainObject(item)) {
        if (item.kind === undefined) item.kind = singular;
        if (item.apiVersion === undefined && typeof value.apiVersion === "string") item.apiVersion = value.apiVersion;
      }
      accept(item, index);
    }
  } else {
    accept(value, ++index);
  }
  return { documents, problems };
}

function parseYaml(text: string): { documents: ManifestDocument[]; problems: ManifestProblem[] } {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, merge: true, prettyErrors: true, uniqueKeys: true });
  const documents: ManifestDocument[] = [];
  const problems: ManifestProblem[] = [];
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  let index = 0;

  const accept = (object: unknown, node: YamlNode, docIndex: number) => {
    const lineOf = makeLineOf(node, lineCounter);
    const line = lineOf("");
    const structural = structuralProblems(object);
    if (structural.length > 0) {
      for (const p of structural) problems.push({ document: docIndex, line: lineOf(p.path), ...p, ...identity(object) });
      return;
    }
    documents.push({ index: docIndex, line, object: object as KubeObject, lineOf });
  };

  for (const doc of docs) {
    if (doc.errors.length > 0) {
      index++;
      for (const err of doc.errors) {
        const line = err.linePos?.[0]?.line ?? lineAt(err.pos[0]);
        const message = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
        problems.push({ document: index, line, path: "", message: `YAML syntax error: ${message}` });
      }
      continue;
    }
    if (isEmptyDocument(doc)) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      index++;
      problems.push({
        document: index,
        line: lineAt(nodeStart(doc.contents) ?? 0),
        path: "",
        message: `YAML error: ${(e as Error).message}`,
      });
      continue;
    }
    const root = doc.contents as YamlNode;
    if (isListObject(value)) {
      const items = (value.items ?? []) as unknown[];
      const itemsNode = isMap(root) ? root.get("items", true) : undefined;
      const singular = value.kind === "List" ? undefined : value.kind.slice(0, -"List".length);
      items.forEach((item, i) => {
        index++;
        const itemNode = (isSeq(itemsNode) ? itemsNode.items[i] : undefined) as YamlNode | undefined;
        if (singular && isPlainObject(item)) {
          if (item.kind === undefined) item.kind = singular;
          if (item.apiVersion === undefined && typeof value.apiVersion === "string") item.apiVersion = value.apiVersion;
        }
        accept(item, itemNode ?? root, index);
      });
      continue;
    }
    index++;
    accept(value, root, index);
  }
  return { documents, problems };
}

/** `document 2 (line 14) Service default/web: spec.ports[1].nodePort: must be in 30000-32767` */
export function formatProblem(p: ManifestProblem): string {
  let subject = "";
  if (p.kind) subject += ` ${p.kind}`;
  if (p.name) subject += ` ${p.namespace ? `${p.namespace}/` : ""}${p.name}`;
  const where = p.path ? `${p.path}: ` : "";
  return `document ${p.document} (line ${p.line})${subject}: ${where}${p.message}`;
}
