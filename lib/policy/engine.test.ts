/**
 * Unit tests of the NetworkPolicy semantics, one rule at a time, plus explain, posture, policySummary and incremental
 * updates. Every matrix assertion is also checked against the naive reference evaluator.
 */
import { describe, expect, it } from "vitest";
import type { ClusterSnapshot, NetworkPolicy } from "../kube/types";
import { compilePolicies, effectivePolicyTypes } from "./compile";
import { explain } from "./explain";
import { reachabilityBitsets, reachabilityMatrix } from "./matrix";
import { parsePortSpec, type PortSpec } from "./ports";
import { policySummary, posture } from "./posture";
import { namespace, netpol, pod, snapshot } from "./fixtures.test-helper";
import { referenceMatrix } from "./reference.test-helper";

const TCP80: PortSpec = { port: 80, protocol: "TCP" };

/** Allowed connections of a snapshot on a port, as "from->to" strings (self-traffic left out), checked against the reference. */
function allowedPairs(snap: ClusterSnapshot, port: PortSpec = TCP80): string[] {
  const key = `${port.port}/${port.protocol}`;
  const engine = reachabilityMatrix(snap, [port]);
  expect(engine.matrices[key]).toEqual(referenceMatrix(snap, [port]).matrices[key]);
  const out: string[] = [];
  engine.pods.forEach((from, i) =>
    engine.pods.forEach((to, j) => {
      if (i !== j && engine.matrices[key][i][j]) out.push(`${from}->${to}`);
    }),
  );
  return out;
}

/** Three pods: web and db in `app`, client in `other`. */
function threePods(policies: NetworkPolicy[], plugin: "calico" | "flannel" = "calico"): ClusterSnapshot {
  return snapshot(
    {
      namespaces: [namespace("app", { team: "shop" }), namespace("other", { team: "ops" })],
      pods: [
        pod("app/web", { labels: { app: "web" }, ip: "10.1.0.1", ports: [{ name: "http", containerPort: 8080 }] }),
        pod("app/db", { labels: { app: "db" }, ip: "10.1.0.2", ports: [{ name: "pg", containerPort: 5432 }] }),
        pod("other/client", { labels: { app: "client" }, ip: "10.2.0.1" }),
      ],
      policies,
    },
    plugin,
  );
}

const ALL_PAIRS = [
  "app/db->app/web",
  "app/db->other/client",
  "app/web->app/db",
  "app/web->other/client",
  "other/client->app/db",
  "other/client->app/web",
];

