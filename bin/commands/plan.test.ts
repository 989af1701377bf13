import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../cli";
import { run } from "./plan";

/** The documentation's worked example (fact sheet §3.5) as a PLAN.yaml. */
const WORKED_EXAMPLE = `# AKS hybrid IP planning example
managementCluster: true
clusters:
  - name: clustera
    controlPlaneNodeCount: 3
    loadBalancerCount: 1
    nodePools: [{name: linuxpool, count: 5, osType: Linux}]
    services:
      - {name: web1, type: LoadBalancer, ports: [443]}
      - {name: web2, type: LoadBalancer, ports: [443]}
      - {name: web3, type: LoadBalancer, ports: [443]}
      - {name: db, type: LoadBalancer, ports: [80]}
  - name: clusterb
    controlPlaneNodeCount: 1
    nodePools: [{name: linuxpool, count: 3, osType: Linux}]
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "hcinet-plan-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function planFile(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

async function runPlan(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), readFile: (p) => readFile(p, "utf8") };
  const code = await run(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("hcinet plan", () => {
  it("reproduces the worked example as JSON: node pool 27, VIP pool 5, total 32, /26", async () => {
    const r = await runPlan(["--file", await planFile("worked.yaml", WORKED_EXAMPLE), "--output", "json"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const plan = JSON.parse(r.out);
    expect(plan).toMatchObject({
      nodePool: { required: 27 },
      vipPool: { required: 5, recommended: 6 },
      total: 32,
      smallestPrefixLength: 26,
    });
    expect(plan.nodePool.lines.map((l: { count: number }) => l.count)).toEqual([3, 8, 6, 4, 6]);
    expect(plan.vipPool.lines.map((l: { label: string; count: number }) => [l.label, l.count])).toEqual([
      ["API servers (clustera, clusterb)", 2],
      ["Services of clustera (3 × port 443, 1 × port 80)", 3],
    ]);
  });

  it("prints an aligned table by default", async () => {
    const r = await runPlan(["-f", await planFile("table.yaml", WORKED_EXAMPLE)]);
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    const row = (label: string) => lines.find((l) => l.trimStart().startsWith(label))!;
    expect(row("AKS host: 1 CP + 2 update")).toMatch(/ 3$/);
    expect(row("total (node pool + VIP pool)")).toMatch(/ 32$/);
    expect(row("smallest subnet")).toMatch(/ \/26$/);
    // numbers right-aligned in one column
    const ends = ["AKS host", "required", "total", "smallest subnet"].map((l) => row(l).length);
    expect(new Set(ends).size).toBe(1);
    expect(r.out).toContain("clustera  VIP 1: web1:443, db:80");
    expect(r.out).toContain("Notes");
  });

  it("reports what is left on a network and exits 1 when the plan does not fit", async () => {
    const fits = await runPlan(["-f", await planFile("fits.yaml", `network: {ipAddressPrefix: 172.16.0.0/24}\n${WORKED_EXAMPLE}`), "-o", "json"]);
    expect(fits.code).toBe(0);
    expect(JSON.parse(fits.out).remaining).toMatchObject({ layout: "unsplit", subnet: { size: 253, used: 33, free: 220 }, fits: true });

    const tooSmall = await runPlan(["-f", await planFile("small.yaml", `network: {ipAddressPrefix: 172.16.0.0/27}\n${WORKED_EXAMPLE}`)]);
    expect(tooSmall.code).toBe(1);
    expect(tooSmall.out).toContain("DOES NOT FIT");
    expect(tooSmall.err).toBe("hcinet plan: the plan does not fit the network: subnet 4 address(es) short");
  });

  it("exits 2 with the field path for wrong field types", async () => {
    const file = await planFile("bad.yaml", "clusters:\n  - name: a\n    nodePools: [{name: p, count: -1}]\n    services: [{name: s, ports: [http]}]\n");
    const r = await runPlan(["--file", file]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toContain("clusters[0].nodePools[0].count: must be an integer from 0 to 64, got -1");
    expect(r.err).toContain("clusters[0].services[0].ports[0]: must be a port number from 1 to 65535, got a string");
  });

  it("refuses what the server refuses (issue 11): controlPlaneNodeCount 2, duplicate and hyphenated pool names, a prefix inside the service CIDR, unknown parameters", async () => {
    const file = await planFile(
      "issue11.yaml",
      [
        "network: {ipAddressPrefix: 10.96.0.0/24, cloudServiceCidr: 10.11.23.45/16}",
        "clusters:",
        "  - name: a",
        "    controlPlaneNodeCount: 2",
        "    nodePools: [{name: p, count: 1}, {name: p, count: 1}, {name: linux-pool, count: 1}]",
        "    linuxNodeCount: 1",
      ].join("\n") + "\n",
    );
    const r = await runPlan(["--file", file]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    for (const line of [
      "network.ipAddressPrefix: the ipAddressPrefix 10.96.0.0/24 overlaps the service CIDR 10.96.0.0/12",
      "network.cloudServiceCidr: cloudServiceCidr is not modelled",
      "clusters[0].controlPlaneNodeCount: must be 1, 3 or 5",
      'clusters[0].nodePools[1].name: node pool name "p" is used twice in this cluster',
      'clusters[0].nodePools[2].name: "linux-pool" contains a hyphen',
      'clusters[0].linuxNodeCount: unknown parameter "linuxNodeCount"',
    ]) expect(r.err).toContain(line);
  });

  it("exits 2 with the line number of a YAML syntax error", async () => {
    const r = await runPlan(["--file", await planFile("syntax.yaml", "clusters:\n  - name: a\n    nodePools: [{name: p, count: 1}\n")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/YAML syntax error at line 4, column 1: \S/);
    expect(r.err.match(/at line/g)).toHaveLength(1);
    const indent = await runPlan(["--file", await planFile("indent.yaml", "clusters:\n  - name: a\n   x: 1\n")]);
    expect(indent.err).toContain("YAML syntax error at line 3, column 1: ");
    expect(r.err).toContain("syntax.yaml");
  });

  it("exits 2 on an empty document, a missing file, bad options", async () => {
    const empty = await runPlan(["--file", await planFile("empty.yaml", "")]);
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('(document): must be a mapping with "clusters"');

    const missing = await runPlan(["--file", path.join(dir, "nope.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read .*nope\.yaml: .*ENOENT/);

    expect((await runPlan([])).err).toContain("--file is required");
    expect((await runPlan(["--file", "x", "--output", "xml"])).err).toContain('--output must be json or table, got "xml"');
    const unknown = await runPlan(["--fiel", "x"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("usage: hcinet plan");
  });

  it("prints usage for --help", async () => {
    const r = await runPlan(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("usage: hcinet plan --file PLAN.yaml");
  });
});
