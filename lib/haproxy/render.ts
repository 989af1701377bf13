/**
 * Render an {@link HaproxyModel} as an `haproxy.cfg` the way a support engineer would expect to find it on an
 * AKS hybrid HAProxy VM: `global`, `defaults` (mode tcp — the LB is layer 4, fact sheet §5.1), then one
 * `frontend frontend_<VIP>_<port>` / `backend backend_<VIP>_<port>` pair per VIP and port (naming per §3.4 / §5.2,
 * [3P HAPROXY-BLOG]).
 *
 * This is a model, not a copy of the file `lbagent` writes (its exact content is not public; §5.1 and §9 item 10):
 * global/defaults values are conventional HAProxy settings and configurable through {@link RenderOptions}.
 */
import { backendName, type HaproxyFrontend, type HaproxyModel, type HaproxyServer } from "./model";

export interface RenderOptions {
  /** `global` → `log` target. Default `/dev/log local0`. */
  log?: string;
  /** `global` → `maxconn`. Default 4096. */
  maxconn?: number;
  /** `defaults` timeouts (HAProxy time format). Defaults: connect 5s, client 1m, server 1m, check 5s. */
  timeouts?: { connect?: string; client?: string; server?: string; check?: string };
  /** Add the model's warnings as comments at the top. Default true. */
  warnings?: boolean;
}

const INDENT = "    ";

/** `addr:port` for `bind` / `server`; IPv6 addresses get HAProxy's `ipv6@` prefix so the last colon is the port. */
function socket(address: string, port: number): string {
  return address.includes(":") ? `ipv6@${address}:${port}` : `${address}:${port}`;
}

function serverLine(s: HaproxyServer): string {
  const check = s.check ? ` check port ${s.check.port}` : " check";
  if (!s.address) return `${INDENT}# server ${s.node} <no address: DHCP>:${s.port}${check}   # node address unknown, cannot be configured`;
  const note = s.healthy === false ? "   # no ready local endpoint now: fails /healthz, gets no traffic" : "";
  return `${INDENT}server ${s.node} ${socket(s.address, s.port)}${check}${note}`;
}

function describeFrontend(f: HaproxyFrontend, cluster: string): string[] {
  if (f.kind === "apiserver") {
    return [`# Kubernetes API server of workload cluster ${cluster}: ${f.vip}:${f.port} -> control-plane nodes :${f.port}`];
  }
  const [namespace, name] = (f.service ?? "/").split("/");
  const portName = f.servicePortName ? ` (port "${f.servicePortName}")` : "";
  const lines = [`# Service ${name} in namespace ${namespace}${portName}: ${f.vip}:${f.port}/${f.protocol}, externalTrafficPolicy: ${f.externalTrafficPolicy}`];
  if (f.externalTrafficPolicy === "Local") {
    lines.push("# Local: only nodes with a ready endpoint (client source IP preserved); other nodes fail /healthz and drop the traffic");
  } else {
    lines.push("# Cluster: every k8s node forwards the NodePort to an endpoint on any node (client IP SNATed to the node)");
  }
  return lines;
}

function renderPair(f: HaproxyFrontend, cluster: string): string[] {
  const backend = backendName(f.vip, f.port);
  const lines = [
    ...describeFrontend(f, cluster),
    `frontend ${f.name}`,
    `${INDENT}bind ${socket(f.vip, f.port)}`,
    `${INDENT}mode ${f.mode}`,
    `${INDENT}default_backend ${backend}`,
    "",
    `backend ${backend}`,
    `${INDENT}mode ${f.mode}`,
    `${INDENT}balance roundrobin`,
  ];
  const httpCheck = f.backends.find((s) => s.check);
  if (httpCheck?.check) {
    lines.push(`${INDENT}option httpchk GET ${httpCheck.check.path}`, `${INDENT}http-check expect status 200`);
  }
  if (f.backends.length === 0) lines.push(`${INDENT}# no servers: see the warnings at the top of this file`);
  lines.push(...f.backends.map(serverLine));
  return lines;
}

/**
 * The haproxy.cfg text for one cluster's model. Output is deterministic (same model → same text), ends with a
 * newline, and comments name each Service, its namespace and externalTrafficPolicy. With more than one HAProxy VM a
 * comment notes the active/passive keepalived VRRP setup (observed, UNCONFIRMED — fact sheet §5.1).
 */
export function renderHaproxyCfg(model: HaproxyModel, opts: RenderOptions = {}): string {
  const t = { connect: "5s", client: "1m", server: "1m", check: "5s", ...opts.timeouts };
  const lines: string[] = [
    `# haproxy.cfg of AKS hybrid workload cluster ${model.cluster} (modelled by hcinet from the cluster state;`,
    "# the real file is written by lbagent on each HAProxy VM)",
  ];
  if (model.loadBalancers.length > 0) {
    const vms = model.loadBalancers.map((lb) => `${lb.name} (${lb.ipAddress ?? "DHCP"})`).join(", ");
    lines.push(`# HAProxy VM${model.loadBalancers.length > 1 ? "s" : ""}: ${vms}`);
  }
  if (model.loadBalancers.length > 1) {
    lines.push(
      `# keepalived VRRP: ${model.loadBalancers.length} HAProxy VMs, one active and the others passive; the VIPs float to the`,
      "# active VM (gratuitous ARP on failover). Observed behaviour, UNCONFIRMED by Microsoft documentation.",
    );
  }
  if (opts.warnings !== false && model.warnings.length > 0) {
    lines.push("#", "# Warnings:", ...model.warnings.map((w) => `#   - ${w}`));
  }
  lines.push(
    "",
    "global",
    `${INDENT}log ${opts.log ?? "/dev/log local0"}`,
    `${INDENT}maxconn ${opts.maxconn ?? 4096}`,
    `${INDENT}user haproxy`,
    `${INDENT}group haproxy`,
    `${INDENT}daemon`,
    "",
    "defaults",
    `${INDENT}mode tcp`,
    `${INDENT}log global`,
    `${INDENT}option tcplog`,
    `${INDENT}option dontlognull`,
    `${INDENT}retries 3`,
    `${INDENT}timeout connect ${t.connect}`,
    `${INDENT}timeout client ${t.client}`,
    `${INDENT}timeout server ${t.server}`,
    `${INDENT}timeout check ${t.check}`,
  );
  for (const f of model.frontends) lines.push("", ...renderPair(f, model.cluster));
  return lines.join("\n") + "\n";
}
