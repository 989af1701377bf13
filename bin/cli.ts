/**
 * hcinet CLI dispatcher. Each command lives in bin/commands/<name>.ts and exports
 *   run(args: string[], io: CliIo): Promise<number>   (the exit code: 0 ok, 1 failure/denied, 2 bad input)
 * Commands call the same lib/ functions as the API.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readFile(path: string): Promise<string>;
}

export const nodeIo: CliIo = {
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : t + "\n"),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : t + "\n"),
  readFile: async (p) => (await import("node:fs/promises")).readFile(p === "-" ? "/dev/stdin" : p, "utf8"),
};

type Command = { summary: string; load: () => Promise<{ run(args: string[], io: CliIo): Promise<number> }> };

const commands: Record<string, Command> = {
  plan: { summary: "IP plan for planned clusters: hcinet plan --file PLAN.yaml [--output json|table]", load: () => import("./commands/plan") },
  reach: { summary: "NetworkPolicy reachability: hcinet reach --file CLUSTER.yaml --port 80/TCP [--output json|table]", load: () => import("./commands/reach") },
  apply: { summary: "Apply manifests to a cluster: hcinet apply --cluster NAME -f FILE [--server URL] [--dry-run]", load: () => import("./commands/apply") },
  get: { summary: "Show a cluster's objects: hcinet get --cluster NAME [-o yaml|json|wide] [KIND [NAME]]", load: () => import("./commands/get") },
  route: { summary: "Ingress routing: hcinet route --file CLUSTER.yaml --host HOST --path PATH [--output json|text]", load: () => import("./commands/route") },
  trace: { summary: "Hop-by-hop trace: hcinet trace --file CLUSTER.yaml --from SRC --to DST [--output json|text]", load: () => import("./commands/trace") },
  topology: { summary: "Topology graph (offline): hcinet topology --file CLUSTER.yaml [--output json|dot]", load: () => import("./commands/topology") },
  seed: { summary: "Load the demo data: hcinet seed [--if-empty]", load: () => import("./commands/seed") },
  backup: { summary: "Back up the database (safe while serving): hcinet backup --out FILE", load: () => import("./commands/backup") },
  restore: { summary: "Restore a backup into the database: hcinet restore --in FILE", load: () => import("./commands/restore") },
  bootstrap: { summary: "First admin (HCINET_ADMIN_PASSWORD) or a one-time setup link: hcinet bootstrap [--url URL]", load: () => import("./commands/bootstrap") },
};

function usage(): string {
  const lines = ["usage: hcinet <command> [options]", "", "commands:"];
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(8)} ${c.summary}`);
  return lines.join("\n");
}

export async function main(argv: string[], io: CliIo = nodeIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(usage());
    return name ? 0 : 2;
  }
  const cmd = commands[name];
  if (!cmd) {
    io.err(`hcinet: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  let mod;
  try {
    mod = await cmd.load();
  } catch (e) {
    io.err(`hcinet: command "${name}" failed to load: ${(e as Error).message}`);
    return 2;
  }
  return mod.run(rest, io);
}
