import { describe, expect, it } from "vitest";
import { emptySnapshot, type HTTPIngressPath, type Ingress, type KubeObject } from "../kube/types";
import { snapshotFromManifests } from "../kube/load";
import { SHOP_CALICO } from "../demo/shop";
import { hostMatch, ingressFindings, pathMatches, routeIngress, findController, ingressClasses } from "./route";

const backend = (name: string) => ({ service: { name, port: { number: 80 } } });

function ingress(name: string, paths: { path: string; pathType: HTTPIngressPath["pathType"]; to?: string }[], extra: Partial<Ingress["spec"]> = {}, host?: string): Ingress {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name, namespace: "default" },
    spec: {
      ingressClassName: "nginx",
      rules: [{ ...(host ? { host } : {}), http: { paths: paths.map((p) => ({ path: p.path, pathType: p.pathType, backend: backend(p.to ?? p.path) })) } }],
      ...extra,
    },
  };
}

const nginxClass: KubeObject = {
  apiVersion: "networking.k8s.io/v1",
  kind: "IngressClass",
  metadata: { name: "nginx", annotations: { "ingressclass.kubernetes.io/is-default-class": "true" } },
  spec: { controller: "k8s.io/ingress-nginx" },
};

function snap(...ings: Ingress[]) {
  const s = emptySnapshot("t");
  s.ingresses = ings;
  s.others = [nginxClass];
  return s;
}

