import { describe, expect, it } from "vitest";
import { deriveEndpoints, endpointsFromObjects, isPodReady, readyBackends, resolveTargetPort } from "./endpoints";
import type { KubeObject, Pod, Service } from "./types";

function pod(name: string, opts: Partial<{ ns: string; labels: Record<string, string>; ip: string; node: string; phase: string; ready: boolean | null; ports: { name?: string; containerPort: number; protocol?: "TCP" | "UDP" }[] }> = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: opts.ns ?? "default", labels: opts.labels ?? { app: "web" } },
    spec: { nodeName: opts.node ?? "node-1", containers: [{ name: "c", ports: opts.ports ?? [{ name: "http", containerPort: 8080 }] }] },
    status: {
      ...(opts.ip === undefined ? { podIP: `10.244.1.${name.length}` } : opts.ip === "" ? {} : { podIP: opts.ip }),
      phase: opts.phase ?? "Running",
      ...(opts.ready === null ? {} : { conditions: [{ type: "Ready", status: opts.ready === false ? "False" : "True" }] }),
    },
  };
}

function service(name: string, spec: Service["spec"], ns = "default"): Service {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: ns }, spec };
}

describe("isPodReady", () => {
  it("uses the Ready condition when present", () => {
    expect(isPodReady(pod("a", { ready: true }))).toBe(true);
    expect(isPodReady(pod("a", { ready: false }))).toBe(false);
  });
  it("falls back to phase Running without conditions", () => {
    expect(isPodReady(pod("a", { ready: null, phase: "Running" }))).toBe(true);
    expect(isPodReady(pod("a", { ready: null, phase: "Pending" }))).toBe(false);
  });
  it("a terminating pod is not ready", () => {
    const p = pod("a");
    p.metadata.deletionTimestamp = "2024-01-01T00:00:00Z";
    expect(isPodReady(p)).toBe(false);
  });
});

describe("resolveTargetPort", () => {
  const p = pod("a", { ports: [{ name: "dns", containerPort: 53, protocol: "UDP" }, { name: "dns-tcp", containerPort: 5353 }, { name: "http", containerPort: 8080 }] });
  it.each([
    [{ port: 80 }, 80],
    [{ port: 80, targetPort: 9000 }, 9000],
    [{ port: 80, targetPort: "http" }, 8080],
    [{ port: 53, targetPort: "dns", protocol: "UDP" as const }, 53],
    [{ port: 53, targetPort: "dns" }, undefined],
    [{ port: 80, targetPort: "nope" }, undefined],
  ])("%j → %s", (sp, expected) => expect(resolveTargetPort(p, sp)).toBe(expected));
});

