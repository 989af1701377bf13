import { describe, expect, it } from "vitest";
import { deriveEndpoints } from "../kube/endpoints";
import type { Pod, Service } from "../kube/types";
import { compilePolicies } from "../policy/compile";
import { reachabilityMatrix } from "../policy/matrix";
import { demoCalico, demoFlannel } from "./fixtures.test-helper";
import { prepareTrace, trace, TraceInputError, type TraceEnv } from "./trace";
import { CalicoModel } from "../policy/calico/evaluate";
import type { TraceResult } from "./types";

const calico = demoCalico();
const plan = prepareTrace(calico);
const s = calico.snapshot;
const podsOf = (app: string, snap = s) => snap.pods.filter((p) => p.metadata.labels?.app === app);
const key = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;
const svc = (ns: string, name: string, snap = s) => snap.services.find((x) => x.metadata.namespace === ns && x.metadata.name === name)!;
const vipOf = (x: Service) => x.status!.loadBalancer!.ingress![0].ip!;
const node = (name: string) => s.nodes.find((n) => n.name === name)!;
const kinds = (r: TraceResult) => r.hops.map((h) => h.kind);

/** A copy of the demo env with a changed service / pods (endpoints re-derived). */
function variant(change: (env: TraceEnv) => void, base = demoCalico): TraceEnv {
  const env = base();
  change(env);
  env.snapshot.endpoints = deriveEndpoints(env.snapshot.services, env.snapshot.pods);
  return env;
}

