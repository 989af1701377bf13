import { describe, expect, it } from "vitest";
import { deriveEndpoints } from "../kube/endpoints";
import type { NetworkPolicy, Pod } from "../kube/types";
import { demoCalico } from "./fixtures.test-helper";
import { prepareTrace, trace, TraceInputError, type TraceEnv } from "./trace";
import { traceTargets } from "./targets";
import type { TraceResult } from "./types";

/**
 * The demo shop on a dual-stack Calico cluster: Linux pods get a second address from the IPv6 pod range, pods on the
 * Windows node stay IPv4 ("Overlay (VXLAN) networks on Windows do not support dual-stack networking"), the Services
 * are PreferDualStack with an IPv6 ClusterIP beside the IPv4 one.
 */
function dualStack(change?: (env: TraceEnv) => void): TraceEnv {
  const env = demoCalico();
  const s = env.snapshot;
  s.ipFamilies = ["IPv4", "IPv6"];
  s.podCidrV6 = "fd00:10:244::/56";
  s.serviceCidrV6 = "fd00:10:96::/112";
  const windows = new Set(s.nodes.filter((n) => n.osType === "Windows").map((n) => n.name));
  let n = 1;
  for (const p of s.pods) {
    if (p.spec.hostNetwork || windows.has(p.spec.nodeName ?? "") || !p.status?.podIP) continue;
    p.status.podIPs = [{ ip: p.status.podIP }, { ip: `fd00:10:244::${(++n).toString(16)}` }];
  }
  let k = 0x10;
  for (const svc of s.services) {
    if (svc.spec.type === "ExternalName" || svc.spec.clusterIP === "None" || !svc.spec.clusterIP) continue;
    svc.spec.ipFamilies = ["IPv4", "IPv6"];
    svc.spec.ipFamilyPolicy = "PreferDualStack";
    svc.spec.clusterIPs = [svc.spec.clusterIP, `fd00:10:96::${(k++).toString(16)}`];
  }
  change?.(env);
  s.endpoints = deriveEndpoints(s.services, s.pods);
  return env;
}

const env = dualStack();
const plan = prepareTrace(env);
const s = env.snapshot;
const podsOf = (app: string, snap = s) => snap.pods.filter((p) => p.metadata.labels?.app === app);
const key = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;
const svc = (ns: string, name: string, snap = s) => snap.services.find((x) => x.metadata.namespace === ns && x.metadata.name === name)!;
const v6 = (p: Pod) => p.status!.podIPs!.find((x) => x.ip.includes(":"))!.ip;
const v6Cip = (ns: string, name: string, snap = s) => svc(ns, name, snap).spec.clusterIPs!.find((ip) => ip.includes(":"))!;
const kinds = (r: TraceResult) => r.hops.map((h) => h.kind);
const strip = (r: TraceResult) => r.hops.map((h) => ({ kind: h.kind, elementId: h.elementId, action: h.action }));

