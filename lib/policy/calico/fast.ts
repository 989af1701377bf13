/**
 * Calico's tiered verdict for every pair of pods at once, by groups instead of pairs (the per-pair evaluator in
 * ./evaluate.ts stays the reference; a property test checks they agree cell for cell).
 *
 * A source's egress decision over all destinations depends only on which policies select it for egress and which of
 * their rules' `source` sides it matches; a destination's ingress decision over all sources only on which policies
 * select it for ingress, which rules' `destination` sides (with ports) it matches and, for the Kubernetes policies
 * among them, which of their ingress rules' ports it matches. Pods with the same signature share one decision
 * vector, computed once with bitset operations: tiers in order, policies in order, rules top to bottom, each rule
 * taking the still-undecided pods it matches (Allow / Deny final, Log no effect, Pass to the next tier), the tier's
 * default action taking the rest. A cell is allowed when the source's egress vector and the destination's ingress
 * vector both allow it (the diagonal always).
 */
import { setBit, testBit, transposeInto, wordCount } from "../bitset";
import type { PortSpec } from "../ports";
import { entityMatches, portEntryMatches, protocolNumber, type CalicoModel, type CompiledCalicoRule, type Endpoint, type Participant, type TierInfo } from "./evaluate";

type Dir = "Ingress" | "Egress";

/** What decided a denied cell's side: a policy (`policy`) or a tier's default action (`tier X (default action)`). */
export interface CalicoBitMatrix {
  pods: string[];
  words: number;
  /** row s (words × 32 bits) bit d: s may connect to d */
  rows: Uint32Array;
  /** distinct egress / ingress decision vectors computed (the groups) */
  groups: { egress: number; ingress: number };
}

export interface CalicoBlame {
  /** names blamed, by id (ids in the arrays below) */
  names: string[];
  /** for source s: per destination, -1 (allowed) or the id that denied s's egress */
  egress(s: number): Int32Array;
  /** for destination d: per source, -1 (allowed) or the id that denied d's ingress */
  ingress(d: number): Int32Array;
}

interface RuleBits {
  never: boolean;
  /** pods the rule's `source` side matches */
  src: Uint32Array;
  /** pods the rule's `destination` side (and ports) matches */
  dst: Uint32Array;
}

/** The fast evaluator of one model and one port. */
export class CalicoFastPort {
  readonly n: number;
  readonly words: number;
  readonly pods: string[];
  private readonly eps: Endpoint[];
  private readonly ruleBits = new Map<CompiledCalicoRule, RuleBits>();
  private readonly k8sEgressDest = new Map<string, Uint32Array>();
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  private readonly egressBySig = new Map<string, { allowed: Uint32Array; blame?: Int32Array }>();
  private readonly ingressBySig = new Map<string, { allowed: Uint32Array; blame?: Int32Array }>();
  private readonly egressSig: string[];
  private readonly ingressSig: string[];
  private readonly applying: { Egress: Participant[][]; Ingress: Participant[][] };

  constructor(
    private readonly model: CalicoModel,
    private readonly spec: PortSpec,
    private readonly withBlame = false,
  ) {
    this.pods = model.pods();
    this.n = this.pods.length;
    this.words = wordCount(this.n);
    this.eps = this.pods.map((k) => model.endpoints.get(k)!);
    this.applying = { Egress: [], Ingress: [] };
    this.egressSig = new Array(this.n);
    this.ingressSig = new Array(this.n);
    // per pod and direction: the participants that select it (in evaluation order), and its signature. A Kubernetes
    // policy's selected pods come from the engine's index (no per-pod test); a Calico policy tests every pod once.
    for (let i = 0; i < this.n; i++) {
      this.applying.Egress.push([]);
      this.applying.Ingress.push([]);
    }
    for (const p of model.participants) {
      const selected: number[] = [];
      if (p.object === undefined) selected.push(...(model.k8s.policy(p.key.slice(4))?.selected ?? []));
      else for (let i = 0; i < this.n; i++) if (p.selects(this.eps[i])) selected.push(i);
      for (const dir of ["Egress", "Ingress"] as const) if (p.types.includes(dir)) for (const i of selected) this.applying[dir][i].push(p);
    }
    for (let i = 0; i < this.n; i++) {
      this.egressSig[i] = this.signature("Egress", this.applying.Egress[i], i);
      this.ingressSig[i] = this.signature("Ingress", this.applying.Ingress[i], i);
    }
  }

