/**
 * Kubernetes API-server validation for the kinds hcinet models, reduced to what `kubectl apply` would reject
 * (pkg/apis/core/validation, pkg/apis/apps/validation, pkg/apis/networking/validation, pkg/apis/discovery/validation).
 *
 * Problems are reported as `{ path, message }` with Kubernetes field paths (`spec.ports[1].nodePort`) and messages in
 * the API server's vocabulary ("Required value", "Unsupported value", "Duplicate value", "Forbidden").
 * Kinds (or API groups) hcinet does not model are not errors.
 */
import { validateFamilyFields } from "./ipfamilies";
import { validateCalicoObject } from "../policy/calico/validate";
import { CALICO_API_VERSION } from "../policy/calico/types";
import { effectiveNamespace } from "./kinds";
import { joinPath, type ManifestDocument, type ManifestProblem } from "./manifest";
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  ianaSvcNameErrors,
  labelValueErrors,
  qualifiedNameErrors,
  rfc1035LabelErrors,
  wildcardDns1123SubdomainErrors,
} from "./names";
import { cidrContains, lastAddress, networkAddress, parseCidr, parseIp, sameIp, type IpAddress } from "./ip";
import { isIpAddress } from "./ip";
import ipaddr from "ipaddr.js";
import type { KubeObject } from "./types";

/** Cluster settings that change what is valid. */
export interface ValidationContext {
  /** `--service-node-port-range` of the API server; default 30000–32767. */
  nodePortRange?: { min: number; max: number };
  /** `--service-cluster-ip-range`; default 10.96.0.0/12 (AKS hybrid). */
  serviceCidr?: string;
  /** the IPv6 service range of a dual-stack cluster (an IPv6 `clusterIP` is checked against it) */
  serviceCidrV6?: string;
}

export interface FieldProblem {
  path: string;
  message: string;
}

export const DEFAULT_NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;
export const DEFAULT_SERVICE_CIDR = "10.96.0.0/12";

const PROTOCOLS = ["TCP", "UDP", "SCTP"];
const SERVICE_TYPES = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
const PATH_TYPES = ["Exact", "Prefix", "ImplementationSpecific"];
const SELECTOR_OPERATORS = ["In", "NotIn", "Exists", "DoesNotExist"];

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const isSet = (v: unknown) => v !== undefined && v !== null;
const quote = (v: unknown) => JSON.stringify(v);
const supported = (values: string[]) => values.map((v) => quote(v)).join(", ");

/** Collects problems under a base path. */
class Problems {
  readonly list: FieldProblem[] = [];
  add(path: string, message: string) {
    this.list.push({ path, message });
  }
  required(path: string) {
    this.add(path, "Required value");
  }
  unsupported(path: string, value: unknown, values: string[]) {
    this.add(path, `Unsupported value: ${quote(value)}: supported values: ${supported(values)}`);
  }
  duplicate(path: string, value: unknown) {
    this.add(path, `Duplicate value: ${quote(value)}`);
  }
  forbidden(path: string, message: string) {
    this.add(path, `Forbidden: ${message}`);
  }
  invalid(path: string, value: unknown, message: string) {
    this.add(path, `Invalid value: ${quote(value)}: ${message}`);
  }
  /** Report name-rule errors (from names.ts) for `value`. */
  name(path: string, value: unknown, check: (v: string) => string[]) {
    if (typeof value !== "string") {
      this.add(path, "must be a string");
      return;
    }
    const errs = check(value);
    if (errs.length > 0) this.invalid(path, value, errs.join("; "));
  }
}

const p = (base: string, ...segs: (string | number)[]) => segs.reduce<string>((acc, s) => joinPath(acc, s), base);

function arrayAt(probs: Problems, path: string, v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    probs.add(path, "must be a list");
    return [];
  }
  return v;
}

function objAt(probs: Problems, path: string, v: unknown): Obj | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) {
    probs.add(path, "must be a mapping");
    return undefined;
  }
  return v;
}

/** A port number field: an integer 1–65535. */
function validatePortNumber(probs: Problems, path: string, v: unknown) {
  if (!isInt(v)) probs.add(path, typeof v === "string" ? `must be an integer, not the string ${quote(v)}` : "must be an integer");
  else if (v < 1 || v > 65535) probs.invalid(path, v, "must be between 1 and 65535, inclusive");
}

function validateProtocol(probs: Problems, path: string, v: unknown) {
  if (isSet(v) && !PROTOCOLS.includes(v as string)) probs.unsupported(path, v, PROTOCOLS);
}

/** A port given by number or IANA_SVC_NAME (targetPort, NetworkPolicy port, container port references). */
function validateIntOrName(probs: Problems, path: string, v: unknown, allowZero = false) {
  if (isInt(v)) {
    if (allowZero && v === 0) return;
    if (v < 1 || v > 65535) probs.invalid(path, v, "must be between 1 and 65535, inclusive");
  } else if (typeof v === "string") {
    const errs = ianaSvcNameErrors(v);
    if (errs.length > 0) probs.invalid(path, v, errs.join("; "));
  } else {
    probs.add(path, "must be a port number or an IANA_SVC_NAME");
  }
}

/** Label map (metadata.labels, Service selector, nodeSelector): qualified-name keys, label-syntax values. */
function validateLabels(probs: Problems, path: string, labels: unknown) {
  const m = objAt(probs, path, labels);
  if (!m) return;
  for (const [k, v] of Object.entries(m)) {
    const kp = p(path, k);
    const keyErrs = qualifiedNameErrors(k);
    if (keyErrs.length > 0) probs.invalid(kp, k, keyErrs.join("; "));
    if (typeof v !== "string") probs.add(kp, "must be a string");
    else {
      const valErrs = labelValueErrors(v);
      if (valErrs.length > 0) probs.invalid(kp, v, valErrs.join("; "));
    }
  }
}