describe("isolation and policyTypes", () => {
  it("without policies every pod reaches every pod, and the diagonal is true", () => {
    const m = reachabilityMatrix(threePods([]), [TCP80]);
    expect(m.pods).toEqual(["app/db", "app/web", "other/client"]);
    expect(m.matrices["80/TCP"]).toEqual([
      [true, true, true],
      [true, true, true],
      [true, true, true],
    ]);
  });

  it("policyTypes defaults to Ingress, plus Egress when egress rules are present", () => {
    const base = { podSelector: {} };
    expect(effectivePolicyTypes(netpol("a/p", base))).toEqual(["Ingress"]);
    expect(effectivePolicyTypes(netpol("a/p", { ...base, egress: [{}] }))).toEqual(["Ingress", "Egress"]);
    expect(effectivePolicyTypes(netpol("a/p", { ...base, egress: [] }))).toEqual(["Ingress"]);
    expect(effectivePolicyTypes(netpol("a/p", { ...base, policyTypes: [] }))).toEqual(["Ingress"]);
    expect(effectivePolicyTypes(netpol("a/p", { ...base, policyTypes: ["Egress"], ingress: [{}] }))).toEqual(["Egress"]);
  });

  it("an egress section without policyTypes isolates egress too", () => {
    const p = netpol("app/web-egress", {
      podSelector: { matchLabels: { app: "web" } },
      egress: [{ to: [{ podSelector: { matchLabels: { app: "db" } } }] }],
    });
    // web is isolated both ways: ingress (no ingress rules: nothing in) and egress (only db).
    expect(allowedPairs(threePods([p]))).toEqual(["app/db->other/client", "app/web->app/db", "other/client->app/db"]);
  });

  it("policyTypes [Egress] ignores an ingress section: ingress stays open", () => {
    const p = netpol("app/web", { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Egress"], ingress: [], egress: [] });
    expect(allowedPairs(threePods([p]))).toEqual(ALL_PAIRS.filter((pair) => !pair.startsWith("app/web->")));
  });

  it("missing ingress and `ingress: []` both deny all ingress; `ingress: [{}]` allows all", () => {
    const denied = ALL_PAIRS.filter((pair) => !pair.endsWith("->app/web"));
    const selector = { matchLabels: { app: "web" } };
    expect(allowedPairs(threePods([netpol("app/missing", { podSelector: selector })]))).toEqual(denied);
    expect(allowedPairs(threePods([netpol("app/empty", { podSelector: selector, ingress: [] })]))).toEqual(denied);
    expect(allowedPairs(threePods([netpol("app/allow-all", { podSelector: selector, ingress: [{}] })]))).toEqual(ALL_PAIRS);
  });

  it("empty `from` and empty `ports` lists mean all sources and all ports", () => {
    const p = netpol("app/web", { podSelector: { matchLabels: { app: "web" } }, ingress: [{ from: [], ports: [] }] });
    expect(allowedPairs(threePods([p]))).toEqual(ALL_PAIRS);
    expect(allowedPairs(threePods([p]), { port: 9, protocol: "SCTP" })).toEqual(ALL_PAIRS);
  });

  it("traffic from a pod to itself is allowed even under deny-all both ways", () => {
    const deny = netpol("app/deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const m = reachabilityMatrix(threePods([deny]), [TCP80]).matrices["80/TCP"];
    expect(m.map((row, i) => row[i])).toEqual([true, true, true]);
    expect(allowedPairs(threePods([deny]))).toEqual([]);
    expect(explain(threePods([deny]), "app/web", "app/web", TCP80).reason).toMatch(/itself/);
  });

  it("a policy defined twice (same namespace/name): the last definition wins", () => {
    const first = netpol("app/p", { podSelector: { matchLabels: { app: "web" } } });
    const second = netpol("app/p", { podSelector: { matchLabels: { app: "db" } } });
    expect(allowedPairs(threePods([first, second]))).toEqual(ALL_PAIRS.filter((pair) => !pair.endsWith("->app/db")));
  });

  it("a policy selects only pods of its own namespace", () => {
    const p = netpol("other/deny", { podSelector: { matchLabels: { app: "web" } } });
    expect(allowedPairs(threePods([p]))).toEqual(ALL_PAIRS);
  });
});

describe("peers", () => {
  const twoNamespaces = (policies: NetworkPolicy[]) =>
    snapshot({
      namespaces: [namespace("x", { env: "prod" }), namespace("y", { env: "dev" })],
      pods: [
        pod("x/a", { labels: { role: "api" }, ip: "10.0.0.1" }),
        pod("x/b", { labels: { role: "ui" }, ip: "10.0.0.2" }),
        pod("y/a", { labels: { role: "api" }, ip: "10.0.1.1" }),
        pod("y/b", { labels: { role: "ui" }, ip: "10.0.1.2" }),
      ],
      policies,
    });
  const sourcesOf = (snap: ClusterSnapshot, to: string) =>
    allowedPairs(snap)
      .filter((p) => p.endsWith(`->${to}`))
      .map((p) => p.split("->")[0]);

  it("podSelector alone: pods of the policy's namespace only", () => {
    const p = netpol("x/api", { podSelector: { matchLabels: { role: "api" } }, ingress: [{ from: [{ podSelector: { matchLabels: { role: "ui" } } }] }] });
    expect(sourcesOf(twoNamespaces([p]), "x/a")).toEqual(["x/b"]);
  });

  it("namespaceSelector alone: every pod of the matching namespaces", () => {
    const p = netpol("x/api", { podSelector: { matchLabels: { role: "api" } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: "dev" } } }] }] });
    expect(sourcesOf(twoNamespaces([p]), "x/a")).toEqual(["y/a", "y/b"]);
  });

  it("namespaceSelector and podSelector in one peer: AND", () => {
    const p = netpol("x/api", {
      podSelector: { matchLabels: { role: "api" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: "dev" } }, podSelector: { matchLabels: { role: "ui" } } }] }],
    });
    expect(sourcesOf(twoNamespaces([p]), "x/a")).toEqual(["y/b"]);
  });

  it("the same selectors as two peers: OR", () => {
    const p = netpol("x/api", {
      podSelector: { matchLabels: { role: "api" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { env: "dev" } } }, { podSelector: { matchLabels: { role: "ui" } } }] }],
    });
    expect(sourcesOf(twoNamespaces([p]), "x/a")).toEqual(["x/b", "y/a", "y/b"]);
  });

  it("matchExpressions: In, NotIn (absent key matches), Exists, DoesNotExist", () => {
    const snap = (expr: NonNullable<NetworkPolicy["spec"]["podSelector"]["matchExpressions"]>) =>
      snapshot({
        pods: [pod("n/t", { labels: { app: "t" } }), pod("n/a", { labels: { tier: "a" } }), pod("n/b", { labels: { tier: "b" } }), pod("n/none")],
        policies: [netpol("n/t", { podSelector: { matchLabels: { app: "t" } }, ingress: [{ from: [{ podSelector: { matchExpressions: expr } }] }] })],
      });
    const sources = (expr: Parameters<typeof snap>[0]) => sourcesOf(snap(expr), "n/t");
    expect(sources([{ key: "tier", operator: "In", values: ["a"] }])).toEqual(["n/a"]);
    expect(sources([{ key: "tier", operator: "NotIn", values: ["a"] }])).toEqual(["n/b", "n/none"]);
    expect(sources([{ key: "tier", operator: "Exists" }])).toEqual(["n/a", "n/b"]);
    expect(sources([{ key: "tier", operator: "DoesNotExist" }])).toEqual(["n/none"]);
  });

  it("ipBlock matches pod IPs in cidr and not in except; pods without an IP never match", () => {
    const snap = snapshot({
      pods: [
        pod("n/target", { labels: { app: "t" }, ip: "10.9.9.9" }),
        pod("n/in", { ip: "10.0.0.5" }),
        pod("n/excepted", { ip: "10.0.1.5" }),
        pod("n/outside", { ip: "192.168.0.1" }),
        pod("n/no-ip"),
      ],
      policies: [
        netpol("n/cidr", {
          podSelector: { matchLabels: { app: "t" } },
          ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/16", except: ["10.0.1.0/24"] } }] }],
        }),
      ],
    });
    expect(sourcesOf(snap, "n/target")).toEqual(["n/in"]);
  });

  it("ipBlock matches IPv6 pod IPs and dual-stack podIPs", () => {
    const dual = pod("n/dual", { ip: "10.0.0.1" });
    dual.status = { podIP: "10.0.0.1", podIPs: [{ ip: "10.0.0.1" }, { ip: "fd00::7" }] };
    const snap = snapshot({
      pods: [pod("n/target", { labels: { app: "t" } }), dual, pod("n/v4", { ip: "10.0.0.2" })],
      policies: [netpol("n/v6", { podSelector: { matchLabels: { app: "t" } }, ingress: [{ from: [{ ipBlock: { cidr: "fd00::/64" } }] }] })],
    });
    expect(sourcesOf(snap, "n/target")).toEqual(["n/dual"]);
  });

  it("a host-network pod is matched by an ipBlock on its (node) IP like any pod", () => {
    const snap = snapshot({
      pods: [pod("n/target", { labels: { app: "t" } }), pod("kube-system/agent", { ip: "192.168.1.10", hostNetwork: true }), pod("n/other", { ip: "10.0.0.1" })],
      policies: [netpol("n/nodes", { podSelector: { matchLabels: { app: "t" } }, ingress: [{ from: [{ ipBlock: { cidr: "192.168.1.0/24" } }] }] })],
    });
    expect(sourcesOf(snap, "n/target")).toEqual(["kube-system/agent"]);
  });

  it("every namespace has kubernetes.io/metadata.name, declared or implicit", () => {
    const snap = snapshot({
      pods: [pod("x/target", { labels: { app: "t" } }), pod("implicit/src"), pod("y/src")],
      policies: [
        netpol("x/by-name", {
          podSelector: { matchLabels: { app: "t" } },
          ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "implicit" } } }] }],
        }),
      ],
    });
    expect(sourcesOf(snap, "x/target")).toEqual(["implicit/src"]);
  });
});

