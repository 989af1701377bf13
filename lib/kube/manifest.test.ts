import { describe, expect, it } from "vitest";
import { formatPath, formatProblem, parseManifests, parseManifestsPaced, parsePath } from "./manifest";

const multi = `# leading comment
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
    - name: https
      port: 443
      nodePort: 99999
  x-unknown: kept
---
---
# only a comment
---
apiVersion: v1
kind: Pod
metadata:
  name: p1
spec:
  containers: [{ name: c, image: nginx }]
`;

describe("parseManifests", () => {
  it("parses multi-document YAML, skipping empty documents, with 1-based indexes and lines", () => {
    const { documents, problems } = parseManifests(multi);
    expect(problems).toEqual([]);
    expect(documents.map((d) => [d.index, d.line, d.object.kind, d.object.metadata.name])).toEqual([
      [1, 2, "Service", "web"],
      [2, 21, "Pod", "p1"],
    ]);
  });

  it("keeps unknown fields", () => {
    const { documents } = parseManifests(multi);
    expect((documents[0].object.spec as Record<string, unknown>)["x-unknown"]).toBe("kept");
  });

  it("lineOf finds nodes and falls back to the nearest ancestor", () => {
    const [svc] = parseManifests(multi).documents;
    expect(svc.lineOf("spec.ports[1].nodePort")).toBe(15);
    expect(svc.lineOf("spec.ports[1]")).toBe(13);
    expect(svc.lineOf("spec.ports[1].targetPort")).toBe(13);
    expect(svc.lineOf("spec.ports[7].name")).toBe(10);
    expect(svc.lineOf("metadata.namespace")).toBe(6);
    expect(svc.lineOf("")).toBe(2);
    expect(svc.lineOf("spec.selector[app]")).toBe(9);
  });

  it("accepts JSON", () => {
    const json = JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } }, null, 2);
    const { documents, problems } = parseManifests(json);
    expect(problems).toEqual([]);
    expect(documents[0].object).toEqual({ apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } });
    expect(documents[0].lineOf("metadata.name")).toBe(5);
  });

  it("expands kind: List into one document per item with the item's line", () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Namespace
    metadata:
      name: a
  - apiVersion: v1
    kind: Namespace
    metadata: {}
  - apiVersion: v1
    kind: Namespace
    metadata:
      name: c
---
apiVersion: v1
kind: Namespace
metadata:
  name: d
`;
    const { documents, problems } = parseManifests(text);
    expect(documents.map((d) => [d.index, d.line, d.object.metadata.name])).toEqual([
      [1, 4, "a"],
      [3, 11, "c"],
      [4, 16, "d"],
    ]);
    expect(problems).toEqual([
      { document: 2, line: 10, path: "metadata.name", message: "Required value", kind: "Namespace" },
    ]);
    expect(documents[1].lineOf("metadata.name")).toBe(14);
  });

  it("expands typed lists and fills missing apiVersion/kind from the list", () => {
    const text = `apiVersion: v1
kind: PodList
items:
- metadata: {name: a, namespace: x}
  spec: {containers: [{name: c}]}
`;
    const { documents, problems } = parseManifests(text);
    expect(problems).toEqual([]);
    expect(documents[0].object.kind).toBe("Pod");
    expect(documents[0].object.apiVersion).toBe("v1");
  });

  it("reports YAML syntax errors at the exact line and continues with later documents", () => {
    const text = `apiVersion: v1
kind: Namespace
metadata:
  name: a
---
apiVersion: v1
kind: Namespace
metadata:
  name: [b
---
apiVersion: v1
kind: Namespace
metadata:
  name: c
`;
    const { documents, problems } = parseManifests(text);
    expect(documents.map((d) => [d.index, d.object.metadata.name])).toEqual([
      [1, "a"],
      [3, "c"],
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0].document).toBe(2);
    expect(problems[0].line).toBe(10);
    expect(problems[0].message).toMatch(/^YAML syntax error: /);
  });

  it("reports duplicate keys", () => {
    const { problems } = parseManifests("apiVersion: v1\nkind: Namespace\nkind: Pod\nmetadata: {name: a}\n");
    expect(problems).toHaveLength(1);
    expect(problems[0].line).toBe(3);
  });

  it("requires a mapping with apiVersion, kind and a string metadata.name", () => {
    const text = `- a
- b
---
kind: Service
metadata:
  name: 5
---
apiVersion: v1
kind: Service
`;
    const { documents, problems } = parseManifests(text);
    expect(documents).toEqual([]);
    expect(problems.map((p) => [p.document, p.line, p.path, p.message])).toEqual([
      [1, 1, "", "must be a mapping (a Kubernetes object), got a sequence"],
      [2, 4, "apiVersion", "Required value"],
      [2, 6, "metadata.name", "must be a string"],
      [3, 8, "metadata.name", "Required value"],
    ]);
  });

  it("rejects non-string label values with the line of the label", () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
    app.kubernetes.io/version: 1.2
spec: {containers: [{name: c}]}
`;
    const { problems } = parseManifests(text);
    expect(problems).toEqual([
      {
        document: 1,
        line: 6,
        path: "metadata.labels[app.kubernetes.io/version]",
        message: "must be a string, got number (quote the value)",
        kind: "Pod",
        name: "p",
        namespace: "default",
      },
    ]);
  });

  it("returns nothing for empty input", () => {
    expect(parseManifests("")).toEqual({ documents: [], problems: [] });
    expect(parseManifests("---\n# nothing\n---\n")).toEqual({ documents: [], problems: [] });
  });
});

