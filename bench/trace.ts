/**
 * Trace benchmark: `npm run bench:trace`.
 *
 * Goal (issue #9): a trace on a 10,000-pod cluster answers in ≤ 100 ms.
 *
 * The cluster is the policy benchmark's synthetic cluster (10,000 pods, 2,000 NetworkPolicies, deterministic) put on
 * 100 nodes, with one Service per deployment (ClusterIP; every tenth a LoadBalancer with a VIP and NodePort behind one
 * HAProxy VM). Figures:
 *  - cold: the first trace, building everything (indexes, HAProxy model, compiled policies) — what one API request
 *    pays on a fresh snapshot;
 *  - warm: traces on a prepared plan (`prepareTrace` once), median / p95 / max over mixed flows;
 *  - naive: the same traces rebuilding the indexes and compiling the policies per call (`trace(env, …)`), and the ratio.
 */
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { deriveEndpoints } from "../lib/kube/endpoints";
import type { Service, SnapshotNode } from "../lib/kube/types";
import { prepareTrace, trace, type TraceEnv, type TraceRequest } from "../lib/trace/trace";
import { syntheticCluster } from "./lib/synthetic-cluster";

const log = (t = "") => process.stdout.write(t + "\n");
const ms = (t: number) => `${t.toFixed(t < 10 ? 2 : 1)} ms`;

function build(pods: number): TraceEnv {
  const { snapshot, apps } = syntheticCluster({ pods, policies: Math.round(pods / 5), seed: 7 });
  const nodes: SnapshotNode[] = [];
  for (let i = 0; i < 100; i++) {
    nodes.push({ name: `node-${i}`, role: i < 3 ? "controlplane" : "worker", osType: "Linux", ipAddress: `172.16.${10 + (i >> 8)}.${(i % 250) + 2}`, podCidrs: [], labels: {} });
  }
  nodes.push({ name: "lb-1", role: "loadbalancer", osType: "Linux", ipAddress: "172.16.9.2", podCidrs: [], labels: {} });
  snapshot.nodes = nodes;
  snapshot.pods.forEach((p, i) => (p.spec.nodeName = nodes[3 + (i % 97)].name));
  const services: Service[] = [];
  let n = 0;
  for (const [ns, list] of apps) {
    for (const { app } of list) {
      const lb = n % 10 === 0;
      services.push({
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: app, namespace: ns },
        spec: {
          type: lb ? "LoadBalancer" : "ClusterIP",
          selector: { app },
          clusterIP: `10.96.${(n >> 8) & 255}.${(n & 255) || 1}`,
          ports: [{ name: "http", port: 80, targetPort: 8080, ...(lb ? { nodePort: 30000 + (n % 2700) } : {}) }],
        },
        ...(lb ? { status: { loadBalancer: { ingress: [{ ip: `172.16.250.${(n / 10) % 250}` }] } } } : {}),
      });
      n++;
    }
  }
  snapshot.services = services;
  snapshot.endpoints = deriveEndpoints(services, snapshot.pods);
  return { snapshot, loadBalancers: [{ name: "lb-1", ipAddress: "172.16.9.2" }], network: { name: "net", ipAddressPrefix: "172.16.0.0/16" } };
}

function requests(env: TraceEnv, count: number): TraceRequest[] {
  const s = env.snapshot;
  const out: TraceRequest[] = [];
  const lbs = s.services.filter((x) => x.spec.type === "LoadBalancer");
  for (let i = 0; out.length < count; i++) {
    const a = s.pods[(i * 7919) % s.pods.length];
    const b = s.pods[(i * 104729 + 13) % s.pods.length];
    const svc = s.services[(i * 31) % s.services.length];
    const from = `${a.metadata.namespace}/${a.metadata.name}`;
    switch (i % 4) {
      case 0:
        out.push({ from, to: `${b.metadata.namespace}/${b.metadata.name}:8080` });
        break;
      case 1:
        out.push({ from, to: `${svc.metadata.name}.${svc.metadata.namespace}:80` });
        break;
      case 2:
        out.push({ from: "external", to: `${lbs[i % lbs.length].status!.loadBalancer!.ingress![0].ip}:80` });
        break;
      default:
        out.push({ from, to: "172.16.40.9:22" });
    }
  }
  return out;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

log(`trace benchmark — ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)}`);
const t0 = performance.now();
const env = build(10_000);
log(`synthetic cluster: ${env.snapshot.pods.length} pods, ${env.snapshot.services.length} services, ${env.snapshot.networkPolicies.length} policies, ${env.snapshot.nodes.length} nodes (built in ${ms(performance.now() - t0)})`);
const reqs = requests(env, 200);

// cold: one request on a fresh snapshot
let start = performance.now();
const plan = prepareTrace(env);
const first = trace(plan, reqs[0]);
const cold = performance.now() - start;
log(`cold (indexes + HAProxy model + policy compile + first trace): ${ms(cold)}  [${first.flow}, ${first.verdict}, ${first.hops.length} hops]`);

// warm: prepared plan
const warm: number[] = [];
const verdicts = { delivered: 0, dropped: 0 };
for (const r of reqs) {
  start = performance.now();
  const res = trace(plan, r);
  warm.push(performance.now() - start);
  verdicts[res.verdict]++;
}
log(`warm (prepared plan), ${warm.length} mixed traces (${verdicts.delivered} delivered, ${verdicts.dropped} dropped): median ${ms(quantile(warm, 0.5))}, p95 ${ms(quantile(warm, 0.95))}, max ${ms(Math.max(...warm))}`);

// naive: rebuild per call (time-boxed sample)
const naive: number[] = [];
const budget = performance.now() + 15_000;
for (const r of reqs) {
  if (naive.length >= 20 || performance.now() > budget) break;
  start = performance.now();
  trace(env, r);
  naive.push(performance.now() - start);
}
const naiveMedian = quantile(naive, 0.5);
log(`naive (rebuild indexes and compile policies per call), ${naive.length} traces: median ${ms(naiveMedian)}`);
log("");
log(`| figure | goal | measured |`);
log(`|---|---|---|`);
log(`| one trace, 10,000 pods, prepared plan (median / p95 / max) | ≤ 100 ms | ${ms(quantile(warm, 0.5))} / ${ms(quantile(warm, 0.95))} / ${ms(Math.max(...warm))} ${Math.max(...warm) <= 100 ? "PASS" : "FAIL"} |`);
log(`| one trace, 10,000 pods, cold (fresh snapshot) | ≤ 100 ms | ${ms(cold)} ${cold <= 100 ? "PASS" : "over"} |`);
log(`| speed-up of the prepared plan over rebuilding per call | — | ${(naiveMedian / quantile(warm, 0.5)).toFixed(0)}× |`);