describe("ports", () => {
  it("a numeric port allows that port only; endPort makes an inclusive range", () => {
    const at = (port: number, ports: NetworkPolicy["spec"]["ingress"]) =>
      allowedPairs(threePods([netpol("app/web", { podSelector: { matchLabels: { app: "web" } }, ingress: ports })]), { port, protocol: "TCP" }).includes(
        "other/client->app/web",
      );
    expect(at(80, [{ ports: [{ port: 80 }] }])).toBe(true);
    expect(at(81, [{ ports: [{ port: 80 }] }])).toBe(false);
    const range = [{ ports: [{ port: 8000, endPort: 8080 }] }];
    expect([7999, 8000, 8040, 8080, 8081].map((p) => at(p, range))).toEqual([false, true, true, true, false]);
  });

  it("protocol defaults to TCP; UDP and SCTP are distinct", () => {
    const p = netpol("app/web", { podSelector: { matchLabels: { app: "web" } }, ingress: [{ ports: [{ port: 53 }] }] });
    const reaches = (protocol: "TCP" | "UDP" | "SCTP") => allowedPairs(threePods([p]), { port: 53, protocol }).includes("other/client->app/web");
    expect([reaches("TCP"), reaches("UDP"), reaches("SCTP")]).toEqual([true, false, false]);
  });

  it("an SCTP-only policy still isolates the pod for TCP", () => {
    const p = netpol("app/web", { podSelector: { matchLabels: { app: "web" } }, ingress: [{ ports: [{ port: 80, protocol: "SCTP" }] }] });
    expect(allowedPairs(threePods([p]), { port: 80, protocol: "SCTP" })).toContain("other/client->app/web");
    expect(allowedPairs(threePods([p]))).not.toContain("other/client->app/web");
    expect(explain(threePods([p]), "other/client", "app/web", TCP80)).toMatchObject({
      allowed: false,
      ingress: { isolated: true, isolatingPolicies: ["app/web"], allowedBy: [] },
    });
  });

  it("a named port in an ingress rule resolves on the destination's container ports", () => {
    const p = netpol("app/web", { podSelector: { matchLabels: { app: "web" } }, ingress: [{ ports: [{ port: "http" }] }] });
    expect(allowedPairs(threePods([p]), { port: 8080, protocol: "TCP" })).toContain("other/client->app/web");
    expect(allowedPairs(threePods([p]))).not.toContain("other/client->app/web");
  });

  it("a named port in an egress rule also resolves on the destination, not on the source", () => {
    // The source names port 80 "http"; the destinations name 8080 "http" (web) or have no "http" (db).
    const snap = snapshot({
      pods: [
        pod("n/src", { labels: { app: "src" }, ports: [{ name: "http", containerPort: 80 }] }),
        pod("n/web", { ports: [{ name: "http", containerPort: 8080 }] }),
        pod("n/db", { ports: [{ name: "pg", containerPort: 80 }] }),
      ],
      policies: [netpol("n/src-egress", { podSelector: { matchLabels: { app: "src" } }, policyTypes: ["Egress"], egress: [{ ports: [{ port: "http" }] }] })],
    });
    const from = (port: number) => allowedPairs(snap, { port, protocol: "TCP" }).filter((pair) => pair.startsWith("n/src->"));
    expect(from(8080)).toEqual(["n/src->n/web"]);
    expect(from(80)).toEqual([]);
  });

  it("a named port only resolves with the matching protocol", () => {
    const snap = (protocol?: "UDP") =>
      snapshot({
        pods: [pod("n/dns", { labels: { app: "dns" }, ports: [{ name: "dns", containerPort: 53, protocol: "UDP" }] }), pod("n/client")],
        policies: [netpol("n/dns", { podSelector: { matchLabels: { app: "dns" } }, ingress: [{ ports: [{ port: "dns", ...(protocol ? { protocol } : {}) }] }] })],
      });
    const udp53 = { port: 53, protocol: "UDP" as const };
    expect(allowedPairs(snap(), udp53)).toEqual(["n/dns->n/client"]);
    expect(allowedPairs(snap("UDP"), udp53)).toEqual(["n/client->n/dns", "n/dns->n/client"]);
  });

  it("parsePortSpec normalizes and rejects bad input", () => {
    expect(parsePortSpec("80")).toEqual({ port: 80, protocol: "TCP" });
    expect(parsePortSpec("53/udp")).toEqual({ port: 53, protocol: "UDP" });
    expect(parsePortSpec("9/SCTP")).toEqual({ port: 9, protocol: "SCTP" });
    expect(() => parsePortSpec("0")).toThrow(/1-65535/);
    expect(() => parsePortSpec("70000/TCP")).toThrow(/1-65535/);
    expect(() => parsePortSpec("80/ICMP")).toThrow(/TCP, UDP, SCTP/);
    expect(() => parsePortSpec("http")).toThrow(/PORT\/PROTOCOL/);
  });
});

