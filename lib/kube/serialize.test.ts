import { describe, expect, it } from "vitest";
import { parseManifests } from "./manifest";
import { toYaml } from "./serialize";
import type { KubeObject } from "./types";

const svc: KubeObject = {
  spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }], type: "ClusterIP" },
  status: { loadBalancer: {} },
  metadata: {
    uid: "9f0c",
    resourceVersion: "123",
    creationTimestamp: "2024-05-01T10:00:00Z",
    managedFields: [{ manager: "kubectl" }],
    annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{}" },
    labels: { enabled: "on", version: "1.10", date: "2024-01-01" },
    namespace: "shop",
    name: "web",
  },
  kind: "Service",
  apiVersion: "v1",
};

describe("toYaml", () => {
  it("orders keys and strips server-only metadata", () => {
    const out = toYaml([svc]);
    expect(out.split("\n").slice(0, 9)).toEqual([
      "apiVersion: v1",
      "kind: Service",
      "metadata:",
      "  name: web",
      "  namespace: shop",
      "  labels:",
      '    enabled: "on"',
      '    version: "1.10"',
      '    date: "2024-01-01"',
    ]);
    expect(out).not.toMatch(/uid|resourceVersion|creationTimestamp|managedFields|last-applied/);
    expect(out.indexOf("spec:")).toBeLessThan(out.indexOf("status:"));
  });

  it("keeps server fields when asked", () => {
    const out = toYaml([svc], { keepServerFields: true });
    expect(out).toMatch(/uid: 9f0c/);
    expect(out).toMatch(/resourceVersion: "123"/);
    expect(out).toMatch(/kubectl.kubernetes.io\/last-applied-configuration/);
  });

  it("can drop status", () => {
    expect(toYaml([svc], { dropStatus: true })).not.toMatch(/status:/);
  });

  it("separates documents with ---", () => {
    const ns: KubeObject = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
    expect(toYaml([ns, ns])).toBe("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n");
    expect(toYaml([])).toBe("");
  });

  it("round-trips through parseManifests (values, types and unknown fields preserved)", () => {
    const objects: KubeObject[] = [
      svc,
      {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "deny", namespace: "shop" },
        spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [] },
        "x-extension": { nested: [1, "2", true, null] },
      },
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "cfg" },
        data: { "multi.txt": "line 1\nline 2\n", yes: "no", octal: "0777", empty: "" },
      },
    ];
    const { documents, problems } = parseManifests(toYaml(objects));
    expect(problems).toEqual([]);
    const expected = objects.map((o) => {
      const c = structuredClone(o);
      if (c.kind === "Service") {
        c.metadata = { name: "web", namespace: "shop", labels: c.metadata.labels };
      }
      return c;
    });
    expect(documents.map((d) => d.object)).toEqual(expected);
  });
});