/** kubernetes.io/docs/concepts/services-networking/ingress/#examples — every row of the table. */
describe("Ingress path matching: the documentation's examples table", () => {
  const rows: [string, HTTPIngressPath["pathType"] | "Mixed", { path: string; pathType: HTTPIngressPath["pathType"] }[], string[], string | null][] = [
    // kind, paths, request paths, matched path (null: no match)
    ["Prefix / matches all paths", "Prefix", [{ path: "/", pathType: "Prefix" }], ["/", "/anything", "/a/b/c"], "/"],
    ["Exact /foo, /foo", "Exact", [{ path: "/foo", pathType: "Exact" }], ["/foo"], "/foo"],
    ["Exact /foo, /bar", "Exact", [{ path: "/foo", pathType: "Exact" }], ["/bar"], null],
    ["Exact /foo, /foo/", "Exact", [{ path: "/foo", pathType: "Exact" }], ["/foo/"], null],
    ["Exact /foo/, /foo", "Exact", [{ path: "/foo/", pathType: "Exact" }], ["/foo"], null],
    ["Prefix /foo, /foo and /foo/", "Prefix", [{ path: "/foo", pathType: "Prefix" }], ["/foo", "/foo/"], "/foo"],
    ["Prefix /foo/, /foo and /foo/", "Prefix", [{ path: "/foo/", pathType: "Prefix" }], ["/foo", "/foo/"], "/foo/"],
    ["Prefix /aaa/bb, /aaa/bbb", "Prefix", [{ path: "/aaa/bb", pathType: "Prefix" }], ["/aaa/bbb"], null],
    ["Prefix /aaa/bbb, /aaa/bbb", "Prefix", [{ path: "/aaa/bbb", pathType: "Prefix" }], ["/aaa/bbb"], "/aaa/bbb"],
    ["Prefix /aaa/bbb/, /aaa/bbb (ignores trailing slash)", "Prefix", [{ path: "/aaa/bbb/", pathType: "Prefix" }], ["/aaa/bbb"], "/aaa/bbb/"],
    ["Prefix /aaa/bbb, /aaa/bbb/ (matches trailing slash)", "Prefix", [{ path: "/aaa/bbb", pathType: "Prefix" }], ["/aaa/bbb/"], "/aaa/bbb"],
    ["Prefix /aaa/bbb, /aaa/bbb/ccc (matches subpath)", "Prefix", [{ path: "/aaa/bbb", pathType: "Prefix" }], ["/aaa/bbb/ccc"], "/aaa/bbb"],
    ["Prefix /aaa/bbb, /aaa/bbbxyz (not a string prefix)", "Prefix", [{ path: "/aaa/bbb", pathType: "Prefix" }], ["/aaa/bbbxyz"], null],
    ["Prefix /, /aaa — /aaa/ccc matches /aaa", "Prefix", [{ path: "/", pathType: "Prefix" }, { path: "/aaa", pathType: "Prefix" }], ["/aaa/ccc"], "/aaa"],
    [
      "Prefix /, /aaa, /aaa/bbb — /aaa/bbb matches /aaa/bbb",
      "Prefix",
      [{ path: "/", pathType: "Prefix" }, { path: "/aaa", pathType: "Prefix" }, { path: "/aaa/bbb", pathType: "Prefix" }],
      ["/aaa/bbb"],
      "/aaa/bbb",
    ],
    [
      "Prefix /, /aaa, /aaa/bbb — /ccc matches /",
      "Prefix",
      [{ path: "/", pathType: "Prefix" }, { path: "/aaa", pathType: "Prefix" }, { path: "/aaa/bbb", pathType: "Prefix" }],
      ["/ccc"],
      "/",
    ],
    ["Prefix /aaa, /ccc (default backend)", "Prefix", [{ path: "/aaa", pathType: "Prefix" }], ["/ccc"], null],
    ["Mixed /foo Prefix and /foo Exact — /foo prefers Exact", "Mixed", [{ path: "/foo", pathType: "Prefix" }, { path: "/foo", pathType: "Exact" }], ["/foo"], "/foo"],
  ];
  for (const [title, , paths, requests, expected] of rows) {
    it(title, () => {
      const s = snap(ingress("ing", paths.map((p, i) => ({ ...p, to: `svc${i}` })), { defaultBackend: backend("fallback") }));
      for (const req of requests) {
        const r = routeIngress(s, { host: "example.com", path: req });
        if (expected === null) {
          expect(r.matchedBy).toBe("defaultBackend");
          expect(r.backend?.service?.name).toBe("fallback");
          expect(r.rule).toBeNull();
        } else {
          expect(r.matchedBy).toBe("rule");
          expect(r.rule?.path).toBe(expected);
        }
      }
    });
  }

  it("Mixed: Exact wins over Prefix of the same length, and the backend is the Exact one", () => {
    const s = snap(ingress("ing", [{ path: "/foo", pathType: "Prefix", to: "prefix" }, { path: "/foo", pathType: "Exact", to: "exact" }]));
    const r = routeIngress(s, { host: "x", path: "/foo" });
    expect(r.rule?.pathType).toBe("Exact");
    expect(r.backend?.service?.name).toBe("exact");
    expect(routeIngress(s, { host: "x", path: "/foo/bar" }).backend?.service?.name).toBe("prefix");
  });

  it("pathMatches is case-sensitive and ImplementationSpecific is treated as Prefix (and said so)", () => {
    expect(pathMatches("Prefix", "/Foo", "/foo")).toBe(false);
    expect(pathMatches("Exact", "/foo", "/FOO")).toBe(false);
    expect(pathMatches("ImplementationSpecific", "/aaa", "/aaa/b")).toBe(true);
    const s = snap(ingress("ing", [{ path: "/aaa", pathType: "ImplementationSpecific" }]));
    const r = routeIngress(s, { host: "x", path: "/aaa/b" });
    expect(r.rule?.pathType).toBe("ImplementationSpecific");
    expect(r.notes.join(" ")).toMatch(/ImplementationSpecific: matched as Prefix/);
  });

  it("no rule and no defaultBackend → nothing applies", () => {
    const r = routeIngress(snap(ingress("ing", [{ path: "/aaa", pathType: "Prefix" }])), { host: "x", path: "/ccc" });
    expect(r).toMatchObject({ ingress: null, rule: null, backend: null, matchedBy: null });
  });
});