describe("flannel", () => {
  it("allows everything and says the policies are not enforced, with Calico's verdict", () => {
    const deny = netpol("app/deny", { podSelector: {} });
    const snap = threePods([deny], "flannel");
    expect(allowedPairs(snap)).toEqual(ALL_PAIRS);
    const e = explain(snap, "other/client", "app/web", "80/TCP");
    expect(e).toMatchObject({ allowed: true, enforced: false, wouldBe: false });
    expect(e.reason).toMatch(/flannel/);
    expect(e.reason).toMatch(/1 policy exists but is not enforced/);
    expect(e.reason).toMatch(/under Calico it would be denied/);
    expect(reachabilityBitsets(snap, [TCP80]).enforced).toBe(false);
  });
});

describe("explain", () => {
  const policies = [
    netpol("app/web-from-other", {
      podSelector: { matchLabels: { app: "web" } },
      ingress: [
        { from: [{ podSelector: { matchLabels: { app: "db" } } }, { namespaceSelector: { matchLabels: { team: "ops" } } }], ports: [{ port: 80 }] },
        { from: [{ namespaceSelector: {} }] },
      ],
    }),
    netpol("other/client-egress", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "10.1.0.0/24" } }] }] }),
  ];

  it("lists the isolating policies and every rule and peer admitting the connection", () => {
    const e = explain(threePods(policies), "other/client", "app/web", TCP80);
    expect(e).toMatchObject({
      from: "other/client",
      to: "app/web",
      port: "80/TCP",
      allowed: true,
      enforced: true,
      ingress: {
        isolated: true,
        isolatingPolicies: ["app/web-from-other"],
        allowedBy: [
          { policy: "app/web-from-other", rule: 0, peer: 1 },
          { policy: "app/web-from-other", rule: 1, peer: 0 },
        ],
      },
      egress: { isolated: true, isolatingPolicies: ["other/client-egress"], allowedBy: [{ policy: "other/client-egress", rule: 0, peer: 0 }] },
    });
    expect(e.wouldBe).toBeUndefined();
    expect(e.reason).toBe(
      "other/client → app/web on 80/TCP is allowed: egress from other/client is allowed by other/client-egress rule 1 peer 1, " +
        "and ingress to app/web is allowed by app/web-from-other rule 1 peer 2 and app/web-from-other rule 2 peer 1.",
    );
  });

  it("names the side (or sides) that deny", () => {
    const onlyDb = netpol("app/web-only-db", { podSelector: { matchLabels: { app: "web" } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: "db" } } }] }] });
    const denyOut = netpol("other/deny-out", { podSelector: {}, policyTypes: ["Egress"] });
    const ingressOnly = explain(threePods([onlyDb]), "other/client", "app/web", TCP80);
    expect(ingressOnly).toMatchObject({ allowed: false, egress: { isolated: false, isolatingPolicies: [], allowedBy: [] } });
    expect(ingressOnly.reason).toBe(
      "other/client → app/web on 80/TCP is denied: ingress to app/web is isolated by app/web-only-db and no ingress rule admits other/client on 80/TCP.",
    );
    expect(explain(threePods([denyOut]), "other/client", "app/db", TCP80).reason).toBe(
      "other/client → app/db on 80/TCP is denied: egress from other/client is isolated by other/deny-out and no egress rule allows app/db on 80/TCP.",
    );
    expect(explain(threePods([onlyDb, denyOut]), "other/client", "app/web", TCP80).reason).toBe(
      "other/client → app/web on 80/TCP is denied: egress from other/client is isolated by other/deny-out and no egress rule allows app/web on 80/TCP, " +
        "and ingress to app/web is isolated by app/web-only-db and no ingress rule admits other/client on 80/TCP.",
    );
    expect(explain(threePods([onlyDb]), "app/db", "app/web", TCP80).reason).toBe(
      "app/db → app/web on 80/TCP is allowed: egress from app/db is not isolated, and ingress to app/web is allowed by app/web-only-db rule 1 peer 1.",
    );
  });

  it("rejects unknown pods and bad ports", () => {
    expect(() => explain(threePods([]), "app/nope", "app/web", TCP80)).toThrow(/unknown pod "app\/nope"/);
    expect(() => explain(threePods([]), "app/web", "app/db", "80/ICMP")).toThrow(/protocol/);
  });
});

