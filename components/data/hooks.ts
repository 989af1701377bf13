"use client";
/** Every React Query hook of the app, in one place: query keys, fetchers and cache invalidation live here. */
import { keepPreviousData, useMutation, useQuery as useQueryRaw, useQueryClient, type UseQueryResult } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { api, ApiError } from "./api";
import type { AllocationDto, NetworkDto } from "@/lib/api/dto";
import type { ClusterDto, ClusterSummaryDto } from "@/lib/api/dto";
import type { KubeObject, Pod } from "@/lib/kube/types";
import type { ServiceRow } from "@/lib/kube/service-view";
import type { HaproxyModel } from "@/lib/haproxy/model";
import type { TopologyView } from "@/lib/topology/cytoscape";
import type { TopologySearchResult } from "@/lib/api/topology";
import type { ApplyResult } from "@/lib/api/dto";
import type { TraceResult, TraceTargets } from "@/lib/api/trace";
import type { MigrationPlanDto, PluginComparisonDto } from "@/lib/api/compare";
import type { VipConflict } from "@/lib/conflicts/vip";
import type { AuditEventDto, MeDto, TokenDto, UserDto } from "@/lib/api/auth-dto";
import {
  toReachability,
  type ExplanationDto,
  type PoliciesDto,
  type Reachability,
  type ReachabilityBitsDto,
} from "@/components/policies/model";

const subscribeToNothing = () => () => {};

/** False on the server and while React hydrates the server's HTML; true in every render after that. */
export function useHydrated(): boolean {
  return useSyncExternalStore(subscribeToNothing, () => true, () => false);
}

/** What a query looks like on the server, where nothing is fetched: no data, no error, pending. */
function asOnServer<T, E>(q: UseQueryResult<T, E>): UseQueryResult<T, E> {
  return {
    ...q,
    data: undefined,
    error: null,
    status: "pending",
    isPending: true,
    isSuccess: false,
    isError: false,
    isLoadingError: false,
    isRefetchError: false,
    isPlaceholderData: false,
    isFetched: false,
    isFetchedAfterMount: false,
    isRefetching: false,
    fetchStatus: q.isEnabled ? "fetching" : "idle",
    isFetching: q.isEnabled,
    isLoading: q.isEnabled,
    dataUpdatedAt: 0,
    errorUpdatedAt: 0,
    failureCount: 0,
    failureReason: null,
  } as UseQueryResult<T, E>;
}

/**
 * React Query's useQuery, except that while the page hydrates it answers what the server rendered (pending).
 * Without this a cold load can fail hydration: a query started by an outer component (the cluster frame) may
 * resolve before React hydrates an inner Suspense boundary whose component reads the same query, which would then
 * render data where the server's HTML has the loading state (React error #418).
 */
const useQuery = ((options: Parameters<typeof useQueryRaw>[0]) => {
  const hydrated = useHydrated();
  const q = useQueryRaw(options);
  return hydrated ? q : asOnServer(q);
}) as typeof useQueryRaw;

export const keys = {
  networks: ["networks"] as const,
  network: (name: string) => ["networks", name] as const,
  allocations: (name: string) => ["networks", name, "allocations"] as const,
};

export function useNetworks() {
  return useQuery({ queryKey: keys.networks, queryFn: () => api<NetworkDto[]>("/api/networks") });
}

export function useNetwork(name: string) {
  return useQuery({ queryKey: keys.network(name), queryFn: () => api<NetworkDto>(`/api/networks/${encodeURIComponent(name)}`) });
}

export function useAllocations(name: string) {
  return useQuery({
    queryKey: keys.allocations(name),
    queryFn: () => api<AllocationDto[]>(`/api/networks/${encodeURIComponent(name)}/allocations`),
  });
}

export function useCreateNetwork() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Record<string, unknown>) => api<NetworkDto>("/api/networks", { method: "POST", json: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.networks }),
  });
}

