/**
 * Scenarios written from the intent of the upstream Kubernetes NetworkPolicy e2e tests (test/e2e/network/netpol):
 * namespaces x/y/z labelled `ns`, pods a/b/c labelled `pod`, serving 80/81 on TCP/UDP/SCTP. Each scenario states the
 * full 9×9 truth table (rows: sources, columns: destinations; `.` allowed, `X` denied) and checks both the engine and
 * the naive reference evaluator against it.
 */
import { describe, expect, it } from "vitest";
import type { NetworkPolicy } from "../kube/types";
import { reachabilityMatrix } from "./matrix";
import { parsePortSpec } from "./ports";
import { modelIp, modelSnapshot, netpol, renderTable, truthTable } from "./fixtures.test-helper";
import { referenceMatrix } from "./reference.test-helper";

function expectTruthTable(policies: NetworkPolicy[], port: string, table: string): void {
  const snap = modelSnapshot(policies);
  const spec = parsePortSpec(port);
  const expected = renderTable(truthTable(table));
  expect(renderTable(reachabilityMatrix(snap, [spec]).matrices[port])).toBe(expected);
  expect(renderTable(referenceMatrix(snap, [spec]).matrices[port])).toBe(expected);
}

const ALL_ALLOWED = `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   .   .   .   .   .   .   .   .
x/b   .   .   .   .   .   .   .   .   .
x/c   .   .   .   .   .   .   .   .   .
y/a   .   .   .   .   .   .   .   .   .
y/b   .   .   .   .   .   .   .   .   .
y/c   .   .   .   .   .   .   .   .   .
z/a   .   .   .   .   .   .   .   .   .
z/b   .   .   .   .   .   .   .   .   .
z/c   .   .   .   .   .   .   .   .   .`;