describe("external → LoadBalancer VIP:port (HAProxy → NodePort → kube-proxy → pod)", () => {
  const frontend = svc("shop", "frontend");
  const vip = vipOf(frontend);

  it("externalTrafficPolicy Cluster: HAProxy proxies from its own IP, kube-proxy DNATs and SNATs to the node, VXLAN to the pod's node", () => {
    // HAProxy forwards to a worker that hosts none of the frontend pods, so the packet crosses nodes (VXLAN)
    const hosting = new Set(podsOf("frontend").map((p) => p.spec.nodeName));
    const via = plan.snapshot.nodes.find((n) => n.role === "worker" && n.osType === "Linux" && !hosting.has(n.name))?.name
      ?? plan.snapshot.nodes.find((n) => n.role === "worker" && n.osType === "Linux")!.name;
    const viaIp = node(via).ipAddress;
    const r = trace(plan, { from: "external", to: `${vip}:80` }, { via });
    expect(r.flow).toBe("external→loadBalancer");
    expect(kinds(r)).toEqual(["client", "loadBalancer", "node", "kubeProxy", "vxlan", "node", "pod"]);
    const [client, lb, n1, kp, vx, n2, pod] = r.hops;
    expect(client.before).toMatchObject({ src: "203.0.113.10:49152", dst: `${vip}:80` });
    // HAProxy: a new TCP connection from the LB VM's IP to node:nodePort
    expect(lb.elementId).toBe("lb:shopcalico-lb-1");
    expect(lb.after).toMatchObject({ src: "172.16.10.20:49152", dst: `${viaIp}:${frontend.spec.ports![0].nodePort}` });
    expect(lb.candidates!.length).toBe(4); // every worker; control-plane nodes are excluded from external load balancers
    expect(n1.elementId).toBe(`node:${via}`);
    // kube-proxy: DNAT to the pod's targetPort, SNAT to the node IP (Cluster)
    const chosen = kp.candidates!.find((c) => c.chosen)!;
    expect(kp.action).toBe("dnat+snat");
    expect(kp.after).toEqual({ src: `${viaIp}:49152`, dst: chosen.address, protocol: "TCP" });
    expect(chosen.address.endsWith(":8080")).toBe(true);
    expect(kp.candidates!.filter((c) => c.ready)).toHaveLength(3);
    expect(kp.elementId).toBe("svc:shop/frontend");
    // VXLAN across nodes: VNI 4096, UDP 4789, node → node; the inner packet unchanged
    expect(vx.encapsulation).toMatchObject({ type: "VXLAN", vni: 4096, innerMtu: 1450, outer: { src: `${viaIp}:49152`, dst: `${node(chosen.node!).ipAddress}:4789`, protocol: "UDP" } });
    expect(vx.after).toEqual(vx.before);
    expect(vx.elementId).toBe(`vxlan:node:${via}->node:${chosen.node}`);
    expect(n2.elementId).toBe(`node:${chosen.node}`);
    expect(pod.elementId).toBe(`pod:${chosen.name}`);
    // the demo's policies admit web pods only from ingress-nginx: the node IP is no such peer → dropped (Calico)
    expect(r.verdict).toBe("dropped");
    expect(r.reason).toMatchObject({ code: "policyDenied", hop: 7, elementId: pod.elementId, policies: ["shop/allow-web-from-ingress", "shop/default-deny-ingress"] });
    expect(pod.policy).toMatchObject({ enforced: true, allowed: false, from: viaIp, deniedBy: ["ingress"] });
    expect(r.path).toEqual(["ext:client", "lb:shopcalico-lb-1", `node:${via}`, "svc:shop/frontend", vx.elementId, `node:${chosen.node}`, pod.elementId]);
    expect(r.dropped).toBe(pod.elementId);
  });

  it("the same under Flannel: delivered, the policy is not enforced and the trace says what Calico would do", () => {
    const r = trace(plan, { from: "external", to: `${vip}:80` }, { plugin: "flannel" });
    expect(r.verdict).toBe("delivered");
    expect(r.reason).toBeNull();
    const pod = r.hops[r.hops.length - 1];
    expect(pod.policy).toMatchObject({ enforced: false, allowed: true, wouldBe: false });
    expect(pod.policy!.reason).toMatch(/flannel/);
    expect(r.warnings.join()).toMatch(/as if the cluster ran flannel/);
  });

  it("externalTrafficPolicy Local: HAProxy only has the nodes with a local endpoint, no SNAT, no second hop; the pod still sees the HAProxy VM, not the client", () => {
    const ing = svc("ingress-nginx", "ingress-nginx-controller");
    const r = trace(plan, { from: "external", to: `${vipOf(ing)}:80` });
    expect(kinds(r)).toEqual(["client", "loadBalancer", "node", "kubeProxy", "pod"]);
    const [, lb, n1, kp, pod] = r.hops;
    const hosting = new Set(podsOf("ingress-nginx-controller").map((p) => p.spec.nodeName));
    expect(new Set(lb.candidates!.filter((c) => c.ready).map((c) => c.name))).toEqual(hosting);
    expect(kp.action).toBe("dnat");
    expect(kp.after.src).toBe("172.16.10.20:49152");
    expect(kp.candidates!.filter((c) => !c.excluded).every((c) => c.node === n1.name)).toBe(true);
    expect(kp.candidates!.filter((c) => c.excluded === "notLocal").length).toBeGreaterThan(0);
    expect(pod.before.src).toBe("172.16.10.20:49152");
    expect(r.verdict).toBe("delivered");
  });

  it("a LoadBalancer with Local on the frontend: the pod sees the HAProxy IP (no client IP gain)", () => {
    const env = variant((e) => {
      const f = e.snapshot.services.find((x) => x.metadata.name === "frontend")!;
      f.spec.externalTrafficPolicy = "Local";
      f.spec.healthCheckNodePort = 32000;
    });
    const r = trace(env, { from: "external", to: `${vip}:80` }, { plugin: "flannel" });
    expect(kinds(r)).toEqual(["client", "loadBalancer", "node", "kubeProxy", "pod"]);
    expect(r.hops[4].before.src).toBe("172.16.10.20:49152");
    expect(r.hops[1].candidates!.filter((c) => c.ready).every((c) => podsOf("frontend").some((p) => p.spec.nodeName === c.name))).toBe(true);
  });

  it("the API server VIP: HAProxy → a control-plane node :6443", () => {
    const r = trace(plan, { from: "external", to: "172.16.255.1:6443" });
    expect(kinds(r)).toEqual(["client", "loadBalancer", "node"]);
    expect(r.hops[1].candidates!.map((c) => c.name)).toEqual(["shopcalico-control-plane-1", "shopcalico-control-plane-2", "shopcalico-control-plane-3"]);
    expect(r.verdict).toBe("delivered");
  });

  it("a port the VIP does not serve, a UDP packet, and a cluster without HAProxy are dropped with the reason", () => {
    expect(trace(plan, { from: "external", to: `${vip}:81` }).reason).toMatchObject({ code: "portNotExposed", hop: 2, elementId: "lb:shopcalico-lb-1" });
    expect(trace(plan, { from: "external", to: `${vip}:80`, protocol: "UDP" }).reason?.message).toMatch(/TCP only/);
    const r = trace({ ...calico, loadBalancers: [] }, { from: "external", to: `${vip}:80` });
    expect(r.reason?.code).toBe("noLoadBalancer");
  });

  it("no endpoints / no ready endpoint / Local with no endpoint anywhere", () => {
    const none = variant((e) => {
      e.snapshot.pods = e.snapshot.pods.filter((p) => p.metadata.labels?.app !== "frontend");
    });
    expect(trace(none, { from: "external", to: `${vip}:80` }).reason?.code).toBe("noEndpoints");
    const notReady = variant((e) => {
      for (const p of e.snapshot.pods) if (p.metadata.labels?.app === "frontend") p.status = { ...p.status, conditions: [{ type: "Ready", status: "False" }] };
    });
    const r = trace(notReady, { from: "external", to: `${vip}:80` });
    expect(r.reason?.code).toBe("noReadyEndpoint");
    expect(r.hops[r.hops.length - 1].candidates!.every((c) => !c.ready)).toBe(true);
    const localNone = variant((e) => {
      const f = e.snapshot.services.find((x) => x.metadata.name === "frontend")!;
      f.spec.externalTrafficPolicy = "Local";
      for (const p of e.snapshot.pods) if (p.metadata.labels?.app === "frontend") p.status = { ...p.status, conditions: [{ type: "Ready", status: "False" }] };
    });
    const l = trace(localNone, { from: "external", to: `${vip}:80` });
    expect(l.reason).toMatchObject({ code: "noLocalEndpoint", hop: 2 });
  });
});