describe("traces over IPv6 on a dual-stack Calico cluster", () => {
  const fe = podsOf("frontend").find((p) => p.status?.podIPs)!;
  const api = podsOf("api");

  it("pod → IPv6 ClusterIP walks the same hops as IPv4: kube-proxy DNATs to the endpoint pod's IPv6 address", () => {
    const cip6 = v6Cip("shop", "api");
    for (const endpoint of api.map(key)) {
      const r6 = trace(plan, { from: key(fe), to: `[${cip6}]:8080` }, { endpoint });
      const r4 = trace(plan, { from: key(fe), to: `${svc("shop", "api").spec.clusterIP}:8080` }, { endpoint });
      expect(r6.verdict).toBe("delivered");
      expect(r6.flow).toBe("pod→service");
      expect(strip(r6)).toEqual(strip(r4));
      expect(r6.path).toEqual(r4.path);
      const kp = r6.hops.find((h) => h.kind === "kubeProxy")!;
      const chosen = api.find((p) => key(p) === endpoint)!;
      expect(kp.action).toBe("dnat");
      expect(kp.before).toMatchObject({ src: `[${v6(fe)}]:49152`, dst: `[${cip6}]:8080` });
      expect(kp.after).toMatchObject({ src: `[${v6(fe)}]:49152`, dst: `[${v6(chosen)}]:8080` });
      expect(kp.candidates!.map((c) => c.address).sort()).toEqual(api.map((p) => `[${v6(p)}]:8080`).sort());
      // the ingress policy is the same as over IPv4 (pod selectors do not depend on the family)
      expect(r6.hops[r6.hops.length - 1].policy).toMatchObject({ allowed: true, policies: ["shop/allow-backend-from-web"], from: key(fe), to: endpoint });
    }
  });

  it("an IPv6 ClusterIP is found in any spelling (RFC 5952 or not)", () => {
    const cip6 = v6Cip("shop", "api");
    const long = cip6.replace("fd00:10:96::", "FD00:0010:0096:0000:0000:0000:0000:");
    const r = trace(plan, { from: key(fe), to: `[${long}]:8080` });
    expect(r.verdict).toBe("delivered");
    expect(r.hops[0].before.dst).toBe(`[${cip6}]:8080`);
  });

  it("pod → Service by DNS name from an IPv6 source address resolves the AAAA record; from the pod's name it stays IPv4", () => {
    const r = trace(plan, { from: v6(fe), to: "api.shop:8080" });
    expect(kinds(r).slice(0, 3)).toEqual(["pod", "dns", "kubeProxy"]);
    expect(r.hops[1].after.dst).toBe(`[${v6Cip("shop", "api")}]:8080`);
    expect(r.hops[1].note).toContain("AAAA");
    expect(r.verdict).toBe("delivered");
    const r4 = trace(plan, { from: key(fe), to: "api.shop:8080" });
    expect(r4.hops[1].after.dst).toBe(`${svc("shop", "api").spec.clusterIP}:8080`);
  });

  it("policies deny over IPv6 exactly as over IPv4, naming the same policies", () => {
    const r6 = trace(plan, { from: key(api[0]), to: `[${v6Cip("shop", "frontend")}]:80` });
    const r4 = trace(plan, { from: key(api[0]), to: `${svc("shop", "frontend").spec.clusterIP}:80` });
    expect(r6.reason).toMatchObject({ code: "policyDenied", policies: r4.reason!.policies });
    expect(r6.reason!.policies).toContain("shop/default-deny-ingress");
    // under Flannel nothing is enforced (and Flannel clusters are never dual-stack: this is the what-if)
    expect(trace(plan, { from: key(api[0]), to: `[${v6Cip("shop", "frontend")}]:80` }, { plugin: "flannel" }).verdict).toBe("delivered");
  });

  it("IPv6 ipBlocks: an egress ipBlock of 0.0.0.0/0 does not cover an IPv6 address, ::/0 does", () => {
    const out = "[2001:db8::5]:443";
    const r = trace(plan, { from: key(api[0]), to: out });
    expect(r.reason).toMatchObject({ code: "policyDenied", policies: ["shop/api-egress"] });
    expect(r.hops[0].policy!.to).toBe("2001:db8::5");
    const withV6 = prepareTrace(
      dualStack((e) => {
        const pol = e.snapshot.networkPolicies.find((p) => p.metadata.name === "api-egress")!;
        pol.spec.egress!.push({ to: [{ ipBlock: { cidr: "::/0", except: ["fd00::/8"] } }], ports: [{ port: 443, protocol: "TCP" }] });
      }),
    );
    const allowed = trace(withV6, { from: key(api[0]), to: out });
    expect(allowed.hops[0].policy).toMatchObject({ allowed: true, policies: ["shop/api-egress"] });
    // past the policy: IPv6 leaves no further than pods and ClusterIPs (the node network is IPv4 in AKS hybrid)
    expect(allowed.reason?.code).toBe("noAddressOfFamily");
    // the except range: a unique local IPv6 address stays denied
    expect(trace(withV6, { from: key(api[0]), to: "[fd12::1]:443" }).reason?.code).toBe("policyDenied");
  });

  it("IPv6 ipBlocks on ingress: a pod admitted only from the IPv6 pod range is reached over its IPv6 ClusterIP", () => {
    const allowFromV6Pods: NetworkPolicy = {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "catalog-from-v6-pods", namespace: "shop" },
      spec: { podSelector: { matchLabels: { app: "catalog" } }, ingress: [{ from: [{ ipBlock: { cidr: "fd00:10:244::/56" } }], ports: [{ port: 8080, protocol: "TCP" }] }] },
    };
    const p2 = prepareTrace(dualStack((e) => e.snapshot.networkPolicies.push(allowFromV6Pods)));
    // postgres (namespace data) is not admitted by the shop's own policies
    const from = podsOf("postgres", p2.snapshot)[0];
    expect(trace(plan, { from: key(from), to: `[${v6Cip("shop", "catalog")}]:80` }).reason).toMatchObject({ code: "policyDenied", policies: expect.arrayContaining(["shop/default-deny-ingress"]) });
    const r = trace(p2, { from: key(from), to: `[${v6Cip("shop", "catalog", p2.snapshot)}]:80` });
    expect(r.verdict).toBe("delivered");
    expect(r.hops.find((h) => h.kind === "kubeProxy")!.after.src).toBe(`[${v6(from)}]:49152`);
    expect(r.hops[r.hops.length - 1].policy!.policies).toContain("shop/catalog-from-v6-pods");
    // a node has no IPv6 address: it cannot use the IPv6 ClusterIP at all
    const n = trace(p2, { from: "shopcalico-linuxpool-1", to: `[${v6Cip("shop", "catalog", p2.snapshot)}]:80` });
    expect(n.reason?.code).toBe("noAddressOfFamily");
  });

  it("pods on the Windows node have no IPv6 address: they are no IPv6 endpoint, and cannot open an IPv6 connection", () => {
    const winNode = s.nodes.find((n) => n.osType === "Windows")!.name;
    const env2 = dualStack((e) => {
      // move one api replica to the Windows node (it keeps only its IPv4 address)
      const p = e.snapshot.pods.find((x) => x.metadata.labels?.app === "api")!;
      p.spec.nodeName = winNode;
      p.status!.podIPs = [{ ip: p.status!.podIP! }];
    });
    const p2 = prepareTrace(env2);
    const apis = podsOf("api", env2.snapshot);
    const onWindows = apis.find((p) => p.spec.nodeName === winNode)!;
    const r = trace(p2, { from: key(fe), to: `[${v6Cip("shop", "api", env2.snapshot)}]:8080` });
    const kp = r.hops.find((h) => h.kind === "kubeProxy")!;
    expect(kp.candidates!.map((c) => c.name)).not.toContain(key(onWindows));
    expect(kp.candidates).toHaveLength(apis.length - 1);
    // over IPv4 it is a candidate
    const r4 = trace(p2, { from: key(fe), to: `${svc("shop", "api", env2.snapshot).spec.clusterIP}:8080` });
    expect(r4.hops.find((h) => h.kind === "kubeProxy")!.candidates!.map((c) => c.name)).toContain(key(onWindows));
    // from the Windows pod to an IPv6 ClusterIP: it has no IPv6 address
    const w = trace(p2, { from: key(onWindows), to: `[${v6Cip("shop", "catalog", env2.snapshot)}]:80` });
    expect(w.reason?.code).toBe("noAddressOfFamily");
    expect(w.reason!.message).toMatch(/Windows/);
    // to the Windows pod by name from an IPv6 address
    expect(trace(p2, { from: v6(fe), to: `${key(onWindows)}:8080` }).reason?.code).toBe("noAddressOfFamily");
  });

  it("from an IPv6 pod address to a pod: direct, VXLAN across nodes, like IPv4", () => {
    const other = s.pods.find((p) => p.spec.nodeName !== fe.spec.nodeName && p.metadata.labels?.app === "frontend" && p.status?.podIPs)!;
    const r = trace(plan, { from: v6(fe), to: `[${v6(other)}]:8080` }, { plugin: "flannel" });
    expect(kinds(r)).toEqual(["pod", "vxlan", "node", "pod"]);
    expect(r.hops[0].before).toMatchObject({ src: `[${v6(fe)}]:49152`, dst: `[${v6(other)}]:8080` });
    const byName = trace(plan, { from: v6(fe), to: `${key(other)}:8080` }, { plugin: "flannel" });
    expect(byName.hops[0].before.dst).toBe(`[${v6(other)}]:8080`);
  });

  it("a Service without an IPv6 ClusterIP answers no AAAA record", () => {
    const p2 = prepareTrace(
      dualStack((e) => {
        const a = e.snapshot.services.find((x) => x.metadata.name === "api")!;
        a.spec.ipFamilies = ["IPv4"];
        a.spec.ipFamilyPolicy = "SingleStack";
        a.spec.clusterIPs = [a.spec.clusterIP!];
      }),
    );
    const r = trace(p2, { from: v6(fe), to: "api.shop:8080" });
    expect(r.reason).toMatchObject({ code: "noAddressOfFamily" });
    expect(r.reason!.message).toContain("has no IPv6 ClusterIP");
  });

  it("IPv6 from outside is not routed (pods and ClusterIPs live in the overlay); an unused IPv6 service address is unknown", () => {
    expect(trace(plan, { from: "external", to: `[${v6Cip("shop", "api")}]:8080` }).reason?.code).toBe("unknownAddress");
    expect(trace(plan, { from: key(fe), to: "[fd00:10:96::ffff]:80" }).reason?.code).toBe("unknownAddress");
  });

  it("input: IPv6 needs brackets and a port; families cannot be mixed", () => {
    const err = (from: string, to: string) => {
      try {
        trace(plan, { from, to });
        return null;
      } catch (e) {
        return e instanceof TraceInputError ? `${e.field}: ${e.message}` : String(e);
      }
    };
    expect(err(key(fe), v6Cip("shop", "api"))).toMatch(/^to: .*needs a port: \[IPv6\]:port/);
    expect(err(key(fe), "[fd00::zz]:80")).toMatch(/^to: .*not a valid IPv6 address/);
    expect(err(key(fe), "[10.0.0.1]:80")).toMatch(/^to: .*not a valid IPv6 address/);
    expect(err(v6(fe), `${svc("shop", "api").spec.clusterIP}:8080`)).toMatch(/^from: .*one address family/);
  });

  it("the Traffic page's lists offer IPv6 ClusterIPs and pods' IPv6 addresses", () => {
    const t = traceTargets(plan);
    expect(t.destinations).toContainEqual(expect.objectContaining({ value: `[${v6Cip("shop", "api")}]:8080`, group: "service" }));
    expect(t.sources).toContainEqual(expect.objectContaining({ value: v6(fe), group: "pod", detail: key(fe) }));
  });
});