describe("paths", () => {
  it("parses and formats dotted, indexed and bracketed paths", () => {
    expect(parsePath("spec.ports[1].nodePort")).toEqual(["spec", "ports", 1, "nodePort"]);
    expect(parsePath("metadata.labels[app.kubernetes.io/name]")).toEqual(["metadata", "labels", "app.kubernetes.io/name"]);
    expect(parsePath("metadata.labels['a.b']")).toEqual(["metadata", "labels", "a.b"]);
    expect(formatPath(["spec", "ports", 1, "nodePort"])).toBe("spec.ports[1].nodePort");
    expect(formatPath(["metadata", "labels", "app.kubernetes.io/name"])).toBe("metadata.labels[app.kubernetes.io/name]");
  });
});

describe("formatProblem", () => {
  it("renders document, line, object and path", () => {
    expect(
      formatProblem({
        document: 2,
        line: 14,
        path: "spec.ports[1].nodePort",
        message: "must be in 30000-32767",
        kind: "Service",
        name: "web",
        namespace: "default",
      }),
    ).toBe("document 2 (line 14) Service default/web: spec.ports[1].nodePort: must be in 30000-32767");
    expect(formatProblem({ document: 1, line: 3, path: "", message: "YAML syntax error: x" })).toBe(
      "document 1 (line 3): YAML syntax error: x",
    );
    expect(formatProblem({ document: 1, line: 1, path: "spec.controller", message: "Required value", kind: "IngressClass", name: "nginx" })).toBe(
      "document 1 (line 1) IngressClass nginx: spec.controller: Required value",
    );
  });
});

describe("parseManifestsPaced", () => {
  it("parses a large JSON List in steps (every 200 items) to the same documents and problems as parseManifests", async () => {
    const items = Array.from({ length: 1000 }, (_, i) =>
      i === 517 ? { apiVersion: "v1", kind: "ConfigMap", metadata: {} } : { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm${i}`, namespace: "default" }, data: { k: String(i) } },
    );
    const text = JSON.stringify({ apiVersion: "v1", kind: "List", items });
    let steps = 0;
    const paced = await parseManifestsPaced(text, () => {
      steps++;
      return undefined;
    });
    const whole = parseManifests(text);
    expect(steps).toBe(5);
    expect(paced.documents.map((d) => [d.index, d.object.metadata.name])).toEqual(whole.documents.map((d) => [d.index, d.object.metadata.name]));
    expect(paced.documents).toHaveLength(999);
    expect(paced.problems.map((p) => [p.document, p.path])).toEqual(whole.problems.map((p) => [p.document, p.path]));
    expect(paced.problems[0].document).toBe(518);
  });

  it("parses YAML in one go", async () => {
    let steps = 0;
    const r = await parseManifestsPaced("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n", () => {
      steps++;
      return undefined;
    });
    expect(steps).toBe(0);
    expect(r.documents.map((d) => d.object.metadata.name)).toEqual(["a", "b"]);
  });
});