describe("external → NodeIP:NodePort", () => {
  const ing = svc("ingress-nginx", "ingress-nginx-controller");
  const np = ing.spec.ports![0].nodePort!;
  const hosting = podsOf("ingress-nginx-controller").map((p) => p.spec.nodeName!);
  const without = s.nodes.find((n) => n.role === "worker" && !hosting.includes(n.name))!;

  it("Local on a node with the endpoint: the pod sees the client IP", () => {
    const n = node(hosting[0]);
    const r = trace(plan, { from: "external", to: `${n.ipAddress}:${np}` });
    expect(r.flow).toBe("external→nodePort");
    expect(kinds(r)).toEqual(["client", "node", "kubeProxy", "pod"]);
    expect(r.hops[3].before.src).toBe("203.0.113.10:49152");
    expect(r.warnings.join()).toMatch(/discouraged/);
  });

  it("Local on a node without a local endpoint: dropped there", () => {
    const r = trace(plan, { from: "external", to: `${without.ipAddress}:${np}` });
    expect(r.reason).toMatchObject({ code: "noLocalEndpoint", elementId: "svc:ingress-nginx/ingress-nginx-controller" });
    expect(r.reason!.message).toContain(without.name);
  });

  it("Cluster: SNAT to the receiving node, both plugins", () => {
    const fnp = svc("shop", "frontend").spec.ports![0].nodePort!;
    for (const plugin of ["calico", "flannel"] as const) {
      const r = trace(plan, { from: "external", to: `172.16.10.5:${fnp}` }, { plugin });
      const kp = r.hops.find((h) => h.kind === "kubeProxy")!;
      expect(kp.after.src).toBe("172.16.10.5:49152");
      expect(r.verdict).toBe(plugin === "calico" ? "dropped" : "delivered");
    }
  });

  it("a port no Service has", () => {
    expect(trace(plan, { from: "external", to: "172.16.10.5:30999" }).reason?.code).toBe("portNotExposed");
  });
});