describe("Ingress host matching: the documentation's wildcard examples", () => {
  it("*.foo.com matches bar.foo.com only (exactly one extra label)", () => {
    expect(hostMatch("*.foo.com", "bar.foo.com")).toBe(1);
    expect(hostMatch("*.foo.com", "baz.bar.foo.com")).toBe(-1);
    expect(hostMatch("*.foo.com", "foo.com")).toBe(-1);
  });
  it("exact host must equal the Host header (case-insensitive, port ignored)", () => {
    expect(hostMatch("foo.bar.com", "foo.bar.com")).toBe(2);
    expect(hostMatch("foo.bar.com", "FOO.bar.com:443")).toBe(2);
    expect(hostMatch("foo.bar.com", "bar.com")).toBe(-1);
    expect(hostMatch(undefined, "anything")).toBe(0);
  });
  it("the documentation's example: foo.bar.com → service1, *.foo.com → service2", () => {
    const s = snap({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "ingress-wildcard-host", namespace: "default" },
      spec: {
        rules: [
          { host: "foo.bar.com", http: { paths: [{ pathType: "Prefix", path: "/bar", backend: backend("service1") }] } },
          { host: "*.foo.com", http: { paths: [{ pathType: "Prefix", path: "/foo", backend: backend("service2") }] } },
        ],
      },
    });
    expect(routeIngress(s, { host: "foo.bar.com", path: "/bar" }).backend?.service?.name).toBe("service1");
    expect(routeIngress(s, { host: "bar.foo.com", path: "/foo" }).backend?.service?.name).toBe("service2");
    expect(routeIngress(s, { host: "baz.bar.foo.com", path: "/foo" }).backend).toBeNull();
    expect(routeIngress(s, { host: "foo.com", path: "/foo" }).backend).toBeNull();
    // the class came from the default-class annotation
    expect(routeIngress(s, { host: "foo.bar.com", path: "/bar" }).ingressClass).toBe("nginx");
  });
  it("an exact host beats a wildcard, a wildcard beats the host-less rule", () => {
    const s = snap(
      ingress("a-any", [{ path: "/", pathType: "Prefix", to: "any" }]),
      ingress("b-wild", [{ path: "/", pathType: "Prefix", to: "wild" }], {}, "*.example.com"),
      ingress("c-exact", [{ path: "/", pathType: "Prefix", to: "exact" }], {}, "www.example.com"),
    );
    expect(routeIngress(s, { host: "www.example.com", path: "/x" }).backend?.service?.name).toBe("exact");
    expect(routeIngress(s, { host: "api.example.com", path: "/x" }).backend?.service?.name).toBe("wild");
    expect(routeIngress(s, { host: "other.org", path: "/x" }).backend?.service?.name).toBe("any");
  });
});

describe("IngressClass, TLS and findings", () => {
  it("the demo shop: shop.contoso.com/api → api:8080, TLS terminated with shop-tls; admin.contoso.com has no TLS", () => {
    const loaded = snapshotFromManifests(SHOP_CALICO, { expandWorkloads: true });
    if (!loaded.ok) throw new Error("demo does not load");
    const s = loaded.snapshot;
    const r = routeIngress(s, { host: "shop.contoso.com", path: "/api/orders" });
    expect(r).toMatchObject({ ingress: "shop/shop", backend: { service: { name: "api", port: { number: 8080 } } }, ingressClass: "nginx", tls: { terminated: true, secretName: "shop-tls" } });
    expect(routeIngress(s, { host: "shop.contoso.com", path: "/catalogue" }).backend?.service?.name).toBe("frontend");
    expect(routeIngress(s, { host: "admin.contoso.com", path: "/" }).tls.terminated).toBe(false);
    const ctl = findController(s, ingressClasses(s)[0]);
    expect(ctl.service).toBe("ingress-nginx/ingress-nginx-controller");
    expect(ctl.pods).toHaveLength(2);
    expect(ingressFindings(s)).toEqual([]);
  });

  it("reports an Ingress whose class no controller serves, a missing class and conflicting rules of one class", () => {
    const s = snap(
      ingress("one", [{ path: "/x", pathType: "Prefix" }], {}, "a.example.com"),
      ingress("two", [{ path: "/x", pathType: "Prefix" }], {}, "a.example.com"),
      ingress("three", [{ path: "/", pathType: "Prefix" }], { ingressClassName: "traefik" }),
    );
    const f = ingressFindings(s);
    expect(f.find((x) => x.kind === "conflict")?.ingresses).toEqual(["default/one", "default/two"]);
    expect(f.filter((x) => x.kind === "unservedClass").map((x) => x.ingresses[0])).toEqual(["default/one", "default/three", "default/two"]);
    expect(f.find((x) => x.ingresses[0] === "default/three")?.message).toMatch(/no IngressClass of that name/);
    const noDefault = snap(ingress("four", [{ path: "/", pathType: "Prefix" }], { ingressClassName: undefined }));
    noDefault.others = [];
    expect(ingressFindings(noDefault)[0].kind).toBe("noClass");
  });

  it("two default IngressClasses: Ingresses without a class get none", () => {
    const s = snap(ingress("x", [{ path: "/", pathType: "Prefix" }], { ingressClassName: undefined }));
    s.others = [nginxClass, { ...nginxClass, metadata: { ...nginxClass.metadata, name: "other" } }];
    expect(routeIngress(s, { host: "h", path: "/" }).ingressClass).toBeNull();
    expect(ingressFindings(s).map((f) => f.kind)).toEqual(["ambiguousDefaultClass", "noClass"]);
  });
});
