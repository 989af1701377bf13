/**
 * Element ids shared by the topology graph and the traffic trace (one id per element, the same in both).
 * Edge ids: `<kind>:<sourceId>-><targetId>` (e.g. `endpoint:svc:shop/web->pod:shop/web-0`).
 */
export const netId = (networkName: string) => `net:${networkName}`;
export const lbId = (vmName: string) => `lb:${vmName}`;
/** a VIP (API server or LoadBalancer); a frontend port is `vip:<ip>:<port>` only as an edge/detail */
export const vipId = (ip: string) => `vip:${ip}`;
export const nodeId = (nodeName: string) => `node:${nodeName}`;
export const podId = (namespace: string, name: string) => `pod:${namespace}/${name}`;
export const svcId = (namespace: string, name: string) => `svc:${namespace}/${name}`;
export const ingId = (namespace: string, name: string) => `ing:${namespace}/${name}`;
/** the outside client */
export const CLIENT_ID = "ext:client";
/** an ExternalName target or an outside address */
export const extId = (hostOrIp: string) => `ext:${hostOrIp}`;
export const ownerId = (namespace: string, kind: string, name: string) => `owner:${namespace}/${kind}/${name}`;
export const edgeId = (kind: string, sourceId: string, targetId: string) => `${kind}:${sourceId}->${targetId}`;