describe("external → Ingress host/path", () => {
  it("shop.contoso.com/api: TLS on 443 through HAProxy to the controller, then controller pod → api pod (pod IP, not ClusterIP), policy allows ingress-nginx", () => {
    const r = trace(plan, { from: "external", to: "shop.contoso.com/api/orders" });
    expect(r.flow).toBe("external→ingress");
    expect(r.verdict).toBe("delivered");
    const ctl = r.hops.find((h) => h.kind === "ingressController")!;
    expect(ctl.elementId).toBe("ing:shop/shop");
    expect(ctl.note).toMatch(/TLS for shop.contoso.com ends here \(secret shop-tls\)/);
    expect(r.hops[0].before.dst).toBe(`${vipOf(svc("ingress-nginx", "ingress-nginx-controller"))}:443`);
    const ctlPod = s.pods.find((p) => ctl.name.includes(key(p)))!;
    expect(ctl.after.src).toBe(`${ctlPod.status!.podIP}:49152`);
    const api = podsOf("api").map((p) => `${p.status!.podIP}:8080`);
    expect(api).toContain(ctl.after.dst);
    const service = r.hops.find((h) => h.kind === "service")!;
    expect(service.elementId).toBe("svc:shop/api");
    const last = r.hops[r.hops.length - 1];
    expect(last.policy).toMatchObject({ allowed: true, policies: ["shop/allow-backend-from-web"], from: key(ctlPod) });
  });

  it("no rule matches an unknown host: dropped at the controller", () => {
    const r = trace(plan, { from: "external", to: "nothing.contoso.com/" });
    expect(r.reason?.code).toBe("noIngressRule");
    expect(r.hops[r.hops.length - 1].kind).toBe("ingressController");
  });

  it("an Ingress whose class has no controller pods", () => {
    const env = variant((e) => {
      e.snapshot.pods = e.snapshot.pods.filter((p) => p.metadata.namespace !== "ingress-nginx");
    });
    expect(trace(env, { from: "external", to: "shop.contoso.com/api" }).reason?.code).toBe("noIngressController");
  });
});

describe("from a pod", () => {
  const fe = podsOf("frontend")[0];
  const api = podsOf("api");

  it("pod → Service DNS name: CoreDNS, then DNAT on the source node without SNAT; the backend sees the client pod", () => {
    const r = trace(plan, { from: key(fe), to: "api.shop:8080" }, { endpoint: key(api[1]) });
    expect(r.flow).toBe("pod→service");
    expect(kinds(r).slice(0, 3)).toEqual(["pod", "dns", "kubeProxy"]);
    const [, dns, kp] = r.hops;
    expect(dns.after.dst).toBe(`${svc("shop", "api").spec.clusterIP}:8080`);
    expect(kp.before.dst).toBe(`${svc("shop", "api").spec.clusterIP}:8080`);
    expect(kp.after).toMatchObject({ src: `${fe.status!.podIP}:49152`, dst: `${api[1].status!.podIP}:8080` });
    expect(kp.action).toBe("dnat");
    expect(kp.name).toContain(fe.spec.nodeName);
    if (api[1].spec.nodeName !== fe.spec.nodeName) expect(kinds(r)).toContain("vxlan");
    expect(r.verdict).toBe("delivered");
    expect(r.hops[r.hops.length - 1].policy).toMatchObject({ allowed: true, policies: ["shop/allow-backend-from-web"] });
  });

  it("pod → ClusterIP:port is the same walk without DNS", () => {
    const r = trace(plan, { from: key(fe), to: `${svc("shop", "api").spec.clusterIP}:8080` });
    expect(kinds(r)[1]).toBe("kubeProxy");
    expect(r.verdict).toBe("delivered");
  });

  it("pod → Service port it does not have", () => {
    expect(trace(plan, { from: key(fe), to: "api.shop:9999" }).reason?.code).toBe("portNotExposed");
  });

  it("pod → pod denied by policy names the policies (Calico); Flannel delivers and says Calico would deny", () => {
    const r = trace(plan, { from: key(api[0]), to: `${key(fe)}:8080` });
    expect(r.verdict).toBe("dropped");
    expect(r.reason).toMatchObject({ code: "policyDenied", policies: ["shop/allow-web-from-ingress", "shop/api-egress", "shop/default-deny-ingress"] });
    expect(r.reason!.explain).toEqual({ from: key(api[0]), to: key(fe), port: "8080/TCP" });
    // egress is decided on the source host: dropped at the first hop
    expect(r.reason!.hop).toBe(1);
    const f = trace(plan, { from: key(api[0]), to: `${key(fe)}:8080` }, { plugin: "flannel" });
    expect(f.verdict).toBe("delivered");
    expect(f.hops[f.hops.length - 1].policy).toMatchObject({ enforced: false, wouldBe: false });
  });

  it("pod → pod across nodes is VXLAN-encapsulated, same node is not", () => {
    const other = s.pods.find((p) => p.spec.nodeName !== fe.spec.nodeName && p.metadata.labels?.app === "frontend")!;
    const r = trace(plan, { from: key(fe), to: `${other.status!.podIP}:8080` }, { plugin: "flannel" });
    expect(kinds(r)).toEqual(["pod", "vxlan", "node", "pod"]);
    const same = s.pods.find((p) => p !== fe && p.spec.nodeName === fe.spec.nodeName)!;
    expect(kinds(trace(plan, { from: key(fe), to: `${key(same)}:8080` }, { plugin: "flannel" }))).toEqual(["pod", "pod"]);
  });

  it("pod → ExternalName: a CNAME, no proxying", () => {
    const r = trace(plan, { from: key(api[0]), to: "payments.shop:443" });
    expect(r.flow).toBe("pod→externalName");
    expect(kinds(r)).toEqual(["pod", "dns", "external"]);
    expect(r.hops[1].after.dst).toBe("api.payments.example.com:443");
    expect(r.hops[2].elementId).toBe("ext:api.payments.example.com");
    expect(r.hops.some((h) => h.kind === "kubeProxy")).toBe(false);
  });

  it("pod → headless Service: DNS answers pod IPs, the client connects pod → pod", () => {
    const r = trace(plan, { from: key(api[0]), to: "postgres.data:5432" });
    expect(r.hops[1].after.dst).toBe(`${podsOf("postgres")[0].status!.podIP}:5432`);
    expect(r.hops.some((h) => h.kind === "kubeProxy")).toBe(false);
    expect(r.verdict).toBe("delivered");
  });

  it("pod → VM in the same network: Calico SNATs to the node (natOutgoing); Flannel: not supported (the product rule)", () => {
    const c = trace(plan, { from: key(fe), to: "172.16.20.5:22" });
    expect(c.flow).toBe("pod→vm (same network)");
    expect(c.verdict).toBe("delivered");
    expect(c.hops[1]).toMatchObject({ action: "snat", after: { src: `${node(fe.spec.nodeName!).ipAddress}:49152` } });
    const f = trace(plan, { from: key(fe), to: "172.16.20.5:22" }, { plugin: "flannel" });
    expect(f.reason?.code).toBe("sameNetworkUnderFlannel");
  });

  it("pod → VM in another network: both plugins SNAT to the node IP and route via the gateway", () => {
    for (const plugin of ["calico", "flannel"] as const) {
      const r = trace(plan, { from: key(fe), to: "10.1.2.3:443" }, { plugin });
      expect(r.flow).toBe("pod→vm (other network)");
      expect(r.verdict).toBe("delivered");
      expect(r.hops[2].note).toMatch(/gateway 172.16.0.1/);
    }
  });

  it("egress ipBlock: api may reach the internet on 443 but not a private address", () => {
    expect(trace(plan, { from: key(api[0]), to: "8.8.8.8:443" }).verdict).toBe("delivered");
    const r = trace(plan, { from: key(api[0]), to: "10.1.2.3:443" });
    expect(r.reason).toMatchObject({ code: "policyDenied", policies: ["shop/api-egress"] });
  });

  it("a node → a Service: the pod sees the node IP, which only ipBlock peers can match", () => {
    const r = trace(plan, { from: "shopcalico-linuxpool-1", to: "catalog.shop:80" });
    expect(r.reason?.code).toBe("policyDenied");
    expect(r.hops[r.hops.length - 1].policy!.from).toBe("172.16.10.5");
  });
});