  private bits(): Uint32Array {
    return new Uint32Array(this.words);
  }

  private rule(r: CompiledCalicoRule, p: Participant): RuleBits {
    let b = this.ruleBits.get(r);
    if (b) return b;
    const proto = protocolNumber(this.spec.protocol);
    const ruleProto = r.rule.protocol !== undefined ? protocolNumber(r.rule.protocol) : undefined;
    const never =
      (ruleProto !== undefined && ruleProto !== proto) ||
      (r.rule.notProtocol !== undefined && protocolNumber(r.rule.notProtocol) === proto) ||
      !!(r.source.raw.ports?.length || r.source.raw.notPorts?.length);
    const src = this.bits();
    const dst = this.bits();
    if (!never) {
      const d = r.destination.raw;
      for (let i = 0; i < this.n; i++) {
        const e = this.eps[i];
        if (entityMatches(r.source, e, p.namespace)) setBit(src, i);
        if (!entityMatches(r.destination, e, p.namespace)) continue;
        if (d.ports && d.ports.length && !d.ports.some((x) => portEntryMatches(x, this.spec, ruleProto, e))) continue;
        if (d.notPorts && d.notPorts.length && d.notPorts.some((x) => portEntryMatches(x, this.spec, ruleProto, e))) continue;
        setBit(dst, i);
      }
    }
    b = { never, src, dst };
    this.ruleBits.set(r, b);
    return b;
  }

  /** The signature of pod i for one direction: the participants, and the rules (or k8s rules' ports) it matches. */
  private signature(dir: Dir, parts: Participant[], i: number): string {
    if (parts.length === 0) return "";
    const out: string[] = [];
    const k8s = this.model.k8s;
    for (const p of parts) {
      out.push(p.key);
      const rules = dir === "Ingress" ? p.ingress : p.egress;
      if (rules === null) {
        if (dir === "Ingress") {
          const pol = k8s.policy(p.key.slice(4))!;
          out.push(pol.ingress.map((r) => (k8s.rulePortMatches(r, this.spec, i) ? "1" : "0")).join(""));
        }
        continue;
      }
      // egress of i: the rules whose source side i matches; ingress of i: the rules whose destination side i matches
      out.push(rules.map((r) => (testBit(dir === "Egress" ? this.rule(r, p).src : this.rule(r, p).dst, i) ? "1" : "0")).join(""));
    }
    return out.join("\u0000");
  }

  /** Destinations a Kubernetes policy's egress rules allow on this port (independent of the source it selects). */
  private k8sEgress(p: Participant): Uint32Array {
    let bits = this.k8sEgressDest.get(p.key);
    if (bits) return bits;
    const k8s = this.model.k8s;
    const pol = k8s.policy(p.key.slice(4))!;
    bits = this.bits();
    for (const r of pol.egress) {
      const peers = k8s.rulePeerPods(r, pol);
      for (let d = 0; d < this.n; d++) if (testBit(peers, d) && k8s.rulePortMatches(r, this.spec, d)) setBit(bits, d);
    }
    this.k8sEgressDest.set(p.key, bits);
    return bits;
  }

  /** Sources a Kubernetes policy's ingress rules admit to destination d on this port. */
  private k8sIngress(p: Participant, d: number): Uint32Array {
    const k8s = this.model.k8s;
    const pol = k8s.policy(p.key.slice(4))!;
    const bits = this.bits();
    for (const r of pol.ingress) {
      if (!k8s.rulePortMatches(r, this.spec, d)) continue;
      const peers = k8s.rulePeerPods(r, pol);
      for (let w = 0; w < this.words; w++) bits[w] |= peers[w];
    }
    return bits;
  }