describe("deriveEndpoints", () => {
  it("selects matching pods in the same namespace that have an IP", () => {
    const svc = service("web", { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] });
    const pods = [
      pod("w1", { ip: "10.244.1.5", node: "n1" }),
      pod("w2", { ip: "10.244.2.6", node: "n2", ready: false }),
      pod("other-ns", { ns: "shop", ip: "10.244.1.7" }),
      pod("no-ip", { ip: "" }),
      pod("db", { labels: { app: "db" }, ip: "10.244.1.8" }),
      pod("done", { ip: "10.244.1.9", phase: "Succeeded", ready: null }),
    ];
    expect(deriveEndpoints([svc], pods)).toEqual([
      {
        namespace: "default",
        serviceName: "web",
        addresses: [
          { ip: "10.244.1.5", nodeName: "n1", podRef: { namespace: "default", name: "w1" }, ready: true },
          { ip: "10.244.2.6", nodeName: "n2", podRef: { namespace: "default", name: "w2" }, ready: false },
        ],
        ports: [{ name: "http", port: 8080, protocol: "TCP" }],
      },
    ]);
  });

  it("publishNotReadyAddresses makes every address ready", () => {
    const svc = service("web", { selector: { app: "web" }, publishNotReadyAddresses: true, ports: [{ port: 80 }] });
    const [e] = deriveEndpoints([svc], [pod("w", { ready: false, ip: "10.244.0.3" })]);
    expect(e.addresses[0].ready).toBe(true);
    expect(e.ports).toEqual([{ port: 80, protocol: "TCP" }]);
  });

  it("groups pods whose named targetPort resolves differently into separate entries", () => {
    const svc = service("web", { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] });
    const eps = deriveEndpoints([svc], [
      pod("a", { ip: "10.244.0.1", ports: [{ name: "http", containerPort: 8080 }] }),
      pod("b", { ip: "10.244.0.2", ports: [{ name: "http", containerPort: 9090 }] }),
      pod("c", { ip: "10.244.0.3", ports: [{ name: "http", containerPort: 8080 }] }),
    ]);
    expect(eps.map((e) => [e.ports[0].port, e.addresses.map((a) => a.ip)])).toEqual([
      [8080, ["10.244.0.1", "10.244.0.3"]],
      [9090, ["10.244.0.2"]],
    ]);
    expect(readyBackends(eps, "default", "web", {}).map((b) => `${b.address.ip}:${b.port}`)).toEqual([
      "10.244.0.1:8080",
      "10.244.0.3:8080",
      "10.244.0.2:9090",
    ]);
  });

  it("omits a port that does not resolve on a pod but keeps the address", () => {
    const svc = service("web", { selector: { app: "web" }, ports: [{ name: "a", port: 80, targetPort: "missing" }, { name: "b", port: 81 }] });
    const [e] = deriveEndpoints([svc], [pod("a", { ip: "10.244.0.1" })]);
    expect(e.ports).toEqual([{ name: "b", port: 81, protocol: "TCP" }]);
    expect(e.addresses).toHaveLength(1);
  });

  it("gives a selector service with no pods an empty entry, and skips ExternalName and selector-less services", () => {
    const eps = deriveEndpoints(
      [
        service("lonely", { selector: { app: "none" }, ports: [{ port: 80 }] }),
        service("ext", { type: "ExternalName", externalName: "db.example.com", selector: { app: "web" } }),
        service("manual", { ports: [{ port: 80 }] }),
        service("emptysel", { selector: {}, ports: [{ port: 80 }] }),
      ],
      [pod("w", { ip: "10.244.0.1" })],
    );
    expect(eps).toEqual([{ namespace: "default", serviceName: "lonely", addresses: [], ports: [] }]);
  });

  it("services without a namespace live in default", () => {
    const svc: Service = { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ port: 80 }] } };
    const p = pod("w", { ip: "10.244.0.1" });
    delete p.metadata.namespace;
    expect(deriveEndpoints([svc], [p])[0].addresses.map((a) => a.ip)).toEqual(["10.244.0.1"]);
  });
});

describe("endpointsFromObjects", () => {
  const endpoints: KubeObject = {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "ext-db", namespace: "shop" },
    subsets: [
      {
        addresses: [{ ip: "192.168.10.5", nodeName: "n1", targetRef: { kind: "Pod", name: "db-0", namespace: "shop" } }],
        notReadyAddresses: [{ ip: "192.168.10.6" }, { ip: "not-an-ip" }],
        ports: [{ name: "pg", port: 5432, protocol: "TCP" }],
      },
    ],
  };
  const slice: KubeObject = {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: "ext-db-abc", namespace: "shop", labels: { "kubernetes.io/service-name": "ext-db" } },
    addressType: "IPv4",
    endpoints: [
      { addresses: ["192.168.10.5"], conditions: { ready: true } },
      { addresses: ["192.168.10.7"], conditions: {} },
      { addresses: ["192.168.10.8"], conditions: { ready: false } },
    ],
    ports: [{ name: "pg", port: 5432 }],
  };

  it("converts Endpoints subsets with ready and not-ready addresses", () => {
    expect(endpointsFromObjects([endpoints])).toEqual([
      {
        namespace: "shop",
        serviceName: "ext-db",
        addresses: [
          { ip: "192.168.10.5", nodeName: "n1", podRef: { namespace: "shop", name: "db-0" }, ready: true },
          { ip: "192.168.10.6", ready: false },
        ],
        ports: [{ name: "pg", port: 5432, protocol: "TCP" }],
      },
    ]);
  });

  it("converts EndpointSlices (ready unset counts as ready) and merges with Endpoints without duplicates", () => {
    const merged = endpointsFromObjects([endpoints, slice]);
    expect(merged).toHaveLength(1);
    expect(merged[0].addresses.map((a) => [a.ip, a.ready])).toEqual([
      ["192.168.10.5", true],
      ["192.168.10.6", false],
      ["192.168.10.7", true],
      ["192.168.10.8", false],
    ]);
  });

  it("ignores slices without the service-name label, FQDN slices and other kinds", () => {
    const unlabelled = { ...slice, metadata: { name: "x", namespace: "shop" } };
    const fqdn = { ...slice, addressType: "FQDN" };
    const cm: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } };
    expect(endpointsFromObjects([unlabelled, fqdn, cm])).toEqual([]);
  });
});