describe("the real Flannel demo cluster", () => {
  const env = demoFlannel();
  it("external → frontend VIP delivered although default-deny exists (not enforced)", () => {
    const f = env.snapshot.services.find((x) => x.metadata.name === "frontend")!;
    const r = trace(env, { from: "external", to: `${vipOf(f)}:${f.spec.ports![0]!.port}` });
    expect(r.plugin).toBe("flannel");
    expect(r.verdict).toBe("delivered");
    expect(r.hops.find((h) => h.kind === "vxlan")?.encapsulation?.vni ?? 4096).toBe(4096);
  });
});

describe("input errors name the field", () => {
  it.each([
    ["shop/nope", "api.shop:8080", "from"],
    ["nonode", "api.shop:8080", "from"],
    ["external", "shop/nope:80", "to"],
    ["external", "1.2.3.4", "to"],
    ["external", "300.1.1.1:80", "to"],
    ["external", "1.2.3.4:70000", "to"],
    ["external", "???", "to"],
    ["external", "nosvc.shop:80", "to"],
    ["external", "nons/pod:80", "to"],
  ])("%s → %s", (from, to, field) => {
    try {
      trace(plan, { from, to });
      throw new Error("expected an error");
    } catch (e) {
      expect(e).toBeInstanceOf(TraceInputError);
      expect((e as TraceInputError).field).toBe(field);
    }
  });
});

