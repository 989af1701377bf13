/**
 * Element ids shared by the topology graph and the packet trace (one vocabulary, so a trace can be drawn on the
 * topology). Formats (see the project's shared id list):
 * - `net:<networkName>` the AksHciClusterNetwork, `lb:<vmName>` an HAProxy VM, `vip:<ip>` a VIP,
 * - `node:<nodeName>` a control-plane or worker VM, `pod:<ns>/<name>`, `svc:<ns>/<name>`, `ing:<ns>/<name>`,
 * - `ext:client` the outside client, `ext:<hostname-or-ip>` an ExternalName target or outside address,
 * - `owner:<ns>/<kind>/<name>` an aggregated owner of pods.
 * A frontend port is `vip:<ip>:<port>` only inside edge ids and details, never an element.
 * Edge ids: `<kind>:<sourceId>-><targetId>`.
 */

export const networkId = (name: string) => `net:${name}`;
export const loadBalancerId = (vmName: string) => `lb:${vmName}`;
export const vipId = (ip: string) => `vip:${ip}`;
/** `vip:<ip>:<port>`: a VIP frontend port, only as an edge end or a detail. */
export const vipPortId = (ip: string, port: number) => `vip:${ip}:${port}`;
export const nodeId = (name: string) => `node:${name}`;
export const podId = (namespace: string, name: string) => `pod:${namespace}/${name}`;
export const serviceId = (namespace: string, name: string) => `svc:${namespace}/${name}`;
export const ingressId = (namespace: string, name: string) => `ing:${namespace}/${name}`;
export const EXTERNAL_CLIENT_ID = "ext:client";
export const externalId = (hostOrIp: string) => `ext:${hostOrIp}`;
export const ownerId = (namespace: string, kind: string, name: string) => `owner:${namespace}/${kind}/${name}`;
export const edgeId = (kind: string, source: string, target: string) => `${kind}:${source}->${target}`;

export type ElementPrefix = "net" | "lb" | "vip" | "node" | "pod" | "svc" | "ing" | "ext" | "owner";

/** The prefix of an element id (`pod` for `pod:shop/web-0`), or undefined for an id of no known kind. */
export function elementPrefix(id: string): ElementPrefix | undefined {
  const p = id.slice(0, id.indexOf(":"));
  return (["net", "lb", "vip", "node", "pod", "svc", "ing", "ext", "owner"] as const).find((k) => k === p);
}

/** `namespace/name` of a namespaced element id (`pod:shop/web-0` → {namespace: "shop", name: "web-0"}). */
export function parseNamespacedId(id: string): { namespace: string; name: string } | undefined {
  const rest = id.slice(id.indexOf(":") + 1);
  const slash = rest.indexOf("/");
  if (slash < 0) return undefined;
  return { namespace: rest.slice(0, slash), name: rest.slice(rest.lastIndexOf("/") + 1) };
}