  private nameId(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.nameIds.set(name, id);
    }
    return id;
  }

  /**
   * One pod's decision over all peers in one direction: `subject` is the source (Egress) or the destination
   * (Ingress); the vector is over destinations (Egress) or sources (Ingress).
   */
  private decide(dir: Dir, subject: number): { allowed: Uint32Array; blame?: Int32Array } {
    const memo = dir === "Egress" ? this.egressBySig : this.ingressBySig;
    const sig = (dir === "Egress" ? this.egressSig : this.ingressSig)[subject];
    const hit = memo.get(sig);
    if (hit) return hit;
    const W = this.words;
    const parts = this.applying[dir][subject];
    const allowed = this.bits();
    const blame = this.withBlame ? new Int32Array(this.n).fill(-1) : undefined;
    const mark = (m: Uint32Array, id: number) => {
      if (!blame) return;
      for (let w = 0; w < W; w++) {
        let x = m[w];
        while (x) {
          const b = 31 - Math.clz32(x & -x);
          blame[(w << 5) + b] = id;
          x &= x - 1;
        }
      }
    };
    let undecided = this.bits();
    for (let w = 0; w < W; w++) undecided[w] = 0xffffffff;
    const m = this.bits();
    for (const tier of this.model.tiers as TierInfo[]) {
      const inTier = parts.filter((p) => p.tier === tier.name);
      if (inTier.length === 0) continue;
      const pending = undecided.slice();
      const passed = this.bits();
      for (const p of inTier) {
        const rules = dir === "Ingress" ? p.ingress : p.egress;
        if (rules === null) {
          const ok = dir === "Egress" ? this.k8sEgress(p) : this.k8sIngress(p, subject);
          for (let w = 0; w < W; w++) {
            allowed[w] |= pending[w] & ok[w];
            pending[w] &= ~ok[w];
          }
          continue;
        }
        for (const r of rules) {
          const rb = this.rule(r, p);
          if (rb.never) continue;
          if (!testBit(dir === "Egress" ? rb.src : rb.dst, subject)) continue;
          const peers = dir === "Egress" ? rb.dst : rb.src;
          const action = r.rule.action;
          if (action === "Log") continue;
          for (let w = 0; w < W; w++) m[w] = pending[w] & peers[w];
          for (let w = 0; w < W; w++) pending[w] &= ~m[w];
          if (action === "Allow") for (let w = 0; w < W; w++) allowed[w] |= m[w];
          else if (action === "Pass") for (let w = 0; w < W; w++) passed[w] |= m[w];
          else mark(m, this.nameId(p.key));
        }
      }
      if (tier.defaultAction === "Pass") for (let w = 0; w < W; w++) passed[w] |= pending[w];
      else mark(pending, this.nameId(`tier ${tier.name} (default action)`));
      undecided = passed;
    }
    for (let w = 0; w < W; w++) allowed[w] |= undecided[w];
    const out = { allowed, ...(blame ? { blame } : {}) };
    memo.set(sig, out);
    return out;
  }

  /** The whole matrix of this port. */
  matrix(): CalicoBitMatrix {
    const { n, words } = this;
    const incomingByDest = new Uint32Array(n * words);
    for (let d = 0; d < n; d++) incomingByDest.set(this.decide("Ingress", d).allowed, d * words);
    const incoming = new Uint32Array(n * words); // row s bit d: d's ingress admits s
    transposeInto(incomingByDest, incoming, n, words);
    const rows = new Uint32Array(n * words);
    for (let s = 0; s < n; s++) {
      const eg = this.decide("Egress", s).allowed;
      const base = s * words;
      for (let w = 0; w < words; w++) rows[base + w] = eg[w] & incoming[base + w];
      rows[base + (s >>> 5)] |= 1 << (s & 31);
    }
    const last = n & 31;
    if (last) for (let s = 0; s < n; s++) rows[s * words + words - 1] &= (1 << last) - 1 || 0xffffffff;
    return { pods: this.pods, words, rows, groups: { egress: this.egressBySig.size, ingress: this.ingressBySig.size } };
  }

  /** What denied each side (only with `withBlame`). */
  blame(): CalicoBlame {
    if (!this.withBlame) throw new Error("constructed without blame");
    return {
      names: this.names,
      egress: (s) => this.decide("Egress", s).blame!,
      ingress: (d) => this.decide("Ingress", d).blame!,
    };
  }
}

/** Calico's matrix of one port, by groups. */
export function calicoBitMatrix(model: CalicoModel, spec: PortSpec): CalicoBitMatrix {
  return new CalicoFastPort(model, spec).matrix();
}