describe("assumptions are stated and configurable", () => {
  it("lists VNI, port, MTU, kube-proxy mode, CoreDNS IP, HAProxy, natOutgoing; overrides apply", () => {
    const r = trace(plan, { from: key(podsOf("frontend")[0]), to: `${key(podsOf("frontend")[1])}:8080` }, { assumptions: { vxlanVni: 1, vxlanPort: 8472, underlayMtu: 9000 } });
    const keys = r.assumptions.map((a) => a.key);
    for (const k of ["vxlanVni", "vxlanPort", "underlayMtu", "kubeProxyMode", "clusterDnsIp", "haproxyBalance", "calicoNatOutgoing"]) expect(keys).toContain(k);
    expect(r.assumptions.find((a) => a.key === "vxlanVni")!.value).toBe(1);
    const vx = r.hops.find((h) => h.kind === "vxlan");
    if (vx) expect(vx.encapsulation).toMatchObject({ vni: 1, innerMtu: 8950, outer: { dst: expect.stringMatching(/:8472$/) } });
  });
});

describe("property: a pod → pod trace agrees with the reachability matrix", () => {
  for (const [name, env] of [
    ["calico", calico],
    ["flannel", demoFlannel()],
  ] as const) {
    it(`${name}: every ordered pair of pods on 8080/TCP, 5432/TCP and 80/TCP`, () => {
      const p = name === "calico" ? plan : prepareTrace(env);
      const ports = [
        { port: 8080, protocol: "TCP" as const },
        { port: 5432, protocol: "TCP" as const },
        { port: 80, protocol: "TCP" as const },
      ];
      const m = reachabilityMatrix(compilePolicies(env.snapshot), ports);
      let checked = 0;
      for (const spec of ports) {
        const matrix = m.matrices[`${spec.port}/TCP`];
        m.pods.forEach((from, i) =>
          m.pods.forEach((to, j) => {
            const r = trace(p, { from, to: `${to}:${spec.port}` });
            expect(r.verdict === "delivered", `${from} → ${to} ${spec.port}`).toBe(matrix[i][j]);
            checked++;
          }),
        );
      }
      expect(checked).toBe(m.pods.length * m.pods.length * 3);
    });
  }
});