/** metav1.LabelSelector validation (`ValidateLabelSelector`). */
export function validateLabelSelector(probs: Problems, path: string, selector: unknown) {
  const sel = objAt(probs, path, selector);
  if (!sel) return;
  validateLabels(probs, p(path, "matchLabels"), sel.matchLabels);
  arrayAt(probs, p(path, "matchExpressions"), sel.matchExpressions).forEach((raw, i) => {
    const rp = p(path, "matchExpressions", i);
    const req = objAt(probs, rp, raw);
    if (!req) return;
    if (!isSet(req.key) || req.key === "") probs.required(p(rp, "key"));
    else probs.name(p(rp, "key"), req.key, qualifiedNameErrors);
    const values = arrayAt(probs, p(rp, "values"), req.values);
    if (!isSet(req.operator)) probs.required(p(rp, "operator"));
    else if (!SELECTOR_OPERATORS.includes(req.operator as string)) probs.unsupported(p(rp, "operator"), req.operator, SELECTOR_OPERATORS);
    else if ((req.operator === "In" || req.operator === "NotIn") && values.length === 0)
      probs.required(p(rp, "values"));
    else if ((req.operator === "Exists" || req.operator === "DoesNotExist") && values.length > 0)
      probs.forbidden(p(rp, "values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    values.forEach((v, j) => probs.name(p(rp, "values", j), v, labelValueErrors));
  });
}

function selectorIsEmpty(sel: Obj): boolean {
  return (
    (!isObj(sel.matchLabels) || Object.keys(sel.matchLabels).length === 0) &&
    (!Array.isArray(sel.matchExpressions) || sel.matchExpressions.length === 0)
  );
}

/** ObjectMeta: name rule per kind, namespace, labels, annotation keys. */
function validateMeta(probs: Problems, obj: KubeObject, nameRule: (v: string) => string[], namespaced: boolean) {
  const meta = obj.metadata as Obj;
  probs.name("metadata.name", meta.name, nameRule);
  if (namespaced && isSet(meta.namespace) && meta.namespace !== "") probs.name("metadata.namespace", meta.namespace, dns1123LabelErrors);
  if (!namespaced && isSet(meta.namespace) && meta.namespace !== "")
    probs.forbidden("metadata.namespace", "not allowed on this type");
  validateLabels(probs, "metadata.labels", meta.labels);
  const ann = objAt(probs, "metadata.annotations", meta.annotations);
  for (const k of Object.keys(ann ?? {})) {
    const errs = qualifiedNameErrors(k.toLowerCase());
    if (errs.length > 0) probs.invalid(p("metadata.annotations", k), k, errs.join("; "));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Pods

const RESTART_POLICIES = ["Always", "OnFailure", "Never"];
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

function validateContainers(
  probs: Problems,
  path: string,
  list: unknown[],
  names: Set<string>,
  hostNetwork: boolean,
) {
  list.forEach((raw, i) => {
    const cp = p(path, i);
    const c = objAt(probs, cp, raw);
    if (!c) return;
    if (!isSet(c.name) || c.name === "") probs.required(p(cp, "name"));
    else {
      probs.name(p(cp, "name"), c.name, dns1123LabelErrors);
      if (names.has(c.name as string)) probs.duplicate(p(cp, "name"), c.name);
      names.add(c.name as string);
    }
    if (!isSet(c.image) || c.image === "") probs.required(p(cp, "image"));
    const portNames = new Set<string>();
    arrayAt(probs, p(cp, "ports"), c.ports).forEach((rawPort, j) => {
      const pp = p(cp, "ports", j);
      const port = objAt(probs, pp, rawPort);
      if (!port) return;
      if (isSet(port.name) && port.name !== "") {
        probs.name(p(pp, "name"), port.name, ianaSvcNameErrors);
        if (portNames.has(port.name as string)) probs.duplicate(p(pp, "name"), port.name);
        portNames.add(port.name as string);
      }
      if (!isSet(port.containerPort)) probs.required(p(pp, "containerPort"));
      else validatePortNumber(probs, p(pp, "containerPort"), port.containerPort);
      if (isSet(port.hostPort) && port.hostPort !== 0) {
        validatePortNumber(probs, p(pp, "hostPort"), port.hostPort);
        if (hostNetwork && isInt(port.hostPort) && port.hostPort !== port.containerPort)
          probs.invalid(p(pp, "hostPort"), port.hostPort, "must match `containerPort` when `hostNetwork` is true");
      }
      if (isSet(port.hostIP) && !isIpAddress(port.hostIP)) probs.invalid(p(pp, "hostIP"), port.hostIP, "must be a valid IP address");
      validateProtocol(probs, p(pp, "protocol"), port.protocol);
    });
  });
}

/** Validate a PodSpec at `path` (`spec` for a Pod, `spec.template.spec` for workloads). */
function validatePodSpec(probs: Problems, path: string, rawSpec: unknown, opts: { workload: boolean }) {
  if (!isSet(rawSpec)) {
    probs.required(path);
    return;
  }
  const spec = objAt(probs, path, rawSpec);
  if (!spec) return;
  const hostNetwork = spec.hostNetwork === true;
  const names = new Set<string>();
  const containers = arrayAt(probs, p(path, "containers"), spec.containers);
  if (containers.length === 0) probs.required(p(path, "containers"));
  validateContainers(probs, p(path, "initContainers"), arrayAt(probs, p(path, "initContainers"), spec.initContainers), names, hostNetwork);
  validateContainers(probs, p(path, "containers"), containers, names, hostNetwork);
  validateLabels(probs, p(path, "nodeSelector"), spec.nodeSelector);
  if (isSet(spec.restartPolicy)) {
    if (opts.workload && spec.restartPolicy !== "Always") probs.unsupported(p(path, "restartPolicy"), spec.restartPolicy, ["Always"]);
    else if (!RESTART_POLICIES.includes(spec.restartPolicy as string))
      probs.unsupported(p(path, "restartPolicy"), spec.restartPolicy, RESTART_POLICIES);
  }
  if (isSet(spec.dnsPolicy) && !DNS_POLICIES.includes(spec.dnsPolicy as string))
    probs.unsupported(p(path, "dnsPolicy"), spec.dnsPolicy, DNS_POLICIES);
  if (isSet(spec.nodeName) && spec.nodeName !== "") probs.name(p(path, "nodeName"), spec.nodeName, dns1123SubdomainErrors);
  if (isSet(spec.hostname) && spec.hostname !== "") probs.name(p(path, "hostname"), spec.hostname, dns1123LabelErrors);
  if (isSet(spec.subdomain) && spec.subdomain !== "") probs.name(p(path, "subdomain"), spec.subdomain, dns1123LabelErrors);
}

function validatePod(probs: Problems, obj: KubeObject) {
  validateMeta(probs, obj, dns1123SubdomainErrors, true);
  validatePodSpec(probs, "spec", obj.spec, { workload: false });
}

// ---------------------------------------------------------------------------------------------------------------
// Workloads (apps/v1)

function validateWorkload(probs: Problems, obj: KubeObject) {
  validateMeta(probs, obj, dns1123SubdomainErrors, true);
  const spec = objAt(probs, "spec", obj.spec);
  if (!spec) {
    probs.required("spec");
    return;
  }
  if (obj.kind !== "DaemonSet" && isSet(spec.replicas)) {
    if (!isInt(spec.replicas)) probs.add("spec.replicas", "must be an integer");
    else if (spec.replicas < 0) probs.invalid("spec.replicas", spec.replicas, "must be greater than or equal to 0");
  }
  const template = objAt(probs, "spec.template", spec.template);
  const templateLabels = isObj(template?.metadata) ? (template!.metadata as Obj).labels : undefined;
  if (!isSet(spec.selector)) probs.required("spec.selector");
  else {
    validateLabelSelector(probs, "spec.selector", spec.selector);
    if (isObj(spec.selector) && selectorIsEmpty(spec.selector))
      probs.invalid("spec.selector", spec.selector, `empty selector is invalid for ${obj.kind.toLowerCase()}`);
    else if (isObj(spec.selector) && template && !selectorMatchesLabels(spec.selector, templateLabels))
      probs.invalid("spec.template.metadata.labels", templateLabels ?? {}, "`selector` does not match template `labels`");
  }
  if (!template) {
    probs.required("spec.template");
    return;
  }
  if (isObj(template.metadata)) validateLabels(probs, "spec.template.metadata.labels", template.metadata.labels);
  validatePodSpec(probs, "spec.template.spec", template.spec, { workload: true });
  if (obj.kind === "StatefulSet" && isSet(spec.serviceName) && spec.serviceName !== "")
    probs.name("spec.serviceName", spec.serviceName, rfc1035LabelErrors);
}

function selectorMatchesLabels(selector: Obj, labels: unknown): boolean {
  const l = isObj(labels) ? (labels as Record<string, string>) : {};
  for (const [k, v] of Object.entries(isObj(selector.matchLabels) ? selector.matchLabels : {})) if (l[k] !== v) return false;
  for (const req of Array.isArray(selector.matchExpressions) ? (selector.matchExpressions as Obj[]) : []) {
    const has = Object.prototype.hasOwnProperty.call(l, req.key as string);
    const values = Array.isArray(req.values) ? req.values : [];
    const v = l[req.key as string];
    const ok =
      req.operator === "In" ? has && values.includes(v)
      : req.operator === "NotIn" ? !has || !values.includes(v)
      : req.operator === "Exists" ? has
      : req.operator === "DoesNotExist" ? !has
      : false;
    if (!ok) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Services

function validateService(probs: Problems, obj: KubeObject, ctx: ValidationContext) {
  validateMeta(probs, obj, rfc1035LabelErrors, true);
  const spec = objAt(probs, "spec", obj.spec) ?? {};
  const type = (spec.type ?? "ClusterIP") as string;
  if (!SERVICE_TYPES.includes(type)) {
    probs.unsupported("spec.type", spec.type, SERVICE_TYPES);
    return;
  }
  const range = ctx.nodePortRange ?? DEFAULT_NODE_PORT_RANGE;
  const headless = spec.clusterIP === "None";
  const hasSelector = isObj(spec.selector) && Object.keys(spec.selector).length > 0;
  const ports = arrayAt(probs, "spec.ports", spec.ports);
  const externallyAccessible =
    type === "NodePort" || type === "LoadBalancer" || (type === "ClusterIP" && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);

  if (type === "ExternalName") {
    if (!isSet(spec.externalName) || spec.externalName === "") probs.required("spec.externalName");
    else if (typeof spec.externalName !== "string") probs.add("spec.externalName", "must be a string");
    else {
      const name = spec.externalName.replace(/\.$/, "");
      const errs = dns1123SubdomainErrors(name);
      if (errs.length > 0) probs.invalid("spec.externalName", spec.externalName, errs.join("; "));
    }
    if (isSet(spec.clusterIP) && spec.clusterIP !== "") probs.forbidden("spec.clusterIP", "may not be set for ExternalName services");
  } else if (ports.length === 0 && !headless) {
    probs.required("spec.ports");
  }

  if (headless && (type === "NodePort" || type === "LoadBalancer"))
    probs.invalid("spec.clusterIP", "None", `may not be set to 'None' for ${type} services`);

  const names = new Set<string>();
  const portProto = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((raw, i) => {
    const pp = p("spec.ports", i);
    const port = objAt(probs, pp, raw);
    if (!port) return;
    if (ports.length > 1 && (!isSet(port.name) || port.name === "")) probs.required(p(pp, "name"));
    else if (isSet(port.name) && port.name !== "") {
      probs.name(p(pp, "name"), port.name, dns1123LabelErrors);
      if (names.has(port.name as string)) probs.duplicate(p(pp, "name"), port.name);
      names.add(port.name as string);
    }
    if (!isSet(port.port)) probs.required(p(pp, "port"));
    else validatePortNumber(probs, p(pp, "port"), port.port);
    validateProtocol(probs, p(pp, "protocol"), port.protocol);
    const key = `${port.port}/${port.protocol ?? "TCP"}`;
    if (portProto.has(key)) probs.duplicate(pp, { port: port.port, protocol: port.protocol ?? "TCP" });
    portProto.add(key);
    if (isSet(port.targetPort)) {
      validateIntOrName(probs, p(pp, "targetPort"), port.targetPort, true);
      if (headless && !hasSelector && port.targetPort !== 0 && port.targetPort !== port.port)
        probs.invalid(p(pp, "targetPort"), port.targetPort, "must be equal to `port` for a headless service without a selector");
    }
    if (isSet(port.nodePort) && port.nodePort !== 0) {
      if (type !== "NodePort" && type !== "LoadBalancer") {
        probs.forbidden(p(pp, "nodePort"), `may not be used when \`type\` is '${type}'`);
      } else if (!isInt(port.nodePort)) {
        probs.add(p(pp, "nodePort"), "must be an integer");
      } else if (port.nodePort < range.min || port.nodePort > range.max) {
        probs.add(p(pp, "nodePort"), `must be in ${range.min}-${range.max}`);
      } else {
        const npKey = `${port.nodePort}/${port.protocol ?? "TCP"}`;
        if (nodePorts.has(npKey)) probs.duplicate(p(pp, "nodePort"), port.nodePort);
        nodePorts.add(npKey);
      }
    }
    if (isSet(port.appProtocol) && port.appProtocol !== "") probs.name(p(pp, "appProtocol"), port.appProtocol, qualifiedNameErrors);
  });

  if (type !== "ExternalName" && isSet(spec.clusterIP) && spec.clusterIP !== "" && !headless) {
    validateClusterIp(probs, "spec.clusterIP", spec.clusterIP, ctx);
  }
  arrayAt(probs, "spec.clusterIPs", spec.clusterIPs).forEach((ip, i) => {
    if (i === 0 && isSet(spec.clusterIP) && spec.clusterIP !== "" && ip !== spec.clusterIP)
      probs.invalid("spec.clusterIPs[0]", ip, "must match `clusterIP`");
    else if (i > 0 && ip !== "None") validateClusterIp(probs, p("spec.clusterIPs", i), ip, { ...ctx, serviceCidr: undefined }, true);
  });

  // ipFamilies / ipFamilyPolicy / clusterIPs stand-alone rules (ValidateServiceClusterIPsRelatedFields, lib/kube/ipfamilies)
  const familyFields = { type, clusterIP: spec.clusterIP as string | undefined, clusterIPs: Array.isArray(spec.clusterIPs) ? (spec.clusterIPs as string[]) : undefined, ipFamilies: spec.ipFamilies, ipFamilyPolicy: spec.ipFamilyPolicy };
  for (const fp of validateFamilyFields(familyFields)) if (!fp.message.includes("must be a valid IP address")) probs.add(fp.path, fp.message);

  if (hasSelector) validateLabels(probs, "spec.selector", spec.selector);

  if (isSet(spec.externalTrafficPolicy) && spec.externalTrafficPolicy !== "") {
    if (!externallyAccessible)
      probs.invalid("spec.externalTrafficPolicy", spec.externalTrafficPolicy, "may only be set for externally-accessible services");
    else if (!["Cluster", "Local"].includes(spec.externalTrafficPolicy as string))
      probs.unsupported("spec.externalTrafficPolicy", spec.externalTrafficPolicy, ["Cluster", "Local"]);
  }
  if (isSet(spec.internalTrafficPolicy) && !["Cluster", "Local"].includes(spec.internalTrafficPolicy as string))
    probs.unsupported("spec.internalTrafficPolicy", spec.internalTrafficPolicy, ["Cluster", "Local"]);
  if (isSet(spec.sessionAffinity) && !["None", "ClientIP"].includes(spec.sessionAffinity as string))
    probs.unsupported("spec.sessionAffinity", spec.sessionAffinity, ["None", "ClientIP"]);
  // kube-apiserver: 0 < sessionAffinityConfig.clientIP.timeoutSeconds <= 86400 (MaxClientIPServiceAffinitySeconds, one day)
  const timeout = (spec.sessionAffinityConfig as { clientIP?: { timeoutSeconds?: unknown } } | undefined)?.clientIP?.timeoutSeconds;
  if (isSet(timeout)) {
    const tp = "spec.sessionAffinityConfig.clientIP.timeoutSeconds";
    if (spec.sessionAffinity !== "ClientIP") probs.invalid(tp, timeout, "must not be set when `sessionAffinity` is None");
    else if (!isInt(timeout)) probs.add(tp, "must be an integer");
    else if ((timeout as number) <= 0 || (timeout as number) > 86400) probs.invalid(tp, timeout, "must be greater than 0 and less than 86400");
  }
  if (isSet(spec.healthCheckNodePort) && spec.healthCheckNodePort !== 0) {
    if (type !== "LoadBalancer" || spec.externalTrafficPolicy !== "Local")
      probs.invalid("spec.healthCheckNodePort", spec.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'");
    else validatePortNumber(probs, "spec.healthCheckNodePort", spec.healthCheckNodePort);
  }
  if (isSet(spec.allocateLoadBalancerNodePorts) && type !== "LoadBalancer")
    probs.forbidden("spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'");
  arrayAt(probs, "spec.externalIPs", spec.externalIPs).forEach((ip, i) => {
    if (!isIpAddress(ip)) probs.invalid(p("spec.externalIPs", i), ip, "must be a valid IP address");
  });
  if (isSet(spec.loadBalancerIP) && spec.loadBalancerIP !== "") {
    if (type !== "LoadBalancer") probs.forbidden("spec.loadBalancerIP", "may only be used when `type` is 'LoadBalancer'");
    else if (!isIpAddress(spec.loadBalancerIP)) probs.invalid("spec.loadBalancerIP", spec.loadBalancerIP, "must be a valid IP address");
  }
  arrayAt(probs, "spec.loadBalancerSourceRanges", spec.loadBalancerSourceRanges).forEach((r, i) => {
    if (!parseCidr(r)) probs.invalid(p("spec.loadBalancerSourceRanges", i), r, "must be a valid CIDR");
  });
}

/** A manually chosen ClusterIP must lie inside the service CIDR and not be its network or broadcast address. */
function validateClusterIp(probs: Problems, path: string, value: unknown, ctx: ValidationContext, anyFamily = false) {
  const ip = parseIp(value);
  if (!ip) {
    probs.invalid(path, value, "must be a valid IP address or 'None'");
    return;
  }
  if (anyFamily) return;
  // an IPv6 clusterIP (dual-stack Services, lib/kube/ipfamilies) belongs to the IPv6 service range; without one the
  // allocation refuses it ("IPv6 is not configured on this cluster")
  if (ip.kind() === "ipv6" && !ctx.serviceCidrV6) return;
  const cidr = parseCidr(ip.kind() === "ipv6" ? ctx.serviceCidrV6 : (ctx.serviceCidr ?? DEFAULT_SERVICE_CIDR));
  if (!cidr) return;
  const cidrText = `${networkAddress(cidr).toString()}/${cidr[1]}`;
  if (!cidrContains(cidr, ip)) probs.invalid(path, value, `must be inside the service CIDR ${cidrText}`);
  else if (sameIp(ip, networkAddress(cidr)) || (ip.kind() === "ipv4" && sameIp(ip, lastAddress(cidr))))
    probs.invalid(path, value, `must not be the network or broadcast address of the service CIDR ${cidrText}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Endpoints / EndpointSlice

/** Endpoint IPs may not be loopback, link-local or link-local multicast (`ValidateNonSpecialIP` / endpoints rules). */
function endpointIpErrors(ip: IpAddress): string | undefined {
  const range = ip.range();
  if (range === "loopback") return "may not be in the loopback range (127.0.0.0/8, ::1/128)";
  if (range === "linkLocal") return "may not be in the link-local range (169.254.0.0/16, fe80::/10)";
  if (range === "unspecified") return "may not be unspecified (0.0.0.0, ::)";
  if (ip.kind() === "ipv4" && ip.match(ipaddr.parseCIDR("224.0.0.0/24") as [ipaddr.IPv4, number]))
    return "may not be in the link-local multicast range (224.0.0.0/24)";
  if (ip.kind() === "ipv6" && ip.match(ipaddr.parseCIDR("ff02::/16") as [ipaddr.IPv6, number]))
    return "may not be in the link-local multicast range (ff02::/16)";
  return undefined;
}

function validateEndpointIp(probs: Problems, path: string, value: unknown, family?: "ipv4" | "ipv6") {
  const ip = parseIp(value);
  if (!ip) {
    probs.invalid(path, value, "must be a valid IP address");
    return;
  }
  if (family && ip.kind() !== family) {
    probs.invalid(path, value, `must be an ${family === "ipv4" ? "IPv4" : "IPv6"} address`);
    return;
  }
  const err = endpointIpErrors(ip);
  if (err) probs.invalid(path, value, err);
}

function validateEndpointPorts(probs: Problems, path: string, list: unknown[], allowNilPort: boolean) {
  const names = new Set<string>();
  list.forEach((raw, i) => {
    const pp = p(path, i);
    const port = objAt(probs, pp, raw);
    if (!port) return;
    if (list.length > 1 && !allowNilPort && (!isSet(port.name) || port.name === "")) probs.required(p(pp, "name"));
    if (isSet(port.name) && port.name !== "") {
      probs.name(p(pp, "name"), port.name, dns1123LabelErrors);
      if (names.has(port.name as string)) probs.duplicate(p(pp, "name"), port.name);
      names.add(port.name as string);
    }
    if (!isSet(port.port)) {
      if (!allowNilPort) probs.required(p(pp, "port"));
    } else validatePortNumber(probs, p(pp, "port"), port.port);
    validateProtocol(probs, p(pp, "protocol"), port.protocol);
  });
}

function validateEndpoints(probs: Problems, obj: KubeObject) {
  validateMeta(probs, obj, dns1123SubdomainErrors, true);
  arrayAt(probs, "subsets", (obj as Obj).subsets).forEach((raw, i) => {
    const sp = p("subsets", i);
    const subset = objAt(probs, sp, raw);
    if (!subset) return;
    for (const field of ["addresses", "notReadyAddresses"]) {
      arrayAt(probs, p(sp, field), subset[field]).forEach((rawAddr, j) => {
        const ap = p(sp, field, j);
        const addr = objAt(probs, ap, rawAddr);
        if (!addr) return;
        if (!isSet(addr.ip)) probs.required(p(ap, "ip"));
        else validateEndpointIp(probs, p(ap, "ip"), addr.ip);
        if (isSet(addr.nodeName) && addr.nodeName !== "") probs.name(p(ap, "nodeName"), addr.nodeName, dns1123SubdomainErrors);
      });
    }
    validateEndpointPorts(probs, p(sp, "ports"), arrayAt(probs, p(sp, "ports"), subset.ports), false);
  });
}

const ADDRESS_TYPES = ["IPv4", "IPv6", "FQDN"];

function validateEndpointSlice(probs: Problems, obj: KubeObject) {
  validateMeta(probs, obj, dns1123SubdomainErrors, true);
  const o = obj as Obj;
  const addressType = o.addressType;
  if (!isSet(addressType)) probs.required("addressType");
  else if (!ADDRESS_TYPES.includes(addressType as string)) probs.unsupported("addressType", addressType, ADDRESS_TYPES);
  arrayAt(probs, "endpoints", o.endpoints).forEach((raw, i) => {
    const ep = p("endpoints", i);
    const endpoint = objAt(probs, ep, raw);
    if (!endpoint) return;
    const addresses = arrayAt(probs, p(ep, "addresses"), endpoint.addresses);
    if (addresses.length === 0) probs.required(p(ep, "addresses"));
    else if (addresses.length > 100) probs.add(p(ep, "addresses"), "Too many: must have at most 100 items");
    addresses.forEach((a, j) => {
      const ap = p(ep, "addresses", j);
      if (addressType === "IPv4") validateEndpointIp(probs, ap, a, "ipv4");
      else if (addressType === "IPv6") validateEndpointIp(probs, ap, a, "ipv6");
      else if (addressType === "FQDN") probs.name(ap, a, dns1123SubdomainErrors);
    });
    if (isSet(endpoint.nodeName) && endpoint.nodeName !== "") probs.name(p(ep, "nodeName"), endpoint.nodeName, dns1123SubdomainErrors);
    if (isSet(endpoint.hostname) && endpoint.hostname !== "") probs.name(p(ep, "hostname"), endpoint.hostname, dns1123LabelErrors);
  });
  validateEndpointPorts(probs, "ports", arrayAt(probs, "ports", o.ports), true);
}

// ---------------------------------------------------------------------------------------------------------------
// Ingress / IngressClass (networking.k8s.io/v1)

const INVALID_PATH_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];
const INVALID_PATH_SUFFIXES = ["/..", "/."];

function validateIngressHost(probs: Problems, path: string, host: unknown) {
  if (typeof host !== "string") {
    probs.add(path, "must be a string");
    return;
  }
  if (isIpAddress(host)) {
    probs.invalid(path, host, "must be a DNS name, not an IP address");
    return;
  }
  const errs = host.includes("*") ? wildcardDns1123SubdomainErrors(host) : dns1123SubdomainErrors(host);
  if (errs.length > 0) probs.invalid(path, host, errs.join("; "));
}

function validateIngressBackend(probs: Problems, path: string, raw: unknown) {
  const backend = objAt(probs, path, raw);
  if (!backend) {
    if (!isSet(raw)) probs.required(path);
    return;
  }
  const hasService = isSet(backend.service);
  const hasResource = isSet(backend.resource);
  if (hasService && hasResource) {
    probs.invalid(path, backend, "cannot set both service and resource backends");
    return;
  }
  if (!hasService && !hasResource) {
    probs.invalid(path, backend, "one backend (`service` or `resource`) must be specified");
    return;
  }
  if (hasResource) {
    const res = objAt(probs, p(path, "resource"), backend.resource);
    if (!res) return;
    if (!isSet(res.kind) || res.kind === "") probs.required(p(path, "resource", "kind"));
    if (!isSet(res.name) || res.name === "") probs.required(p(path, "resource", "name"));
    if (isSet(res.apiGroup) && res.apiGroup !== "") probs.name(p(path, "resource", "apiGroup"), res.apiGroup, dns1123SubdomainErrors);
    return;
  }
  const sp = p(path, "service");
  const svc = objAt(probs, sp, backend.service);
  if (!svc) return;
  if (!isSet(svc.name) || svc.name === "") probs.required(p(sp, "name"));
  else probs.name(p(sp, "name"), svc.name, rfc1035LabelErrors);
  const port = objAt(probs, p(sp, "port"), svc.port);
  if (!port) {
    probs.required(p(sp, "port"));
    return;
  }
  const hasName = isSet(port.name) && port.name !== "";
  const hasNumber = isSet(port.number) && port.number !== 0;
  if (hasName && hasNumber) probs.invalid(p(sp, "port"), port, "cannot set both port name & port number");
  else if (!hasName && !hasNumber) probs.invalid(p(sp, "port"), port, "port name or number is required");
  else if (hasName) probs.name(p(sp, "port", "name"), port.name, ianaSvcNameErrors);
  else validatePortNumber(probs, p(sp, "port", "number"), port.number);
}

function validateIngress(probs: Problems, obj: KubeObject) {
  validateMeta(probs, obj, dns1123SubdomainErrors, true);
  const spec = objAt(probs, "spec", obj.spec) ?? {};
  const rules = arrayAt(probs, "spec.rules", spec.rules);
  if (isSet(spec.defaultBackend)) validateIngressBackend(probs, "spec.defaultBackend", spec.defaultBackend);
  else if (rules.length === 0) probs.invalid("spec", spec, "either `defaultBackend` or `rules` must be specified");
  if (isSet(spec.ingressClassName) && spec.ingressClassName !== "")
    probs.name("spec.ingressClassName", spec.ingressClassName, dns1123SubdomainErrors);
  rules.forEach((raw, i) => {
    const rp = p("spec.rules", i);
    const rule = objAt(probs, rp, raw);
    if (!rule) return;
    if (isSet(rule.host) && rule.host !== "") validateIngressHost(probs, p(rp, "host"), rule.host);
    if (!isSet(rule.http)) return;
    const http = objAt(probs, p(rp, "http"), rule.http);
    if (!http) return;
    const paths = arrayAt(probs, p(rp, "http", "paths"), http.paths);
    if (paths.length === 0) probs.required(p(rp, "http", "paths"));
    paths.forEach((rawPath, j) => {
      const pp = p(rp, "http", "paths", j);
      const hp = objAt(probs, pp, rawPath);
      if (!hp) return;
      const pathValue = hp.path ?? "";
      if (!isSet(hp.pathType)) probs.required(p(pp, "pathType"));
      else if (!PATH_TYPES.includes(hp.pathType as string)) probs.unsupported(p(pp, "pathType"), hp.pathType, PATH_TYPES);
      if (typeof pathValue !== "string") probs.add(p(pp, "path"), "must be a string");
      else if (hp.pathType === "Exact" || hp.pathType === "Prefix") {
        if (!pathValue.startsWith("/")) probs.invalid(p(pp, "path"), pathValue, "must be an absolute path");
        else {
          for (const seq of INVALID_PATH_SEQUENCES)
            if (pathValue.includes(seq)) probs.invalid(p(pp, "path"), pathValue, `must not contain '${seq}'`);
          for (const suffix of INVALID_PATH_SUFFIXES)
            if (pathValue.endsWith(suffix)) probs.invalid(p(pp, "path"), pathValue, `cannot end with '${suffix}'`);
        }
      } else if (pathValue !== "" && !pathValue.startsWith("/")) {
        probs.invalid(p(pp, "path"), pathValue, "must be an absolute path");
      }
      validateIngressBackend(probs, p(pp, "backend"), hp.backend);
    });
  });
  arrayAt(probs, "spec.tls", spec.tls).forEach((raw, i) => {
    const tp = p("spec.tls", i);
    const tls = objAt(probs, tp, raw);
    if (!tls) return;
    arrayAt(probs, p(tp, "hosts"), tls.hosts).forEach((h, j) => validateIngressHost(probs, p(tp, "hosts", j), h));
    if (isSet(tls.secretName) && tls.secretName !== "") probs.name(p(tp, "secretName"), tls.secretName, dns1123SubdomainErrors);
  });
}

const DOMAIN_PREFIXED_PATH_RE = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/;

function validateIngressClass(probs: Problems, obj: KubeObject) {
  validateMeta(probs, obj, dns1123SubdomainErrors, false);
  const spec = objAt(probs, "spec", obj.spec) ?? {};
  const controller = spec.controller;
  if (!isSet(controller) || controller === "") probs.required("spec.controller");
  else if (typeof controller !== "string") probs.add("spec.controller", "must be a string");
  else {
    const slash = controller.indexOf("/");
    if (controller.length > 250) probs.add("spec.controller", "Too long: must have at most 250 bytes");
    if (slash < 0) probs.invalid("spec.controller", controller, "must be a domain-prefixed path (such as \"acme.io/foo\")");
    else {
      const domain = controller.slice(0, slash);
      const rest = controller.slice(slash + 1);
      const errs = dns1123SubdomainErrors(domain);
      if (errs.length > 0) probs.invalid("spec.controller", controller, `domain prefix: ${errs.join("; ")}`);
      if (rest === "") probs.invalid("spec.controller", controller, "must be a domain-prefixed path (such as \"acme.io/foo\")");
      else if (!DOMAIN_PREFIXED_PATH_RE.test(rest)) probs.invalid("spec.controller", controller, "path part contains invalid characters");
    }
  }
  const params = objAt(probs, "spec.parameters", spec.parameters);
  if (params) {
    if (!isSet(params.kind) || params.kind === "") probs.required("spec.parameters.kind");
    if (!isSet(params.name) || params.name === "") probs.required("spec.parameters.name");
    const scope = params.scope ?? "Cluster";
    if (!["Cluster", "Namespace"].includes(scope as string)) probs.unsupported("spec.parameters.scope", scope, ["Cluster", "Namespace"]);
    else if (scope === "Namespace" && (!isSet(params.namespace) || params.namespace === ""))
      probs.required("spec.parameters.namespace");
    else if (scope === "Cluster" && isSet(params.namespace) && params.namespace !== "")
      probs.forbidden("spec.parameters.namespace", "`parameters.scope` is set to 'Cluster'");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// NetworkPolicy (networking.k8s.io/v1)

function validateNetworkPolicyPort(probs: Problems, path: string, raw: unknown) {
  const port = objAt(probs, path, raw);
  if (!port) return;
  validateProtocol(probs, p(path, "protocol"), port.protocol);
  if (isSet(port.port)) validateIntOrName(probs, p(path, "port"), port.port);
  if (isSet(port.endPort)) {
    if (!isSet(port.port)) probs.required(p(path, "port"));
    else if (!isInt(port.port)) probs.forbidden(p(path, "endPort"), "may not be specified when `port` is non-numeric");
    else if (!isInt(port.endPort)) probs.add(p(path, "endPort"), "must be an integer");
    else if (port.endPort < port.port) probs.invalid(p(path, "endPort"), port.endPort, "must be greater than or equal to `port`");
    else validatePortNumber(probs, p(path, "endPort"), port.endPort);
  }
}

function validateIpBlock(probs: Problems, path: string, raw: unknown) {
  const block = objAt(probs, path, raw);
  if (!block) return;
  if (!isSet(block.cidr) || block.cidr === "") {
    probs.required(p(path, "cidr"));
    return;
  }
  const cidr = parseCidr(block.cidr);
  if (!cidr) {
    probs.invalid(p(path, "cidr"), block.cidr, "must be a valid CIDR (e.g. 10.0.0.0/16)");
    return;
  }
  arrayAt(probs, p(path, "except"), block.except).forEach((e, i) => {
    const ep = p(path, "except", i);
    const except = parseCidr(e);
    if (!except) probs.invalid(ep, e, "must be a valid CIDR (e.g. 10.0.0.0/24)");
    else if (except[0].kind() !== cidr[0].kind() || !cidrContains(cidr, networkAddress(except)) || cidr[1] >= except[1])
      probs.invalid(ep, e, "must be a strict subset of `cidr`");
  });
}

function validatePeer(probs: Problems, path: string, raw: unknown) {
  const peer = objAt(probs, path, raw);
  if (!peer) return;
  const hasPod = isSet(peer.podSelector);
  const hasNs = isSet(peer.namespaceSelector);
  const hasIp = isSet(peer.ipBlock);
  if (!hasPod && !hasNs && !hasIp) {
    probs.required(path);
    return;
  }
  if (hasIp && (hasPod || hasNs)) probs.forbidden(path, "may not specify both `ipBlock` and another peer");
  if (hasPod) validateLabelSelector(probs, p(path, "podSelector"), peer.podSelector);
  if (hasNs) validateLabelSelector(probs, p(path, "namespaceSelector"), peer.namespaceSelector);
  if (hasIp) validateIpBlock(probs, p(path, "ipBlock"), peer.ipBlock);
}

function validateNetworkPolicy(probs: Problems, obj: KubeObject) {
  validateMeta(probs, obj, dns1123SubdomainErrors, true);
  if (!isSet(obj.spec)) {
    probs.required("spec.podSelector");
    return;
  }
  const spec = objAt(probs, "spec", obj.spec);
  if (!spec) return;
  if (!isSet(spec.podSelector)) probs.required("spec.podSelector");
  else validateLabelSelector(probs, "spec.podSelector", spec.podSelector);
  const types = arrayAt(probs, "spec.policyTypes", spec.policyTypes);
  if (types.length > 2) probs.add("spec.policyTypes", "Too many: must have at most 2 items");
  const seen = new Set<unknown>();
  types.forEach((t, i) => {
    if (t !== "Ingress" && t !== "Egress") probs.unsupported(p("spec.policyTypes", i), t, ["Ingress", "Egress"]);
    else if (seen.has(t)) probs.duplicate(p("spec.policyTypes", i), t);
    seen.add(t);
  });
  for (const [dir, peersField] of [
    ["ingress", "from"],
    ["egress", "to"],
  ] as const) {
    arrayAt(probs, p("spec", dir), spec[dir]).forEach((raw, i) => {
      const rp = p("spec", dir, i);
      const rule = objAt(probs, rp, raw);
      if (!rule) return;
      arrayAt(probs, p(rp, "ports"), rule.ports).forEach((port, j) => validateNetworkPolicyPort(probs, p(rp, "ports", j), port));
      arrayAt(probs, p(rp, peersField), rule[peersField]).forEach((peer, j) => validatePeer(probs, p(rp, peersField, j), peer));
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Dispatch

type Validator = (probs: Problems, obj: KubeObject, ctx: ValidationContext) => void;

interface KindRule {
  group: string;
  /** served versions */
  versions: string[];
  /** versions that existed but are no longer served */
  removed?: string[];
  validate: Validator;
}

const RULES: Record<string, KindRule[]> = {
  Namespace: [{ group: "", versions: ["v1"], validate: (pr, o) => validateMeta(pr, o, dns1123LabelErrors, false) }],
  Pod: [{ group: "", versions: ["v1"], validate: validatePod }],
  Service: [{ group: "", versions: ["v1"], validate: validateService }],
  Endpoints: [{ group: "", versions: ["v1"], validate: validateEndpoints }],
  EndpointSlice: [{ group: "discovery.k8s.io", versions: ["v1"], removed: ["v1beta1"], validate: validateEndpointSlice }],
  Deployment: [
    { group: "apps", versions: ["v1"], removed: ["v1beta1", "v1beta2"], validate: validateWorkload },
    { group: "extensions", versions: [], removed: ["v1beta1"], validate: validateWorkload },
  ],
  ReplicaSet: [
    { group: "apps", versions: ["v1"], removed: ["v1beta2"], validate: validateWorkload },
    { group: "extensions", versions: [], removed: ["v1beta1"], validate: validateWorkload },
  ],
  StatefulSet: [{ group: "apps", versions: ["v1"], removed: ["v1beta1", "v1beta2"], validate: validateWorkload }],
  DaemonSet: [
    { group: "apps", versions: ["v1"], removed: ["v1beta2"], validate: validateWorkload },
    { group: "extensions", versions: [], removed: ["v1beta1"], validate: validateWorkload },
  ],
  Ingress: [
    { group: "networking.k8s.io", versions: ["v1"], removed: ["v1beta1"], validate: validateIngress },
    { group: "extensions", versions: [], removed: ["v1beta1"], validate: validateIngress },
  ],
  IngressClass: [{ group: "networking.k8s.io", versions: ["v1"], removed: ["v1beta1"], validate: validateIngressClass }],
  NetworkPolicy: [
    { group: "networking.k8s.io", versions: ["v1"], validate: validateNetworkPolicy },
    { group: "extensions", versions: [], removed: ["v1beta1"], validate: validateNetworkPolicy },
  ],
};

function splitApiVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf("/");
  return slash < 0 ? ["", apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

/**
 * Validate one object as the API server would. Returns field problems (empty when valid). Kinds — or API groups of
 * a known kind, like Calico's `projectcalico.org/v3` NetworkPolicy — that hcinet does not model are not checked.
 * Known kinds at API versions no longer served (`extensions/v1beta1` Ingress, …) are reported on `apiVersion`.
 */
export function validateObject(obj: KubeObject, ctx: ValidationContext = {}): FieldProblem[] {
  if (obj.apiVersion === CALICO_API_VERSION) return validateCalicoObject(obj);
  const rules = RULES[obj.kind];
  if (!rules) return [];
  const [group, version] = splitApiVersion(String(obj.apiVersion));
  const rule = rules.find((r) => r.group === group);
  if (!rule) return [];
  const probs = new Problems();
  if (!rule.versions.includes(version)) {
    const current = rules[0];
    const want = `${current.group ? `${current.group}/` : ""}${current.versions[0]}`;
    if (rule.removed?.includes(version)) probs.add("apiVersion", `${obj.apiVersion} ${obj.kind} is no longer served; use ${want}`);
    else probs.add("apiVersion", `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"; use ${want}`);
    return probs.list;
  }
  rule.validate(probs, obj, ctx);
  return probs.list;
}

/**
 * Validate parsed manifest documents: each object with {@link validateObject}, plus checks across objects that the
 * API server's allocators would reject: two Services claiming the same `nodePort` (per protocol) or the same
 * `clusterIP`, and the same object defined twice.
 */
export function validateDocuments(docs: ManifestDocument[], ctx: ValidationContext = {}): ManifestProblem[] {
  const v = documentValidator(ctx);
  for (const doc of docs) v.add(doc);
  return v.problems;
}

/**
 * {@link validateDocuments} one document at a time (the same checks, duplicates across the documents added so far
 * included), so a caller can hand the event loop back between documents of a very large apply.
 */
export function documentValidator(ctx: ValidationContext = {}): { add(doc: ManifestDocument): void; readonly problems: ManifestProblem[] } {
  const out: ManifestProblem[] = [];
  const identity = (obj: KubeObject) => ({
    kind: obj.kind,
    name: obj.metadata.name,
    ...(effectiveNamespace(obj) ? { namespace: effectiveNamespace(obj) } : {}),
  });
  const push = (doc: ManifestDocument, problem: FieldProblem) =>
    out.push({ document: doc.index, line: doc.lineOf(problem.path), path: problem.path, message: problem.message, ...identity(doc.object) });

  const nodePorts = new Map<string, ManifestDocument>();
  const clusterIps = new Map<string, ManifestDocument>();
  const seen = new Map<string, ManifestDocument>();
  const add = (doc: ManifestDocument): void => {
    const obj = doc.object;
    for (const problem of validateObject(obj, ctx)) push(doc, problem);

    const [group] = splitApiVersion(String(obj.apiVersion));
    const key = `${group}/${obj.kind}/${effectiveNamespace(obj) ?? ""}/${obj.metadata.name}`;
    const first = seen.get(key);
    if (first) push(doc, { path: "metadata.name", message: `Duplicate value: ${quote(obj.metadata.name)}: already defined in document ${first.index} (line ${first.line})` });
    else seen.set(key, doc);

    if (obj.kind !== "Service" || group !== "" || first) return;
    const spec = (isObj(obj.spec) ? obj.spec : {}) as Obj;
    if (typeof spec.clusterIP === "string" && isIpAddress(spec.clusterIP)) {
      const other = clusterIps.get(spec.clusterIP);
      if (other) push(doc, { path: "spec.clusterIP", message: `Invalid value: ${quote(spec.clusterIP)}: provided IP is already allocated to Service ${effectiveNamespace(other.object)}/${other.object.metadata.name}` });
      else clusterIps.set(spec.clusterIP, doc);
    }
    if (spec.type !== "NodePort" && spec.type !== "LoadBalancer") return;
    (Array.isArray(spec.ports) ? spec.ports : []).forEach((raw, i) => {
      if (!isObj(raw) || !isInt(raw.nodePort) || raw.nodePort === 0) return;
      const npKey = `${raw.nodePort}/${raw.protocol ?? "TCP"}`;
      const other = nodePorts.get(npKey);
      if (other && other !== doc)
        push(doc, { path: `spec.ports[${i}].nodePort`, message: `Invalid value: ${raw.nodePort}: provided port is already allocated to Service ${effectiveNamespace(other.object)}/${other.object.metadata.name}` });
      else nodePorts.set(npKey, doc);
    });
  };
  return { add, problems: out };
}