export function useDeleteNetwork() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<void>(`/api/networks/${encodeURIComponent(name)}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.networks }),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Clusters (New-AksHciCluster, Set-AksHciCluster, node pools). Every change re-reads the cluster, the cluster list
// and every network query (["networks", …] covers the list, each network's usage and its allocations).

export const clusterKeys = {
  clusters: ["clusters"] as const,
  cluster: (name: string) => ["clusters", name] as const,
  powershell: (name: string) => ["clusters", name, "powershell"] as const,
};

const clusterPath = (name: string) => `/api/clusters/${encodeURIComponent(name)}`;

export function useClusters() {
  return useQuery({ queryKey: clusterKeys.clusters, queryFn: () => api<ClusterSummaryDto[]>("/api/clusters") });
}

export function useCluster(name: string) {
  return useQuery({ queryKey: clusterKeys.cluster(name), queryFn: () => api<ClusterDto>(clusterPath(name)) });
}

/** The cluster's PowerShell script (text/plain). */
export function useClusterPowerShell(name: string, enabled = true) {
  return useQuery({
    queryKey: clusterKeys.powershell(name),
    enabled,
    queryFn: async () => {
      const res = await fetch(`${clusterPath(name)}/powershell`, { headers: { accept: "text/plain, application/json" } });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
        throw new ApiError(res.status, body?.error?.code ?? "http_error", body?.error?.message ?? `HTTP ${res.status}`);
      }
      return res.text();
    },
  });
}

function useClusterChange<TVars>(fn: (vars: TVars) => Promise<ClusterDto>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (cluster) => {
      qc.setQueryData(clusterKeys.cluster(cluster.name), cluster);
      return Promise.all([
        qc.invalidateQueries({ queryKey: clusterKeys.clusters }),
        qc.invalidateQueries({ queryKey: keys.networks }),
      ]);
    },
  });
}

export function useCreateCluster() {
  return useClusterChange((input: Record<string, unknown>) => api<ClusterDto>("/api/clusters", { method: "POST", json: input }));
}

/** Set-AksHciCluster -controlPlaneNodeCount / Set-AksHciLoadBalancer -loadBalancerCount. */
export function useUpdateCluster(name: string) {
  return useClusterChange((patch: { controlPlaneNodeCount?: number; loadBalancerCount?: number }) =>
    api<ClusterDto>(clusterPath(name), { method: "PATCH", json: patch }),
  );
}

export function useAddNodePool(cluster: string) {
  return useClusterChange((pool: Record<string, unknown>) => api<ClusterDto>(`${clusterPath(cluster)}/nodepools`, { method: "POST", json: pool }));
}

export function useScaleNodePool(cluster: string) {
  return useClusterChange(({ pool, count }: { pool: string; count: number }) =>
    api<ClusterDto>(`${clusterPath(cluster)}/nodepools/${encodeURIComponent(pool)}`, { method: "PATCH", json: { count } }),
  );
}

export function useDeleteNodePool(cluster: string) {
  return useClusterChange((pool: string) => api<ClusterDto>(`${clusterPath(cluster)}/nodepools/${encodeURIComponent(pool)}`, { method: "DELETE" }));
}

export function useDeleteCluster() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<void>(clusterPath(name), { method: "DELETE" }),
    onSuccess: (_, name) => {
      // drop the deleted cluster's queries instead of refetching them (they would answer 404)
      qc.removeQueries({ queryKey: clusterKeys.cluster(name) });
      return Promise.all([
        qc.invalidateQueries({ queryKey: clusterKeys.clusters, exact: true }),
        qc.invalidateQueries({ queryKey: keys.networks }),
      ]);
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Policies (reachability heatmap, explanations, policy summaries and posture). Read-only: nothing to invalidate;
// cluster changes elsewhere refetch through the ["clusters", name, …] prefix.

export const policyKeys = {
  reachability: (cluster: string, port: string) => ["clusters", cluster, "reachability", port] as const,
  wouldBe: (cluster: string, port: string) => ["clusters", cluster, "reachability", port, "calico"] as const,
  explain: (cluster: string, from: string, to: string, port: string) => ["clusters", cluster, "explain", from, to, port] as const,
  policies: (cluster: string) => ["clusters", cluster, "policies"] as const,
  pods: (cluster: string) => ["clusters", cluster, "objects", "Pod"] as const,
};

/** The enforced reachability of one port, decoded from the compact bitset form. */
export function useReachability(cluster: string, port: string) {
  return useQuery({
    queryKey: policyKeys.reachability(cluster, port),
    enabled: Boolean(cluster && port),
    staleTime: 30_000,
    queryFn: async () =>
      toReachability(await api<ReachabilityBitsDto>(`${clusterPath(cluster)}/reachability?port=${encodeURIComponent(port)}&format=bits`), port),
  });
}

/** What Calico would enforce on a cluster whose plugin does not (flannel): the same stored objects, judged as Calico. */
export function useWouldBeReachability(cluster: string, port: string, base: Reachability | undefined, enabled: boolean) {
  return useQuery({
    queryKey: policyKeys.wouldBe(cluster, port),
    enabled: Boolean(enabled && base && cluster && port),
    staleTime: 30_000,
    queryFn: async () =>
      toReachability(await api<ReachabilityBitsDto>(`${clusterPath(cluster)}/reachability?port=${encodeURIComponent(port)}&format=bits&plugin=calico`), port),
  });
}

export function useExplanation(cluster: string, from: string | null, to: string | null, port: string) {
  return useQuery({
    queryKey: policyKeys.explain(cluster, from ?? "", to ?? "", port),
    enabled: Boolean(cluster && from && to && port),
    staleTime: 30_000,
    queryFn: () =>
      api<ExplanationDto>(
        `${clusterPath(cluster)}/reachability/explain?from=${encodeURIComponent(from!)}&to=${encodeURIComponent(to!)}&port=${encodeURIComponent(port)}`,
      ),
  });
}

export function usePolicies(cluster: string) {
  return useQuery({ queryKey: policyKeys.policies(cluster), enabled: Boolean(cluster), queryFn: () => api<PoliciesDto>(`${clusterPath(cluster)}/policies`) });
}

/** The cluster's Pod objects (labels for the filters, container ports for the port presets). */
export function useClusterPods(cluster: string) {
  return useQuery({ queryKey: policyKeys.pods(cluster), enabled: Boolean(cluster), queryFn: () => api<Pod[]>(`${clusterPath(cluster)}/objects?kind=Pod`) });
}

// ---------------------------------------------------------------------------------------------------------------
// Cluster objects (workloads, Services, Ingress, YAML, HAProxy) and kubectl apply. An apply that writes re-reads every
// ["clusters", name, …] query (objects, services, haproxy, policies, reachability, the cluster itself) and the
// networks (a LoadBalancer Service takes a VIP from the network's pool); a dry run changes nothing.

export const objectKeys = {
  objects: (cluster: string) => ["clusters", cluster, "objects"] as const,
  objectsOfKind: (cluster: string, kind: string) => ["clusters", cluster, "objects", kind] as const,
  services: (cluster: string) => ["clusters", cluster, "services"] as const,
  haproxy: (cluster: string) => ["clusters", cluster, "haproxy"] as const,
  haproxyCfg: (cluster: string) => ["clusters", cluster, "haproxy", "cfg"] as const,
};

/** Every stored object of the cluster (JSON). */
export function useClusterObjects(cluster: string) {
  return useQuery({ queryKey: objectKeys.objects(cluster), enabled: Boolean(cluster), queryFn: () => api<KubeObject[]>(`${clusterPath(cluster)}/objects`) });
}

/** The cluster's objects of one kind (`?kind=Ingress`). */
export function useClusterObjectsOfKind<T extends KubeObject = KubeObject>(cluster: string, kind: string) {
  return useQuery({
    queryKey: objectKeys.objectsOfKind(cluster, kind),
    enabled: Boolean(cluster && kind),
    queryFn: () => api<T[]>(`${clusterPath(cluster)}/objects?kind=${encodeURIComponent(kind)}`),
  });
}

/** Services with ports, NodePorts, VIP and endpoints. */
export function useClusterServices(cluster: string) {
  return useQuery({ queryKey: objectKeys.services(cluster), enabled: Boolean(cluster), queryFn: () => api<ServiceRow[]>(`${clusterPath(cluster)}/services`) });
}

/** The HAProxy model: LB VMs, frontends → backends, warnings. */
export function useClusterHaproxy(cluster: string) {
  return useQuery({ queryKey: objectKeys.haproxy(cluster), enabled: Boolean(cluster), queryFn: () => api<HaproxyModel>(`${clusterPath(cluster)}/haproxy`) });
}

/** The rendered haproxy.cfg (text/plain). */
export function useClusterHaproxyCfg(cluster: string) {
  return useQuery({
    queryKey: objectKeys.haproxyCfg(cluster),
    enabled: Boolean(cluster),
    queryFn: async () => {
      const res = await fetch(`${clusterPath(cluster)}/haproxy.cfg`, { headers: { accept: "text/plain, application/json" } });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
        throw new ApiError(res.status, body?.error?.code ?? "http_error", body?.error?.message ?? `HTTP ${res.status}`);
      }
      return res.text();
    },
  });
}

export interface ApplyVars {
  /** Multi-document YAML, JSON or a kubectl List. */
  text: string;
  dryRun?: boolean;
  createNamespaces?: boolean;
  /** Upload progress (bytes sent, total bytes); the server's work follows once every byte is sent. */
  onUploadProgress?: (sent: number, total: number) => void;
  /** Aborts the request (the server finishes a started transaction; a dry run writes nothing anyway). */
  signal?: AbortSignal;
}

/**
 * POST the text to `/api/clusters/{name}/apply` as application/yaml. XMLHttpRequest instead of fetch: it reports upload
 * progress, which large imports show. Errors come back as {@link ApiError} (422: `fields` with document and line).
 */
export function postManifests(cluster: string, { text, dryRun, createNamespaces, onUploadProgress, signal }: ApplyVars): Promise<ApplyResult> {
  const qs = new URLSearchParams();
  if (dryRun) qs.set("dryRun", "true");
  if (createNamespaces) qs.set("createNamespaces", "true");
  const url = `${clusterPath(cluster)}/apply${qs.size ? `?${qs}` : ""}`;
  const body = new Blob([text], { type: "application/yaml" });
  return new Promise<ApplyResult>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", "application/yaml");
    xhr.setRequestHeader("accept", "application/json");
    xhr.responseType = "text";
    if (onUploadProgress) {
      xhr.upload.onprogress = (e) => onUploadProgress(e.loaded, e.lengthComputable ? e.total : body.size);
      xhr.upload.onload = () => onUploadProgress(body.size, body.size);
    }
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        parsed = { error: { code: "bad_response", message: xhr.responseText.slice(0, 200) } };
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(parsed as ApplyResult);
      const err = (parsed as { error?: { code?: string; message?: string; fields?: ApiError["fields"]; details?: Record<string, unknown> } } | null)?.error;
      reject(new ApiError(xhr.status, err?.code ?? "http_error", err?.message ?? `HTTP ${xhr.status}`, err?.fields ?? [], err?.details));
    };
    xhr.onerror = () => reject(new ApiError(0, "network_error", "the request did not reach the server"));
    xhr.onabort = () => reject(new ApiError(0, "aborted", "cancelled"));
    if (signal) {
      if (signal.aborted) return xhr.abort();
      signal.addEventListener("abort", () => xhr.abort(), { once: true });
    }
    xhr.send(body);
  });
}

/** kubectl apply (or its dry run) on a stored cluster. */
export function useApplyManifests(cluster: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (vars: ApplyVars) => postManifests(cluster, vars),
    onSuccess: (result) => {
      if (result.dryRun) return;
      return Promise.all([
        qc.invalidateQueries({ queryKey: objectKeys.objects(cluster) }),
        qc.invalidateQueries({ queryKey: objectKeys.services(cluster) }),
        qc.invalidateQueries({ queryKey: objectKeys.haproxy(cluster) }),
        qc.invalidateQueries({ queryKey: clusterKeys.cluster(cluster) }),
        qc.invalidateQueries({ queryKey: keys.networks }),
        qc.invalidateQueries({ queryKey: topologyKeys.all(cluster) }),
      ]);
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Traffic traces: the search boxes' targets and one trace per (from, to, plugin) — the URL holds the query.

export const traceKeys = {
  targets: (cluster: string) => ["clusters", cluster, "trace", "targets"] as const,
  trace: (cluster: string, from: string, to: string, plugin: string) => ["clusters", cluster, "trace", from, to, plugin] as const,
};

export function useTraceTargets(cluster: string) {
  return useQuery({ queryKey: traceKeys.targets(cluster), enabled: Boolean(cluster), queryFn: () => api<TraceTargets>(`/api/clusters/${encodeURIComponent(cluster)}/trace/targets`) });
}

export function useTrace(cluster: string, from: string, to: string, plugin: "calico" | "flannel" | null) {
  return useQuery({
    queryKey: traceKeys.trace(cluster, from, to, plugin ?? ""),
    enabled: Boolean(cluster && from && to),
    retry: false,
    queryFn: () =>
      api<TraceResult>(`/api/clusters/${encodeURIComponent(cluster)}/trace`, { method: "POST", json: { from, to, ...(plugin ? { plugin } : {}) } }),
  });
}

// ---------------------------------------------------------------- compare (Flannel vs Calico)

export const compareKeys = {
  cluster: (cluster: string) => ["clusters", cluster, "compare"] as const,
};

/** Flannel vs Calico on a stored cluster's objects (every declared container port). */
export function usePluginComparison(cluster: string) {
  return useQuery({
    queryKey: compareKeys.cluster(cluster),
    enabled: Boolean(cluster),
    staleTime: 30_000,
    queryFn: () => api<PluginComparisonDto>(`${clusterPath(cluster)}/compare`),
  });
}

/** Flannel vs Calico on uploaded manifests (nothing is stored). */
export function useCompareManifests() {
  return useMutation({
    mutationFn: (manifests: string) => api<PluginComparisonDto>("/api/analysis/compare", { method: "POST", json: { manifests, plugin: "flannel" } }),
  });
}

/** The path to the other plugin for a stored cluster (PowerShell, commands, warnings). */
export function useMigrationPlan(cluster: string) {
  return useQuery({
    queryKey: [...compareKeys.cluster(cluster), "migration"] as const,
    enabled: Boolean(cluster),
    staleTime: 30_000,
    queryFn: () => api<MigrationPlanDto>(`${clusterPath(cluster)}/migration`),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Model integrity (issue 11): the network's conflict report (under ["networks", name] so every change refreshes it).

export function useNetworkConflicts(name: string) {
  return useQuery({
    queryKey: ["networks", name, "conflicts"] as const,
    queryFn: () => api<VipConflict[]>(`/api/networks/${encodeURIComponent(name)}/conflicts`),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Topology (cytoscape elements JSON with layered positions). The query string is part of the key; the previous
// graph stays on screen while a new filter or an expanded owner loads.

export const topologyKeys = {
  all: (cluster: string) => ["clusters", cluster, "topology"] as const,
  view: (cluster: string, query: string) => ["clusters", cluster, "topology", query] as const,
};

export function useClusterTopology(cluster: string, query: string) {
  return useQuery({
    queryKey: topologyKeys.view(cluster, query),
    enabled: Boolean(cluster),
    placeholderData: keepPreviousData,
    queryFn: () => api<TopologyView>(`${clusterPath(cluster)}/topology${query ? `?${query}` : ""}`),
  });
}

/** Search the whole topology, folded elements included (GET …/topology/search); `view` is the page's topology query. */
export function useTopologySearch(cluster: string, view: string, q: string) {
  return useQuery({
    queryKey: [...topologyKeys.view(cluster, view), "search", q] as const,
    enabled: Boolean(cluster) && q.trim() !== "",
    placeholderData: keepPreviousData,
    queryFn: () => api<TopologySearchResult>(`${clusterPath(cluster)}/topology/search?${view ? `${view}&` : ""}q=${encodeURIComponent(q.trim())}`),
  });
}

// ---------- auth: users, API tokens, audit (issue 13). Users/tokens mutations invalidate their lists; audit is read-only.
export const authKeys = {
  users: ["users"] as const,
  tokens: ["tokens"] as const,
  audit: (q: string) => ["audit", q] as const,
};

export function useUsers() {
  return useQuery({ queryKey: authKeys.users, queryFn: () => api<UserDto[]>("/api/users") });
}

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string; role: string }) => api<UserDto>("/api/users", { method: "POST", json: body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: authKeys.users }),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: { id: number; role?: string; disabled?: boolean; password?: string }) =>
      api<UserDto>(`/api/users/${id}`, { method: "PATCH", json: patch }),
    onSuccess: () => qc.invalidateQueries({ queryKey: authKeys.users }),
  });
}

export function useTokens() {
  return useQuery({ queryKey: authKeys.tokens, queryFn: () => api<TokenDto[]>("/api/tokens") });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api<{ token: string; info: TokenDto }>("/api/tokens", { method: "POST", json: { name } }),
    onSuccess: (r) => {
      // show the new token at once, then re-read the list
      qc.setQueryData<TokenDto[]>(authKeys.tokens, (old) => [...(old ?? []).filter((k) => k.id !== r.info.id), r.info]);
      return qc.invalidateQueries({ queryKey: authKeys.tokens });
    },
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<TokenDto>(`/api/tokens/${id}`, { method: "DELETE" }),
    onSuccess: (t) => {
      qc.setQueryData<TokenDto[]>(authKeys.tokens, (old) => old?.map((k) => (k.id === t.id ? t : k)));
      return qc.invalidateQueries({ queryKey: authKeys.tokens });
    },
  });
}

/** `query` is the URL query string of GET /api/audit (actor, object, from, to). */
export function useAudit(query: string) {
  return useQuery({ queryKey: authKeys.audit(query), queryFn: () => api<AuditEventDto[]>(`/api/audit?${query}`) });
}

/** The signed-in user and what the role may do (GET /api/auth/me). */
export function useMe() {
  return useQuery({ queryKey: ["me"], queryFn: () => api<MeDto>("/api/auth/me"), staleTime: 60_000 });
}

/** Whether the signed-in role may call `method` on the API route `pattern` (e.g. "/api/networks", "POST"): the UI
 * hides what it may not; the server decides. "case" (support on case clusters) counts as may. */
export function useCan(pattern: string, method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"): boolean {
  const me = useMe();
  const p = me.data?.permissions[pattern]?.[method];
  return p === "allow" || p === "case";
}

/** Admin: mark / unmark a cluster as a support "case" cluster. */
export function useSetCaseCluster(name: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (isCase: boolean) => api<{ name: string; case: boolean }>(`${clusterPath(name)}/case`, { method: "PUT", json: { case: isCase } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: clusterKeys.cluster(name) }),
  });
}

// ---- issue 14: object deletion in the cluster tabs ----

/** `kubectl delete KIND NAME -n NS`: frees a Service's ClusterIP, NodePorts and VIP, a workload's pods. */
export function useDeleteObject(cluster: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (o: { kind: string; namespace?: string; name: string }) =>
      api<unknown>(
        `${clusterPath(cluster)}/objects?${new URLSearchParams({ kind: o.kind, name: o.name, ...(o.namespace ? { namespace: o.namespace } : {}) })}`,
        { method: "DELETE" },
      ),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: objectKeys.objects(cluster) }),
        qc.invalidateQueries({ queryKey: objectKeys.services(cluster) }),
        qc.invalidateQueries({ queryKey: objectKeys.haproxy(cluster) }),
        qc.invalidateQueries({ queryKey: clusterKeys.cluster(cluster) }),
        qc.invalidateQueries({ queryKey: keys.networks }),
        // a deleted NetworkPolicy changes the policy list and the reachability
        qc.invalidateQueries({ queryKey: policyKeys.policies(cluster) }),
        qc.invalidateQueries({ queryKey: topologyKeys.all(cluster) }),
      ]),
  });
}
