import { describe, expect, it } from "vitest";
import { parseManifests } from "./manifest";

const list = {
  apiVersion: "v1",
  kind: "List",
  items: [
    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "x" }, data: { k: "v" } },
    { apiVersion: "v1", kind: "Service", metadata: { name: "b", namespace: "x" }, spec: { ports: [{ port: 80 }] } },
  ],
};

describe("parseManifests, JSON fast path", () => {
  it("gives the same documents as the YAML path for a kubectl List", () => {
    const json = JSON.stringify(list, null, 2);
    const fast = parseManifests(json);
    const yamlText = `apiVersion: v1\nkind: List\nitems:\n${list.items.map((i) => `  - ${JSON.stringify(i)}`).join("\n")}\n`;
    const slow = parseManifests(yamlText);
    expect(fast.problems).toEqual([]);
    expect(fast.documents.map((d) => [d.index, d.object])).toEqual(slow.documents.map((d) => [d.index, d.object]));
  });

  it("still points at the line of a field (computed lazily) and reports structural problems with their line", () => {
    const json = JSON.stringify(list, null, 2);
    const { documents } = parseManifests(json);
    const portLine = json.split("\n").findIndex((l) => l.includes('"port": 80')) + 1;
    expect(documents[1].lineOf("spec.ports[0].port")).toBe(portLine);
    const bad = JSON.stringify({ apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { namespace: "x" } }] }, null, 2);
    const r = parseManifests(bad);
    expect(r.documents).toEqual([]);
    expect(r.problems[0]).toMatchObject({ document: 1, path: "metadata.name" });
    expect(r.problems[0].line).toBeGreaterThan(1);
  });
});