describe("posture", () => {
  it("lists pods not isolated per direction and policies selecting no pod", () => {
    const p = posture(
      threePods([
        netpol("app/web-in", { podSelector: { matchLabels: { app: "web" } }, ingress: [{}] }),
        netpol("other/out", { podSelector: {}, policyTypes: ["Egress"] }),
        netpol("app/ghost", { podSelector: { matchLabels: { app: "ghost" } } }),
      ]),
    );
    expect(p).toMatchObject({
      plugin: "calico",
      enforced: true,
      podsNotIsolatedForIngress: ["app/db", "other/client"],
      podsNotIsolatedForEgress: ["app/db", "app/web"],
      policiesSelectingNoPods: ["app/ghost"],
    });
  });

  it("finds rules shadowed by an identical, broader or allow-all rule, and not others", () => {
    const web = { matchLabels: { app: "web" } };
    const fromDb = { podSelector: { matchLabels: { app: "db" } } };
    const shadowed = posture(
      threePods([
        netpol("app/a", { podSelector: web, ingress: [{ from: [fromDb], ports: [{ port: 80 }] }, { from: [fromDb], ports: [{ port: 80 }] }] }),
        netpol("app/b", { podSelector: web, ingress: [{ from: [fromDb], ports: [{ port: 70, endPort: 90 }, { port: 443 }] }] }),
        netpol("app/c", { podSelector: web, ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.99.0.0/16"] } }] }] }),
        netpol("app/d", { podSelector: web, ingress: [{ from: [{ ipBlock: { cidr: "10.1.0.0/16", except: ["10.99.0.0/24"] } }] }] }),
        netpol("app/e", { podSelector: {}, policyTypes: ["Egress"], egress: [{}, { ports: [{ port: 53, protocol: "UDP" }] }] }),
        // Not shadowed: other pods (different podSelector), other protocol, a narrower ipBlock exception.
        netpol("app/f", { podSelector: { matchLabels: { app: "db" } }, ingress: [{ from: [fromDb], ports: [{ port: 80 }] }] }),
        netpol("app/g", { podSelector: web, ingress: [{ from: [fromDb], ports: [{ port: 80, protocol: "UDP" }] }] }),
        netpol("app/h", { podSelector: web, ingress: [{ from: [{ ipBlock: { cidr: "10.98.0.0/15" } }] }] }),
      ]),
    ).shadowedRules;
    expect(shadowed.map((s) => `${s.policy} ${s.direction} ${s.rule} by ${s.shadowedBy.policy} ${s.shadowedBy.rule}`)).toEqual([
      "app/a ingress 0 by app/b 0",
      "app/a ingress 1 by app/a 0",
      "app/d ingress 0 by app/c 0",
      "app/e egress 1 by app/e 0",
    ]);
    expect(shadowed[3].reason).toBe("app/e egress rule 1 allows all destinations on all ports");
    expect(shadowed[1].reason).toBe("everything it allows is allowed by app/a ingress rule 1");
  });
});

describe("policySummary", () => {
  it("gives selected pods and, per rule, the peer pods it admits", () => {
    const summary = policySummary(
      threePods([
        netpol("app/web", {
          podSelector: { matchLabels: { app: "web" } },
          ingress: [
            { from: [{ namespaceSelector: { matchLabels: { team: "ops" } } }, { ipBlock: { cidr: "10.1.0.2/32" } }], ports: [{ port: "http" }, { port: 80, endPort: 90, protocol: "UDP" }] },
            {},
          ],
        }),
        netpol("app/egress-only", { podSelector: {}, policyTypes: ["Egress"], ingress: [{}] }),
      ]),
    );
    expect(summary).toEqual([
      {
        policy: "app/web",
        policyTypes: ["Ingress"],
        selectedPods: ["app/web"],
        ingress: [
          {
            rule: 0,
            ports: ["http/TCP", "80-90/UDP"],
            allPeers: false,
            peers: [
              { peer: 0, description: "pods all in namespaces team=ops", words: { kind: "pods", pods: "all", namespaceSelector: "team=ops" }, pods: ["other/client"] },
              { peer: 1, description: "ipBlock 10.1.0.2/32", words: { kind: "ipBlock", cidr: "10.1.0.2/32", except: [] }, pods: ["app/db"] },
            ],
            pods: ["app/db", "other/client"],
          },
          { rule: 1, ports: [], allPeers: true, peers: [], pods: ["app/db", "app/web", "other/client"] },
        ],
        egress: [],
        ignored: [],
      },
      { policy: "app/egress-only", policyTypes: ["Egress"], selectedPods: ["app/db", "app/web"], ingress: [], egress: [], ignored: ["ingress"] },
    ]);
  });
});

describe("policyGroups", () => {
  it("groups pods by the policies isolating them, per direction", () => {
    const index = compilePolicies(
      threePods([
        netpol("app/deny", { podSelector: {} }),
        netpol("app/web-out", { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Egress"], egress: [{}] }),
      ]),
    );
    expect(index.policyGroups()).toEqual([
      { ingress: ["app/deny"], egress: [], pods: ["app/db"] },
      { ingress: ["app/deny"], egress: ["app/web-out"], pods: ["app/web"] },
      { ingress: [], egress: [], pods: ["other/client"] },
    ]);
  });
});

describe("incremental updates", () => {
  it("addPolicy patches cached matrices, replaces a policy of the same name, and removePolicy restores", () => {
    const index = compilePolicies(threePods([]));
    const rows = reachabilityBitsets(index, [TCP80]).matrices["80/TCP"];
    const webIndex = index.podIndex("app/web")!;
    const clientIndex = index.podIndex("other/client")!;
    const reaches = () => ((rows[clientIndex][webIndex >>> 5] >>> (webIndex & 31)) & 1) === 1;
    expect(reaches()).toBe(true);

    index.addPolicy(netpol("app/web", { podSelector: { matchLabels: { app: "web" } } }));
    expect(reaches()).toBe(false); // rows are live views of the index's matrix
    index.addPolicy(netpol("app/web", { podSelector: { matchLabels: { app: "web" } }, ingress: [{ from: [{ namespaceSelector: {} }] }] }));
    expect(reaches()).toBe(true);
    expect(index.policies().map((p) => p.key)).toEqual(["app/web"]);

    index.addPolicy(netpol("other/deny-out", { podSelector: {}, policyTypes: ["Egress"] }));
    expect(reaches()).toBe(false);
    expect(index.removePolicy("other/deny-out")).toBe(true);
    expect(reaches()).toBe(true);
    expect(index.removePolicy("other/deny-out")).toBe(false);
  });
});
