/**
 * Validation of Calico v3 objects as calicoctl's validator would reject them (calico-policy-facts.md §4, §7): selector
 * syntax, `global()` only in a rule's namespaceSelector, actions, protocols, numeric ports only with TCP/UDP/SCTP,
 * port ranges, CIDRs, `notNets: [0.0.0.0/0]`, types, tier defaultAction. Problems name the field path.
 */
import type { KubeObject } from "../../kube/types";
import type { FieldProblem } from "../../kube/validate";
import { parseCidr } from "../ip";
import { parseSelector, SelectorError, type SelectorNode } from "./selector";

const ACTIONS = ["Allow", "Deny", "Log", "Pass"];
const PROTOCOL_NAMES = ["TCP", "UDP", "ICMP", "ICMPV6", "SCTP", "UDPLITE"];
const PORT_PROTOCOLS = new Set(["TCP", "UDP", "SCTP", "6", "17", "132"]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function usesGlobal(n: SelectorNode): boolean {
  if (n.op === "global") return true;
  if (n.op === "not") return usesGlobal(n.arg);
  if (n.op === "and" || n.op === "or") return n.args.some(usesGlobal);
  return false;
}

export function validateCalicoObject(obj: KubeObject): FieldProblem[] {
  const out: FieldProblem[] = [];
  const add = (path: string, message: string) => out.push({ path, message });
  const selector = (path: string, value: unknown, allowGlobal = false) => {
    if (value === undefined) return;
    if (typeof value !== "string") return add(path, "must be a selector string, e.g. app == 'web'");
    try {
      const node = parseSelector(value);
      if (!allowGlobal && usesGlobal(node)) add(path, "global() is only valid in a rule's namespaceSelector");
    } catch (e) {
      add(path, e instanceof SelectorError ? e.message : String(e));
    }
  };
  const protocolOf = (path: string, v: unknown): string | undefined => {
    if (v === undefined) return undefined;
    if (typeof v === "number") {
      if (!Number.isInteger(v) || v < 1 || v > 255) add(path, "a protocol number must be 1-255");
      return String(v);
    }
    if (typeof v !== "string" || !(PROTOCOL_NAMES.includes(v.toUpperCase()) || /^\d+$/.test(v))) {
      add(path, `must be one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1-255`);
      return undefined;
    }
    return v.toUpperCase();
  };
  const ports = (path: string, v: unknown, protocol: string | undefined) => {
    if (v === undefined) return;
    if (!Array.isArray(v)) return add(path, "must be a list of ports");
    v.forEach((p, i) => {
      const at = `${path}[${i}]`;
      let numeric = false;
      if (typeof p === "number") {
        numeric = true;
        if (!Number.isInteger(p) || p < 0 || p > 65535) add(at, "port must be 0-65535");
      } else if (typeof p === "string") {
        const range = /^(\d+):(\d+)$/.exec(p);
        if (range) {
          numeric = true;
          if (Number(range[1]) > Number(range[2]) || Number(range[2]) > 65535) add(at, `invalid port range ${p}: start must be ≤ end ≤ 65535`);
        } else if (/^\d+$/.test(p)) numeric = true;
        else if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(p) || p.length > 15) add(at, `invalid port ${JSON.stringify(p)}: a number, a range "start:end" or a container port name`);
      } else add(at, "must be a number, a range or a port name");
      if (numeric && (protocol === undefined || !PORT_PROTOCOLS.has(protocol))) add(at, "numeric ports need protocol TCP, UDP or SCTP on the rule");
    });
  };
  const nets = (path: string, v: unknown, not: boolean) => {
    if (v === undefined) return;
    if (!Array.isArray(v)) return add(path, "must be a list of CIDRs");
    v.forEach((n, i) => {
      if (typeof n !== "string" || !parseCidr(n.includes("/") ? n : n.includes(":") ? `${n}/128` : `${n}/32`)) add(`${path}[${i}]`, `invalid CIDR ${JSON.stringify(n)}`);
      else if (not && (n === "0.0.0.0/0" || n === "::/0")) add(`${path}[${i}]`, `${n} in notNets would match nothing; rejected by Calico`);
    });
  };
  const entity = (path: string, e: unknown, protocol: string | undefined) => {
    if (e === undefined) return;
    if (!isObj(e)) return add(path, "must be an object");
    selector(`${path}.selector`, e.selector);
    selector(`${path}.notSelector`, e.notSelector);
    selector(`${path}.namespaceSelector`, e.namespaceSelector, true);
    if (e.serviceAccounts !== undefined) {
      if (!isObj(e.serviceAccounts)) add(`${path}.serviceAccounts`, "must be an object with names and/or selector");
      else selector(`${path}.serviceAccounts.selector`, e.serviceAccounts.selector);
    }
    nets(`${path}.nets`, e.nets, false);
    nets(`${path}.notNets`, e.notNets, true);
    ports(`${path}.ports`, e.ports, protocol);
    ports(`${path}.notPorts`, e.notPorts, protocol);
  };
  const spec = isObj(obj.spec) ? obj.spec : {};

  if (obj.kind === "Tier") {
    if (spec.order !== undefined && typeof spec.order !== "number") add("spec.order", "must be a number");
    if (spec.defaultAction !== undefined && spec.defaultAction !== "Deny" && spec.defaultAction !== "Pass") add("spec.defaultAction", "must be Deny or Pass");
    return out;
  }
  if (obj.kind !== "NetworkPolicy" && obj.kind !== "GlobalNetworkPolicy") return out;
  const global = obj.kind === "GlobalNetworkPolicy";
  if (spec.order !== undefined && typeof spec.order !== "number") add("spec.order", "must be a number");
  if (spec.tier !== undefined && (typeof spec.tier !== "string" || !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(spec.tier))) add("spec.tier", "must be a tier name");
  selector("spec.selector", spec.selector);
  if (spec.namespaceSelector !== undefined && !global) add("spec.namespaceSelector", "only a GlobalNetworkPolicy has spec.namespaceSelector");
  else selector("spec.namespaceSelector", spec.namespaceSelector);
  selector("spec.serviceAccountSelector", spec.serviceAccountSelector);
  if (spec.types !== undefined) {
    if (!Array.isArray(spec.types)) add("spec.types", "must be a list of Ingress and/or Egress");
    else spec.types.forEach((t, i) => t !== "Ingress" && t !== "Egress" && add(`spec.types[${i}]`, "must be Ingress or Egress"));
  }
  for (const dir of ["ingress", "egress"] as const) {
    const rules = spec[dir];
    if (rules === undefined) continue;
    if (!Array.isArray(rules)) {
      add(`spec.${dir}`, "must be a list of rules");
      continue;
    }
    rules.forEach((r, i) => {
      const at = `spec.${dir}[${i}]`;
      if (!isObj(r)) return add(at, "must be a rule object");
      if (typeof r.action !== "string" || !ACTIONS.includes(r.action)) add(`${at}.action`, "must be Allow, Deny, Log or Pass");
      const protocol = protocolOf(`${at}.protocol`, r.protocol);
      protocolOf(`${at}.notProtocol`, r.notProtocol);
      entity(`${at}.source`, r.source, protocol);
      entity(`${at}.destination`, r.destination, protocol);
    });
  }
  return out;
}