describe("upstream NetworkPolicy e2e scenarios (truth tables)", () => {
  it("no policy: everything reachable", () => {
    expectTruthTable([], "80/TCP", ALL_ALLOWED);
  });

  it("default-deny ingress in x: nothing reaches x (self-traffic excepted)", () => {
    const deny = netpol("x/deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] });
    const table = `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   X   X   .   .   .   .   .   .
x/b   X   .   X   .   .   .   .   .   .
x/c   X   X   .   .   .   .   .   .   .
y/a   X   X   X   .   .   .   .   .   .
y/b   X   X   X   .   .   .   .   .   .
y/c   X   X   X   .   .   .   .   .   .
z/a   X   X   X   .   .   .   .   .   .
z/b   X   X   X   .   .   .   .   .   .
z/c   X   X   X   .   .   .   .   .   .`;
    expectTruthTable([deny], "80/TCP", table);
    expectTruthTable([deny], "81/UDP", table);
    expectTruthTable([deny], "80/SCTP", table);
  });

  it("default-deny all (ingress and egress) in x: x is cut off both ways", () => {
    const deny = netpol("x/deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    expectTruthTable(
      [deny],
      "80/TCP",
      `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   X   X   X   X   X   X   X   X
x/b   X   .   X   X   X   X   X   X   X
x/c   X   X   .   X   X   X   X   X   X
y/a   X   X   X   .   .   .   .   .   .
y/b   X   X   X   .   .   .   .   .   .
y/c   X   X   X   .   .   .   .   .   .
z/a   X   X   X   .   .   .   .   .   .
z/b   X   X   X   .   .   .   .   .   .
z/c   X   X   X   .   .   .   .   .   .`,
    );
  });

  it("allow from the same namespace: x admits only x", () => {
    const policy = netpol("x/allow-same-ns", { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] });
    expectTruthTable(
      [policy],
      "80/TCP",
      `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   .   .   .   .   .   .   .   .
x/b   .   .   .   .   .   .   .   .   .
x/c   .   .   .   .   .   .   .   .   .
y/a   X   X   X   .   .   .   .   .   .
y/b   X   X   X   .   .   .   .   .   .
y/c   X   X   X   .   .   .   .   .   .
z/a   X   X   X   .   .   .   .   .   .
z/b   X   X   X   .   .   .   .   .   .
z/c   X   X   X   .   .   .   .   .   .`,
    );
  });

  it("allow from a namespace by label (matchExpressions ns In [y]) to x/a", () => {
    const policy = netpol("x/allow-from-y", {
      podSelector: { matchLabels: { pod: "a" } },
      ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: "ns", operator: "In", values: ["y"] }] } }] }],
    });
    expectTruthTable(
      [policy],
      "80/TCP",
      `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   .   .   .   .   .   .   .   .
x/b   X   .   .   .   .   .   .   .   .
x/c   X   .   .   .   .   .   .   .   .
y/a   .   .   .   .   .   .   .   .   .
y/b   .   .   .   .   .   .   .   .   .
y/c   .   .   .   .   .   .   .   .   .
z/a   X   .   .   .   .   .   .   .   .
z/b   X   .   .   .   .   .   .   .   .
z/c   X   .   .   .   .   .   .   .   .`,
    );
  });

  it("allow from the default namespace label kubernetes.io/metadata.name=z to x/a", () => {
    const policy = netpol("x/allow-from-z", {
      podSelector: { matchLabels: { pod: "a" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "z" } } }] }],
    });
    expectTruthTable(
      [policy],
      "80/TCP",
      `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   .   .   .   .   .   .   .   .
x/b   X   .   .   .   .   .   .   .   .
x/c   X   .   .   .   .   .   .   .   .
y/a   X   .   .   .   .   .   .   .   .
y/b   X   .   .   .   .   .   .   .   .
y/c   X   .   .   .   .   .   .   .   .
z/a   .   .   .   .   .   .   .   .   .
z/b   .   .   .   .   .   .   .   .   .
z/c   .   .   .   .   .   .   .   .   .`,
    );
  });

  it("allow from a pod in another namespace (namespaceSelector AND podSelector in one peer): only y/b reaches x/a", () => {
    const policy = netpol("x/allow-yb", {
      podSelector: { matchLabels: { pod: "a" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: "y" } }, podSelector: { matchLabels: { pod: "b" } } }] }],
    });
    expectTruthTable(
      [policy],
      "80/TCP",
      `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   .   .   .   .   .   .   .   .
x/b   X   .   .   .   .   .   .   .   .
x/c   X   .   .   .   .   .   .   .   .
y/a   X   .   .   .   .   .   .   .   .
y/b   .   .   .   .   .   .   .   .   .
y/c   X   .   .   .   .   .   .   .   .
z/a   X   .   .   .   .   .   .   .   .
z/b   X   .   .   .   .   .   .   .   .
z/c   X   .   .   .   .   .   .   .   .`,
    );
  });

  it("the same selectors as two peers (OR): all of y, and pod b of x, reach x/a", () => {
    const policy = netpol("x/allow-y-or-b", {
      podSelector: { matchLabels: { pod: "a" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: "y" } } }, { podSelector: { matchLabels: { pod: "b" } } }] }],
    });
    expectTruthTable(
      [policy],
      "80/TCP",
      `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   .   .   .   .   .   .   .   .
x/b   .   .   .   .   .   .   .   .   .
x/c   X   .   .   .   .   .   .   .   .
y/a   .   .   .   .   .   .   .   .   .
y/b   .   .   .   .   .   .   .   .   .
y/c   .   .   .   .   .   .   .   .   .
z/a   X   .   .   .   .   .   .   .   .
z/b   X   .   .   .   .   .   .   .   .
z/c   X   .   .   .   .   .   .   .   .`,
    );
  });

  describe("allow on a named port (serve-81-tcp) to x/a, from everywhere", () => {
    const policy = netpol("x/allow-81-named", {
      podSelector: { matchLabels: { pod: "a" } },
      ingress: [{ ports: [{ port: "serve-81-tcp" }] }],
    });
    it("81/TCP is open", () => expectTruthTable([policy], "81/TCP", ALL_ALLOWED));
    it("80/TCP is closed", () =>
      expectTruthTable(
        [policy],
        "80/TCP",
        `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   .   .   .   .   .   .   .   .
x/b   X   .   .   .   .   .   .   .   .
x/c   X   .   .   .   .   .   .   .   .
y/a   X   .   .   .   .   .   .   .   .
y/b   X   .   .   .   .   .   .   .   .
y/c   X   .   .   .   .   .   .   .   .
z/a   X   .   .   .   .   .   .   .   .
z/b   X   .   .   .   .   .   .   .   .
z/c   X   .   .   .   .   .   .   .   .`,
      ));
    it("81/UDP is closed (the named port is TCP)", () =>
      expectTruthTable(
        [policy],
        "81/UDP",
        `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   .   .   .   .   .   .   .   .
x/b   X   .   .   .   .   .   .   .   .
x/c   X   .   .   .   .   .   .   .   .
y/a   X   .   .   .   .   .   .   .   .
y/b   X   .   .   .   .   .   .   .   .
y/c   X   .   .   .   .   .   .   .   .
z/a   X   .   .   .   .   .   .   .   .
z/b   X   .   .   .   .   .   .   .   .
z/c   X   .   .   .   .   .   .   .   .`,
      ));
  });

  describe("allow on port 80 only, from namespace y, to all of x", () => {
    const policy = netpol("x/allow-80-from-y", {
      podSelector: {},
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: "y" } } }], ports: [{ port: 80, protocol: "TCP" }] }],
    });
    const onlyY = `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   X   X   .   .   .   .   .   .
x/b   X   .   X   .   .   .   .   .   .
x/c   X   X   .   .   .   .   .   .   .
y/a   .   .   .   .   .   .   .   .   .
y/b   .   .   .   .   .   .   .   .   .
y/c   .   .   .   .   .   .   .   .   .
z/a   X   X   X   .   .   .   .   .   .
z/b   X   X   X   .   .   .   .   .   .
z/c   X   X   X   .   .   .   .   .   .`;
    const none = `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   X   X   .   .   .   .   .   .
x/b   X   .   X   .   .   .   .   .   .
x/c   X   X   .   .   .   .   .   .   .
y/a   X   X   X   .   .   .   .   .   .
y/b   X   X   X   .   .   .   .   .   .
y/c   X   X   X   .   .   .   .   .   .
z/a   X   X   X   .   .   .   .   .   .
z/b   X   X   X   .   .   .   .   .   .
z/c   X   X   X   .   .   .   .   .   .`;
    it("80/TCP from y is allowed", () => expectTruthTable([policy], "80/TCP", onlyY));
    it("81/TCP is denied", () => expectTruthTable([policy], "81/TCP", none));
  });

  describe("port range 80-81 (endPort) from y to x/a", () => {
    const policy = netpol("x/allow-range", {
      podSelector: { matchLabels: { pod: "a" } },
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: "y" } } }], ports: [{ port: 80, endPort: 81 }] }],
    });
    const table = `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   .   .   .   .   .   .   .   .
x/b   X   .   .   .   .   .   .   .   .
x/c   X   .   .   .   .   .   .   .   .
y/a   .   .   .   .   .   .   .   .   .
y/b   .   .   .   .   .   .   .   .   .
y/c   .   .   .   .   .   .   .   .   .
z/a   X   .   .   .   .   .   .   .   .
z/b   X   .   .   .   .   .   .   .   .
z/c   X   .   .   .   .   .   .   .   .`;
    it("80/TCP is in the range", () => expectTruthTable([policy], "80/TCP", table));
    it("81/TCP is in the range (inclusive)", () => expectTruthTable([policy], "81/TCP", table));
  });

  describe("deny all egress from x except DNS on 53/UDP", () => {
    const policy = netpol("x/deny-egress-allow-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ ports: [{ port: 53, protocol: "UDP" }] }],
    });
    it("80/TCP: x reaches nothing", () =>
      expectTruthTable(
        [policy],
        "80/TCP",
        `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   X   X   X   X   X   X   X   X
x/b   X   .   X   X   X   X   X   X   X
x/c   X   X   .   X   X   X   X   X   X
y/a   .   .   .   .   .   .   .   .   .
y/b   .   .   .   .   .   .   .   .   .
y/c   .   .   .   .   .   .   .   .   .
z/a   .   .   .   .   .   .   .   .   .
z/b   .   .   .   .   .   .   .   .   .
z/c   .   .   .   .   .   .   .   .   .`,
      ));
    it("53/UDP: DNS is allowed everywhere", () => expectTruthTable([policy], "53/UDP", ALL_ALLOWED));
  });

  describe("ipBlock with except: x/a may egress to 10.0.0.0/16 except y/b's /32", () => {
    const policy = netpol("x/egress-cidr", {
      podSelector: { matchLabels: { pod: "a" } },
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/16", except: [`${modelIp("y/b")}/32`] } }] }],
    });
    it("everything but y/b", () =>
      expectTruthTable(
        [policy],
        "80/TCP",
        `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   .   .   .   X   .   .   .   .
x/b   .   .   .   .   .   .   .   .   .
x/c   .   .   .   .   .   .   .   .   .
y/a   .   .   .   .   .   .   .   .   .
y/b   .   .   .   .   .   .   .   .   .
y/c   .   .   .   .   .   .   .   .   .
z/a   .   .   .   .   .   .   .   .   .
z/b   .   .   .   .   .   .   .   .   .
z/c   .   .   .   .   .   .   .   .   .`,
      ));
    it("ingress ipBlock of namespace z's /24 except z/c, to x/a", () =>
      expectTruthTable(
        [
          netpol("x/ingress-cidr", {
            podSelector: { matchLabels: { pod: "a" } },
            ingress: [{ from: [{ ipBlock: { cidr: "10.0.3.0/24", except: [`${modelIp("z/c")}/32`] } }] }],
          }),
        ],
        "80/TCP",
        `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   .   .   .   .   .   .   .   .
x/b   X   .   .   .   .   .   .   .   .
x/c   X   .   .   .   .   .   .   .   .
y/a   X   .   .   .   .   .   .   .   .
y/b   X   .   .   .   .   .   .   .   .
y/c   X   .   .   .   .   .   .   .   .
z/a   .   .   .   .   .   .   .   .   .
z/b   .   .   .   .   .   .   .   .   .
z/c   X   .   .   .   .   .   .   .   .`,
      ));
  });

  it("multiple policies are a union: one allows y, another allows z, into x/a", () => {
    const fromNs = (ns: string) =>
      netpol(`x/allow-${ns}`, {
        podSelector: { matchLabels: { pod: "a" } },
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns } } }] }],
      });
    expectTruthTable(
      [fromNs("y"), fromNs("z")],
      "80/TCP",
      `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   .   .   .   .   .   .   .   .
x/b   X   .   .   .   .   .   .   .   .
x/c   X   .   .   .   .   .   .   .   .
y/a   .   .   .   .   .   .   .   .   .
y/b   .   .   .   .   .   .   .   .   .
y/c   .   .   .   .   .   .   .   .   .
z/a   .   .   .   .   .   .   .   .   .
z/b   .   .   .   .   .   .   .   .   .
z/c   .   .   .   .   .   .   .   .   .`,
    );
  });

  it("a deny-all policy and an allow policy on the same pods: the allow wins (union)", () => {
    expectTruthTable(
      [
        netpol("x/deny", { podSelector: {}, ingress: [] }),
        netpol("x/allow-b", { podSelector: { matchLabels: { pod: "a" } }, ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b" } } }] }] }),
      ],
      "80/TCP",
      `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   X   X   .   .   .   .   .   .
x/b   .   .   X   .   .   .   .   .   .
x/c   X   X   .   .   .   .   .   .   .
y/a   X   X   X   .   .   .   .   .   .
y/b   X   X   X   .   .   .   .   .   .
y/c   X   X   X   .   .   .   .   .   .
z/a   X   X   X   .   .   .   .   .   .
z/b   X   X   X   .   .   .   .   .   .
z/c   X   X   X   .   .   .   .   .   .`,
    );
  });

  it("ingress and egress together: x/a admits only x/b and may only reach namespace y", () => {
    const policy = netpol("x/both", {
      podSelector: { matchLabels: { pod: "a" } },
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: { matchLabels: { pod: "b" } } }] }],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: "y" } } }] }],
    });
    expectTruthTable(
      [policy],
      "80/TCP",
      `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   X   X   .   .   .   X   X   X
x/b   .   .   .   .   .   .   .   .   .
x/c   X   .   .   .   .   .   .   .   .
y/a   X   .   .   .   .   .   .   .   .
y/b   X   .   .   .   .   .   .   .   .
y/c   X   .   .   .   .   .   .   .   .
z/a   X   .   .   .   .   .   .   .   .
z/b   X   .   .   .   .   .   .   .   .
z/c   X   .   .   .   .   .   .   .   .`,
    );
  });

  it("egress on a named port resolves on the destination: x/a may reach serve-81-udp only", () => {
    const policy = netpol("x/egress-named", {
      podSelector: { matchLabels: { pod: "a" } },
      policyTypes: ["Egress"],
      egress: [{ ports: [{ port: "serve-81-udp", protocol: "UDP" }] }],
    });
    expectTruthTable([policy], "81/UDP", ALL_ALLOWED);
    expectTruthTable(
      [policy],
      "80/UDP",
      `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   X   X   X   X   X   X   X   X
x/b   .   .   .   .   .   .   .   .   .
x/c   .   .   .   .   .   .   .   .   .
y/a   .   .   .   .   .   .   .   .   .
y/b   .   .   .   .   .   .   .   .   .
y/c   .   .   .   .   .   .   .   .   .
z/a   .   .   .   .   .   .   .   .   .
z/b   .   .   .   .   .   .   .   .   .
z/c   .   .   .   .   .   .   .   .   .`,
    );
  });

  describe("a policy that only allows SCTP still isolates x/a for TCP and UDP", () => {
    const policy = netpol("x/sctp-only", {
      podSelector: { matchLabels: { pod: "a" } },
      ingress: [{ ports: [{ port: 80, protocol: "SCTP" }] }],
    });
    const closed = `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   .   .   .   .   .   .   .   .
x/b   X   .   .   .   .   .   .   .   .
x/c   X   .   .   .   .   .   .   .   .
y/a   X   .   .   .   .   .   .   .   .
y/b   X   .   .   .   .   .   .   .   .
y/c   X   .   .   .   .   .   .   .   .
z/a   X   .   .   .   .   .   .   .   .
z/b   X   .   .   .   .   .   .   .   .
z/c   X   .   .   .   .   .   .   .   .`;
    it("80/SCTP open", () => expectTruthTable([policy], "80/SCTP", ALL_ALLOWED));
    it("80/TCP closed", () => expectTruthTable([policy], "80/TCP", closed));
    it("80/UDP closed", () => expectTruthTable([policy], "80/UDP", closed));
  });

  it("a protocol-only port entry (TCP, any port) allows 81/TCP but not 81/UDP", () => {
    const policy = netpol("x/tcp-any", { podSelector: { matchLabels: { pod: "a" } }, ingress: [{ ports: [{ protocol: "TCP" }] }] });
    expectTruthTable([policy], "81/TCP", ALL_ALLOWED);
    expectTruthTable(
      [policy],
      "81/UDP",
      `
     x/a x/b x/c y/a y/b y/c z/a z/b z/c
x/a   .   .   .   .   .   .   .   .   .
x/b   X   .   .   .   .   .   .   .   .
x/c   X   .   .   .   .   .   .   .   .
y/a   X   .   .   .   .   .   .   .   .
y/b   X   .   .   .   .   .   .   .   .
y/c   X   .   .   .   .   .   .   .   .
z/a   X   .   .   .   .   .   .   .   .
z/b   X   .   .   .   .   .   .   .   .
z/c   X   .   .   .   .   .   .   .   .`,
    );
  });

  it("flannel enforces nothing: the default-deny-all table becomes all allowed", () => {
    const snap = modelSnapshot([netpol("x/deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] })], "flannel");
    expect(renderTable(reachabilityMatrix(snap, [parsePortSpec("80/TCP")]).matrices["80/TCP"])).toBe(renderTable(truthTable(ALL_ALLOWED)));
  });
});