describe("every external flow under both externalTrafficPolicy values and both plugins: NAT hop by hop", () => {
  const policies = ["Cluster", "Local"] as const;
  const plugins = ["calico", "flannel"] as const;
  for (const etp of policies) {
    const env = variant((e) => {
      for (const x of e.snapshot.services) {
        if (x.spec.type !== "LoadBalancer") continue;
        x.spec.externalTrafficPolicy = etp;
        x.spec.healthCheckNodePort = etp === "Local" ? 32100 : undefined;
      }
    });
    const p = prepareTrace(env);
    const lbIp = "172.16.10.20";
    const fsvc = env.snapshot.services.find((x) => x.metadata.name === "frontend")!;
    const fvip = vipOf(fsvc);
    const hostingFrontend = env.snapshot.pods.filter((x) => x.metadata.labels?.app === "frontend").map((x) => x.spec.nodeName!);
    const nodeWith = env.snapshot.nodes.find((n) => n.name === hostingFrontend[0])!;
    for (const plugin of plugins) {
      it(`${etp} / ${plugin}: VIP → the pod sees ${etp === "Cluster" ? "the node" : "the HAProxy VM"}; NodePort → the pod sees ${etp === "Cluster" ? "the node" : "the client"}; Ingress → the backend sees the controller pod`, () => {
        const vipTrace = trace(p, { from: "external", to: `${fvip}:80` }, { plugin });
        const kp = vipTrace.hops.find((h) => h.kind === "kubeProxy")!;
        const n1 = vipTrace.hops[2];
        expect(vipTrace.hops[1].after.src).toBe(`${lbIp}:49152`);
        expect(kp.after.src).toBe(etp === "Cluster" ? `${node(n1.name).ipAddress}:49152` : `${lbIp}:49152`);
        expect(kp.action).toBe(etp === "Cluster" ? "dnat+snat" : "dnat");
        const podHop = vipTrace.hops[vipTrace.hops.length - 1];
        expect(podHop.kind).toBe("pod");
        if (etp === "Local") {
          expect(kinds(vipTrace)).not.toContain("vxlan"); // no second hop
          expect(new Set(vipTrace.hops[1].candidates!.filter((c) => c.ready).map((c) => c.name))).toEqual(new Set(hostingFrontend));
        }
        // Calico enforces the demo's default-deny (the node / LB VM is no admitted peer); Flannel does not
        expect(vipTrace.verdict).toBe(plugin === "calico" ? "dropped" : "delivered");
        expect(podHop.policy).toMatchObject({ enforced: plugin === "calico", wouldBe: false });

        const np = trace(p, { from: "external", to: `${nodeWith.ipAddress}:${fsvc.spec.ports![0].nodePort}` }, { plugin });
        const npKp = np.hops.find((h) => h.kind === "kubeProxy")!;
        expect(npKp.after.src).toBe(etp === "Cluster" ? `${nodeWith.ipAddress}:49152` : "203.0.113.10:49152");
        expect(np.hops[np.hops.length - 1].policy!.from).toBe(etp === "Cluster" ? nodeWith.ipAddress : "203.0.113.10");

        const ing = trace(p, { from: "external", to: "shop.contoso.com/" }, { plugin });
        expect(ing.verdict).toBe("delivered"); // allow-web-from-ingress admits the controller pods
        const ctl = ing.hops.find((h) => h.kind === "ingressController")!;
        const last = ing.hops[ing.hops.length - 1];
        expect(last.before.src).toBe(ctl.after.src);
        expect(last.policy!.from).toMatch(/^ingress-nginx\//);
        expect(last.elementId).toMatch(/^pod:shop\/frontend-/);
      });
    }
  }

  it("hairpin: a pod reaching itself through its own Service is SNATed to the node", () => {
    const cat = podsOf("catalog")[0];
    const r = trace(plan, { from: key(cat), to: "catalog.shop:80" }, { endpoint: key(cat) });
    const kp = r.hops.find((h) => h.kind === "kubeProxy")!;
    expect(kp.action).toBe("dnat+snat");
    expect(kp.after.src).toBe(`${node(cat.spec.nodeName!).ipAddress}:49152`);
  });
});

describe("internalTrafficPolicy and session affinity", () => {
  it("internalTrafficPolicy Local: only endpoints on the source node; none there → dropped with noLocalEndpoint", () => {
    const env = variant((e) => {
      const api = e.snapshot.services.find((x) => x.metadata.name === "api")!;
      api.spec.internalTrafficPolicy = "Local";
      api.spec.sessionAffinity = "ClientIP";
    });
    const p = prepareTrace(env);
    const apiNodes = new Set(env.snapshot.pods.filter((x) => x.metadata.labels?.app === "api").map((x) => x.spec.nodeName));
    const fronts = env.snapshot.pods.filter((x) => x.metadata.labels?.app === "frontend");
    const near = fronts.find((x) => apiNodes.has(x.spec.nodeName))!;
    const far = fronts.find((x) => !apiNodes.has(x.spec.nodeName))!;
    const ok = trace(p, { from: key(near), to: "api.shop:8080" });
    expect(ok.verdict).toBe("delivered");
    const kp = ok.hops.find((h) => h.kind === "kubeProxy")!;
    expect(kp.sessionAffinity).toBe("ClientIP");
    expect(kp.note).toMatch(/ClientIP session affinity/);
    expect(kp.candidates!.filter((c) => !c.excluded).every((c) => c.node === near.spec.nodeName)).toBe(true);
    expect(kinds(ok)).not.toContain("vxlan");
    const bad = trace(p, { from: key(far), to: "api.shop:8080" });
    expect(bad.reason?.code).toBe("noLocalEndpoint");
    expect(bad.reason?.message).toMatch(/internalTrafficPolicy Local/);
  });
});

describe("Windows nodes", () => {
  it("HAProxy may forward to the Windows node (Cluster): kube-proxy there is the HNS load balancer, SNAT explained", () => {
    const r = trace(plan, { from: "external", to: `${vipOf(svc("shop", "frontend"))}:80` }, { via: "shopcalico-winpool-1", plugin: "flannel" });
    expect(r.hops[2].name).toBe("shopcalico-winpool-1");
    const kp = r.hops.find((h) => h.kind === "kubeProxy")!;
    expect(kp.note).toMatch(/HNS\/VFP/);
    expect(kp.note).toMatch(/source VIP/);
    const vx = r.hops.find((h) => h.kind === "vxlan")!;
    expect(vx.note).toMatch(/Windows interop/);
  });
});

describe("Calico's own policies (projectcalico.org/v3) decide traces on Calico clusters, as in the matrix", () => {
  const gnp = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "projectcalico.org/v3", kind: "GlobalNetworkPolicy", metadata: { name }, spec });
  const tier = { apiVersion: "projectcalico.org/v3", kind: "Tier", metadata: { name: "platform" }, spec: { order: 100 } };
  const withCalico = (...objects: object[]) => (base: () => TraceEnv) => () => {
    const env = base();
    env.snapshot.others = [...env.snapshot.others, ...(objects as TraceEnv["snapshot"]["others"])];
    return env;
  };
  const deny = withCalico(tier, gnp("platform.no-frontend-to-api", { tier: "platform", order: 1, selector: "app == 'api'", ingress: [{ action: "Deny", protocol: "TCP", source: { selector: "app == 'frontend'" } }, { action: "Pass" }] }));
  const fe = podsOf("frontend")[0];

  it("a Calico Deny drops the trace the Kubernetes policies allow, and the drop reason names the policy", () => {
    expect(trace(plan, { from: key(fe), to: "api.shop:8080" }).verdict).toBe("delivered"); // without it
    const p = prepareTrace(deny(demoCalico)());
    const r = trace(p, { from: key(fe), to: "api.shop:8080" });
    expect(r.verdict).toBe("dropped");
    expect(r.reason).toMatchObject({ code: "policyDenied", policies: ["platform.no-frontend-to-api"] });
    expect(r.reason!.message).toContain("denied by platform.no-frontend-to-api rule 1 (Deny) in tier platform");
    expect(r.hops[r.hops.length - 1].policy).toMatchObject({ enforced: true, allowed: false, deniedBy: ["ingress"] });
  });

  it("pod → pod traces agree with Calico's matrix cell for cell (the same evaluator, Pass handing on to the Kubernetes policies)", () => {
    const env = deny(demoCalico)();
    const p = prepareTrace(env);
    const model = new CalicoModel(env.snapshot);
    const pods = model.pods().filter((k) => !p.podsByKey.get(k)!.spec?.hostNetwork);
    const port = { port: 8080, protocol: "TCP" as const };
    let denied = 0;
    for (const a of pods)
      for (const b of pods) {
        const want = model.verdict(a, b, port).allowed;
        if (!want) denied++;
        expect(trace(p, { from: a, to: `${b}:8080` }).verdict === "delivered", `${a} → ${b}`).toBe(want);
      }
    expect(denied).toBeGreaterThan(0);
  });

  it("an address that is no pod matches the rules by nets: external → ingress VIP dropped at the pod (the HAProxy VM's address)", () => {
    const nets = withCalico(tier, gnp("platform.no-lb-to-ingress", { tier: "platform", order: 1, selector: "projectcalico.org/namespace == 'ingress-nginx'", ingress: [{ action: "Deny", source: { nets: ["172.16.10.20/32"] } }, { action: "Pass" }] }));
    const bySelector = withCalico(tier, gnp("platform.selector-only", { tier: "platform", order: 1, selector: "projectcalico.org/namespace == 'ingress-nginx'", ingress: [{ action: "Deny", source: { selector: "all()" } }, { action: "Pass" }] }));
    const vip = vipOf(svc("ingress-nginx", "ingress-nginx-controller"));
    expect(trace(plan, { from: "external", to: `${vip}:80` }).verdict).toBe("delivered");
    const r = trace(prepareTrace(nets(demoCalico)()), { from: "external", to: `${vip}:80` });
    expect(r.reason).toMatchObject({ code: "policyDenied", policies: ["platform.no-lb-to-ingress"] });
    // a selector never matches an address that is no pod: passed on, delivered as before
    expect(trace(prepareTrace(bySelector(demoCalico)()), { from: "external", to: `${vip}:80` }).verdict).toBe("delivered");
  });

  it("on Flannel nothing is enforced; the hop says Calico would deny", () => {
    const r = trace(prepareTrace(deny(demoFlannel)()), { from: key(podsOf("frontend", demoFlannel().snapshot)[0]), to: "api.shop:8080" });
    expect(r.verdict).toBe("delivered");
    expect(r.hops[r.hops.length - 1].policy).toMatchObject({ enforced: false, allowed: true, wouldBe: false, policies: ["platform.no-frontend-to-api"] });
  });
});
