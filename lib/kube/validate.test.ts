import { describe, expect, it } from "vitest";
import { parseManifests } from "./manifest";
import type { KubeObject } from "./types";
import { validateDocuments, validateObject, type ValidationContext } from "./validate";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Mut = (o: any) => void;
interface Case {
  rule: string;
  mutate: Mut;
  /** expected problem (path and message pattern); undefined = valid */
  problem?: [string, RegExp];
  ctx?: ValidationContext;
}

const bases: Record<string, KubeObject> = {
  Namespace: { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } },
  Pod: {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-1", namespace: "shop", labels: { app: "web" } },
    spec: { containers: [{ name: "web", image: "nginx", ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }] }] },
  },
  Deployment: {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "shop" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web", tier: "fe" } },
        spec: { containers: [{ name: "web", image: "nginx", ports: [{ name: "http", containerPort: 8080 }] }] },
      },
    },
  },
  Service: {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "shop" },
    spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] },
  },
  Endpoints: {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "db", namespace: "shop" },
    subsets: [{ addresses: [{ ip: "192.168.10.5" }], ports: [{ port: 5432 }] }],
  },
  EndpointSlice: {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: "db-1", namespace: "shop", labels: { "kubernetes.io/service-name": "db" } },
    addressType: "IPv4",
    endpoints: [{ addresses: ["192.168.10.5"], conditions: { ready: true } }],
    ports: [{ name: "pg", port: 5432, protocol: "TCP" }],
  },
  Ingress: {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "web", namespace: "shop" },
    spec: {
      ingressClassName: "nginx",
      tls: [{ hosts: ["shop.example.com"], secretName: "shop-tls" }],
      rules: [
        {
          host: "shop.example.com",
          http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }] },
        },
      ],
    },
  },
  IngressClass: {
    apiVersion: "networking.k8s.io/v1",
    kind: "IngressClass",
    metadata: { name: "nginx" },
    spec: { controller: "k8s.io/ingress-nginx" },
  },
  NetworkPolicy: {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "allow-fe", namespace: "shop" },
    spec: {
      podSelector: { matchLabels: { app: "web" } },
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: { matchLabels: { app: "fe" } } }], ports: [{ protocol: "TCP", port: 8080 }] }],
      egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }], ports: [{ port: 30000, endPort: 32767 }] }],
    },
  },
};

const tables: Record<string, Case[]> = {
  Namespace: [
    { rule: "name is a DNS-1123 label", mutate: (o) => (o.metadata.name = "kube-system") },
    { rule: "name with a dot is not a DNS-1123 label", mutate: (o) => (o.metadata.name = "a.b"), problem: ["metadata.name", /RFC 1123 label/] },
    { rule: "upper case name", mutate: (o) => (o.metadata.name = "Shop"), problem: ["metadata.name", /RFC 1123 label/] },
    { rule: "label keys are qualified names", mutate: (o) => (o.metadata.labels = { "team.example.com/owner": "a" }) },
    { rule: "invalid label key", mutate: (o) => (o.metadata.labels = { "a/b/c": "x" }), problem: ["metadata.labels[a/b/c]", /qualified name/] },
    { rule: "invalid label value", mutate: (o) => (o.metadata.labels = { team: "a b" }), problem: ["metadata.labels.team", /valid label/] },
  ],
  Pod: [
    { rule: "name is a DNS-1123 subdomain", mutate: (o) => (o.metadata.name = "web.v1") },
    { rule: "name not a subdomain", mutate: (o) => (o.metadata.name = "web_1"), problem: ["metadata.name", /RFC 1123 subdomain/] },
    { rule: "containers required", mutate: (o) => (o.spec.containers = []), problem: ["spec.containers", /^Required value$/] },
    { rule: "spec required", mutate: (o) => delete o.spec, problem: ["spec", /^Required value$/] },
    { rule: "container name required", mutate: (o) => delete o.spec.containers[0].name, problem: ["spec.containers[0].name", /Required/] },
    { rule: "container name DNS label", mutate: (o) => (o.spec.containers[0].name = "Web"), problem: ["spec.containers[0].name", /RFC 1123 label/] },
    {
      rule: "container names unique (across init containers)",
      mutate: (o) => (o.spec.initContainers = [{ name: "web", image: "busybox" }]),
      problem: ["spec.containers[0].name", /Duplicate value: "web"/],
    },
    { rule: "distinct init container name", mutate: (o) => (o.spec.initContainers = [{ name: "init", image: "busybox" }]) },
    { rule: "image required", mutate: (o) => delete o.spec.containers[0].image, problem: ["spec.containers[0].image", /Required/] },
    { rule: "containerPort 65535", mutate: (o) => (o.spec.containers[0].ports[0].containerPort = 65535) },
    { rule: "containerPort 0", mutate: (o) => (o.spec.containers[0].ports[0].containerPort = 0), problem: ["spec.containers[0].ports[0].containerPort", /between 1 and 65535/] },
    { rule: "containerPort 65536", mutate: (o) => (o.spec.containers[0].ports[0].containerPort = 65536), problem: ["spec.containers[0].ports[0].containerPort", /between 1 and 65535/] },
    { rule: "containerPort string", mutate: (o) => (o.spec.containers[0].ports[0].containerPort = "80"), problem: ["spec.containers[0].ports[0].containerPort", /integer/] },
    { rule: "containerPort required", mutate: (o) => delete o.spec.containers[0].ports[0].containerPort, problem: ["spec.containers[0].ports[0].containerPort", /Required/] },
    { rule: "port name 15 chars", mutate: (o) => (o.spec.containers[0].ports[0].name = "abcdefghijklmno") },
    { rule: "port name 16 chars", mutate: (o) => (o.spec.containers[0].ports[0].name = "abcdefghijklmnop"), problem: ["spec.containers[0].ports[0].name", /no more than 15/] },
    { rule: "port name without letter", mutate: (o) => (o.spec.containers[0].ports[0].name = "8080"), problem: ["spec.containers[0].ports[0].name", /at least one letter/] },
    { rule: "port name with --", mutate: (o) => (o.spec.containers[0].ports[0].name = "a--b"), problem: ["spec.containers[0].ports[0].name", /consecutive hyphens/] },
    { rule: "port name leading -", mutate: (o) => (o.spec.containers[0].ports[0].name = "-http"), problem: ["spec.containers[0].ports[0].name", /begin or end with a hyphen/] },
    { rule: "port name upper case", mutate: (o) => (o.spec.containers[0].ports[0].name = "HTTP"), problem: ["spec.containers[0].ports[0].name", /alpha-numeric/] },
    {
      rule: "port names unique within a container",
      mutate: (o) => o.spec.containers[0].ports.push({ name: "http", containerPort: 9090 }),
      problem: ["spec.containers[0].ports[1].name", /Duplicate value: "http"/],
    },
    { rule: "protocol SCTP", mutate: (o) => (o.spec.containers[0].ports[0].protocol = "SCTP") },
    { rule: "protocol lower case", mutate: (o) => (o.spec.containers[0].ports[0].protocol = "tcp"), problem: ["spec.containers[0].ports[0].protocol", /Unsupported value: "tcp"/] },
    {
      rule: "hostNetwork requires hostPort == containerPort",
      mutate: (o) => ((o.spec.hostNetwork = true), (o.spec.containers[0].ports[0].hostPort = 80)),
      problem: ["spec.containers[0].ports[0].hostPort", /must match `containerPort`/],
    },
    { rule: "hostNetwork with matching hostPort", mutate: (o) => ((o.spec.hostNetwork = true), (o.spec.containers[0].ports[0].hostPort = 8080)) },
    { rule: "nodeSelector kubernetes.io/os", mutate: (o) => (o.spec.nodeSelector = { "kubernetes.io/os": "windows" }) },
    { rule: "nodeSelector invalid value", mutate: (o) => (o.spec.nodeSelector = { "kubernetes.io/os": "win dows" }), problem: ["spec.nodeSelector[kubernetes.io/os]", /valid label/] },
    { rule: "restartPolicy Never", mutate: (o) => (o.spec.restartPolicy = "Never") },
    { rule: "restartPolicy unknown", mutate: (o) => (o.spec.restartPolicy = "Sometimes"), problem: ["spec.restartPolicy", /Unsupported value/] },
    { rule: "dnsPolicy ClusterFirstWithHostNet", mutate: (o) => (o.spec.dnsPolicy = "ClusterFirstWithHostNet") },
    { rule: "dnsPolicy unknown", mutate: (o) => (o.spec.dnsPolicy = "ClusterLast"), problem: ["spec.dnsPolicy", /Unsupported value/] },
  ],
  Deployment: [
    { rule: "selector required", mutate: (o) => delete o.spec.selector, problem: ["spec.selector", /^Required value$/] },
    { rule: "empty selector invalid", mutate: (o) => (o.spec.selector = {}), problem: ["spec.selector", /empty selector is invalid/] },
    {
      rule: "selector must match template labels",
      mutate: (o) => (o.spec.selector.matchLabels = { app: "api" }),
      problem: ["spec.template.metadata.labels", /`selector` does not match template `labels`/],
    },
    {
      rule: "matchExpressions selector matching labels",
      mutate: (o) => (o.spec.selector = { matchExpressions: [{ key: "tier", operator: "In", values: ["fe", "be"] }] }),
    },
    {
      rule: "matchExpressions selector not matching labels",
      mutate: (o) => (o.spec.selector = { matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }),
      problem: ["spec.template.metadata.labels", /does not match/],
    },
    { rule: "replicas 0", mutate: (o) => (o.spec.replicas = 0) },
    { rule: "replicas negative", mutate: (o) => (o.spec.replicas = -1), problem: ["spec.replicas", /greater than or equal to 0/] },
    { rule: "template required", mutate: (o) => delete o.spec.template, problem: ["spec.template", /Required/] },
    {
      rule: "template validated as pod spec",
      mutate: (o) => (o.spec.template.spec.containers[0].ports[0].containerPort = 70000),
      problem: ["spec.template.spec.containers[0].ports[0].containerPort", /between 1 and 65535/],
    },
    { rule: "template containers required", mutate: (o) => (o.spec.template.spec.containers = []), problem: ["spec.template.spec.containers", /Required/] },
    { rule: "template restartPolicy must be Always", mutate: (o) => (o.spec.template.spec.restartPolicy = "Never"), problem: ["spec.template.spec.restartPolicy", /supported values: "Always"/] },
    { rule: "removed apiVersion", mutate: (o) => (o.apiVersion = "extensions/v1beta1"), problem: ["apiVersion", /no longer served; use apps\/v1/] },
    { rule: "StatefulSet kind shares the rules", mutate: (o) => ((o.kind = "StatefulSet"), (o.spec.serviceName = "web")) },
    { rule: "StatefulSet selector mismatch", mutate: (o) => ((o.kind = "StatefulSet"), (o.spec.selector.matchLabels.app = "x")), problem: ["spec.template.metadata.labels", /does not match/] },
    { rule: "DaemonSet ignores replicas", mutate: (o) => ((o.kind = "DaemonSet"), (o.spec.replicas = -5)) },
    { rule: "DaemonSet selector required", mutate: (o) => ((o.kind = "DaemonSet"), delete o.spec.selector), problem: ["spec.selector", /Required/] },
    { rule: "ReplicaSet valid", mutate: (o) => (o.kind = "ReplicaSet") },
  ],
  Service: [
    { rule: "name RFC 1035 label", mutate: (o) => (o.metadata.name = "web-2") },
    { rule: "name starting with a digit", mutate: (o) => (o.metadata.name = "2web"), problem: ["metadata.name", /DNS-1035 label/] },
    { rule: "name with a dot", mutate: (o) => (o.metadata.name = "web.shop"), problem: ["metadata.name", /DNS-1035 label/] },
    { rule: "type LoadBalancer", mutate: (o) => (o.spec.type = "LoadBalancer") },
    { rule: "type unknown", mutate: (o) => (o.spec.type = "Internal"), problem: ["spec.type", /Unsupported value: "Internal"/] },
    { rule: "ports required", mutate: (o) => (o.spec.ports = []), problem: ["spec.ports", /^Required value$/] },
    { rule: "port required", mutate: (o) => delete o.spec.ports[0].port, problem: ["spec.ports[0].port", /Required/] },
    { rule: "port range", mutate: (o) => (o.spec.ports[0].port = 0), problem: ["spec.ports[0].port", /between 1 and 65535/] },
    { rule: "protocol UDP", mutate: (o) => (o.spec.ports[0].protocol = "UDP") },
    { rule: "protocol invalid", mutate: (o) => (o.spec.ports[0].protocol = "HTTP"), problem: ["spec.ports[0].protocol", /Unsupported value/] },
    {
      rule: "multi-port names every port",
      mutate: (o) => o.spec.ports.push({ port: 443 }),
      problem: ["spec.ports[1].name", /^Required value$/],
    },
    { rule: "multi-port with names", mutate: (o) => o.spec.ports.push({ name: "https", port: 443 }) },
    { rule: "single port may be unnamed", mutate: (o) => delete o.spec.ports[0].name },
    {
      rule: "port names unique",
      mutate: (o) => o.spec.ports.push({ name: "http", port: 443 }),
      problem: ["spec.ports[1].name", /Duplicate value: "http"/],
    },
    {
      rule: "port/protocol pairs unique",
      mutate: (o) => o.spec.ports.push({ name: "alt", port: 80 }),
      problem: ["spec.ports[1]", /Duplicate value/],
    },
    { rule: "same port different protocol", mutate: (o) => o.spec.ports.push({ name: "dns", port: 80, protocol: "UDP" }) },
    { rule: "targetPort number", mutate: (o) => (o.spec.ports[0].targetPort = 8080) },
    { rule: "targetPort out of range", mutate: (o) => (o.spec.ports[0].targetPort = 70000), problem: ["spec.ports[0].targetPort", /between 1 and 65535/] },
    { rule: "targetPort invalid name", mutate: (o) => (o.spec.ports[0].targetPort = "http_alt"), problem: ["spec.ports[0].targetPort", /alpha-numeric/] },
    { rule: "targetPort numeric string is not a name", mutate: (o) => (o.spec.ports[0].targetPort = "8080"), problem: ["spec.ports[0].targetPort", /at least one letter/] },
    { rule: "nodePort in range", mutate: (o) => ((o.spec.type = "NodePort"), (o.spec.ports[0].nodePort = 30080)) },
    {
      rule: "nodePort out of range",
      mutate: (o) => ((o.spec.type = "NodePort"), (o.spec.ports[0].nodePort = 80)),
      problem: ["spec.ports[0].nodePort", /^must be in 30000-32767$/],
    },
    {
      rule: "nodePort honours a custom range",
      mutate: (o) => ((o.spec.type = "NodePort"), (o.spec.ports[0].nodePort = 30080)),
      ctx: { nodePortRange: { min: 31000, max: 31999 } },
      problem: ["spec.ports[0].nodePort", /^must be in 31000-31999$/],
    },
    {
      rule: "nodePort forbidden for ClusterIP",
      mutate: (o) => (o.spec.ports[0].nodePort = 30080),
      problem: ["spec.ports[0].nodePort", /Forbidden: may not be used when `type` is 'ClusterIP'/],
    },
    {
      rule: "nodePorts unique",
      mutate: (o) => ((o.spec.type = "NodePort"), (o.spec.ports[0].nodePort = 30080), o.spec.ports.push({ name: "b", port: 81, nodePort: 30080 })),
      problem: ["spec.ports[1].nodePort", /Duplicate value: 30080/],
    },
    {
      rule: "ExternalName valid without ports",
      mutate: (o) => (o.spec = { type: "ExternalName", externalName: "db.example.com" }),
    },
    {
      rule: "ExternalName requires externalName",
      mutate: (o) => (o.spec = { type: "ExternalName" }),
      problem: ["spec.externalName", /^Required value$/],
    },
    {
      rule: "ExternalName must be a lowercase hostname",
      mutate: (o) => (o.spec = { type: "ExternalName", externalName: "DB.example.com" }),
      problem: ["spec.externalName", /RFC 1123 subdomain/],
    },
    {
      rule: "ExternalName may not set clusterIP",
      mutate: (o) => (o.spec = { type: "ExternalName", externalName: "db.example.com", clusterIP: "10.96.0.5" }),
      problem: ["spec.clusterIP", /Forbidden/],
    },
    { rule: "headless ClusterIP without ports", mutate: (o) => ((o.spec.clusterIP = "None"), (o.spec.ports = [])) },
    {
      rule: "headless NodePort not allowed",
      mutate: (o) => ((o.spec.clusterIP = "None"), (o.spec.type = "NodePort")),
      problem: ["spec.clusterIP", /may not be set to 'None' for NodePort/],
    },
    {
      rule: "headless LoadBalancer not allowed",
      mutate: (o) => ((o.spec.clusterIP = "None"), (o.spec.type = "LoadBalancer")),
      problem: ["spec.clusterIP", /LoadBalancer/],
    },
    {
      rule: "headless without selector: port must equal targetPort",
      mutate: (o) => ((o.spec.clusterIP = "None"), delete o.spec.selector, (o.spec.ports[0].targetPort = 8080)),
      problem: ["spec.ports[0].targetPort", /must be equal to `port`/],
    },
    {
      rule: "headless without selector with port == targetPort",
      mutate: (o) => ((o.spec.clusterIP = "None"), delete o.spec.selector, (o.spec.ports[0].targetPort = 80)),
    },
    { rule: "clusterIP inside the service CIDR", mutate: (o) => (o.spec.clusterIP = "10.96.0.10") },
    { rule: "clusterIP outside the service CIDR", mutate: (o) => (o.spec.clusterIP = "10.112.0.1"), problem: ["spec.clusterIP", /inside the service CIDR 10.96.0.0\/12/] },
    { rule: "clusterIP is the network address", mutate: (o) => (o.spec.clusterIP = "10.96.0.0"), problem: ["spec.clusterIP", /network or broadcast/] },
    { rule: "clusterIP is the broadcast address", mutate: (o) => (o.spec.clusterIP = "10.111.255.255"), problem: ["spec.clusterIP", /network or broadcast/] },
    { rule: "clusterIP not an IP", mutate: (o) => (o.spec.clusterIP = "10.96.0"), problem: ["spec.clusterIP", /valid IP address or 'None'/] },
    {
      rule: "clusterIP honours a custom service CIDR",
      mutate: (o) => (o.spec.clusterIP = "10.96.0.10"),
      ctx: { serviceCidr: "10.0.0.0/24" },
      problem: ["spec.clusterIP", /inside the service CIDR 10.0.0.0\/24/],
    },
    { rule: "externalTrafficPolicy Local on LoadBalancer", mutate: (o) => ((o.spec.type = "LoadBalancer"), (o.spec.externalTrafficPolicy = "Local")) },
    {
      rule: "externalTrafficPolicy on ClusterIP",
      mutate: (o) => (o.spec.externalTrafficPolicy = "Local"),
      problem: ["spec.externalTrafficPolicy", /externally-accessible/],
    },
    {
      rule: "externalTrafficPolicy value",
      mutate: (o) => ((o.spec.type = "NodePort"), (o.spec.externalTrafficPolicy = "Node")),
      problem: ["spec.externalTrafficPolicy", /Unsupported value: "Node"/],
    },
    { rule: "internalTrafficPolicy value", mutate: (o) => (o.spec.internalTrafficPolicy = "Zone"), problem: ["spec.internalTrafficPolicy", /Unsupported/] },
    { rule: "sessionAffinity value", mutate: (o) => (o.spec.sessionAffinity = "Cookie"), problem: ["spec.sessionAffinity", /Unsupported/] },
    // kube-apiserver MaxClientIPServiceAffinitySeconds = 86400 (issue 11 minor item; default 10800, [K8S-VIPS])
    {
      rule: "sessionAffinityConfig.clientIP.timeoutSeconds above 86400",
      mutate: (o) => Object.assign(o.spec, { sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 86401 } } }),
      problem: ["spec.sessionAffinityConfig.clientIP.timeoutSeconds", /greater than 0 and less than 86400/],
    },
    {
      rule: "sessionAffinityConfig.clientIP.timeoutSeconds 86400 is fine",
      mutate: (o) => Object.assign(o.spec, { sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 86400 } } }),
    },
    {
      rule: "sessionAffinityConfig.clientIP.timeoutSeconds 0",
      mutate: (o) => Object.assign(o.spec, { sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } }),
      problem: ["spec.sessionAffinityConfig.clientIP.timeoutSeconds", /greater than 0/],
    },
    { rule: "externalIPs are IPs", mutate: (o) => (o.spec.externalIPs = ["192.168.0.300"]), problem: ["spec.externalIPs[0]", /valid IP/] },
    {
      rule: "healthCheckNodePort needs LoadBalancer + Local",
      mutate: (o) => ((o.spec.type = "NodePort"), (o.spec.healthCheckNodePort = 32000)),
      problem: ["spec.healthCheckNodePort", /LoadBalancer/],
    },
    { rule: "selector label values", mutate: (o) => (o.spec.selector = { app: "web!" }), problem: ["spec.selector.app", /valid label/] },
  ],
  Endpoints: [
    { rule: "IPv6 address", mutate: (o) => (o.subsets[0].addresses[0].ip = "fd00::5") },
    { rule: "invalid IP", mutate: (o) => (o.subsets[0].addresses[0].ip = "db.local"), problem: ["subsets[0].addresses[0].ip", /valid IP/] },
    { rule: "loopback", mutate: (o) => (o.subsets[0].addresses[0].ip = "127.0.0.1"), problem: ["subsets[0].addresses[0].ip", /loopback/] },
    { rule: "link-local", mutate: (o) => (o.subsets[0].notReadyAddresses = [{ ip: "169.254.1.1" }]), problem: ["subsets[0].notReadyAddresses[0].ip", /link-local/] },
    { rule: "link-local multicast", mutate: (o) => (o.subsets[0].addresses[0].ip = "224.0.0.5"), problem: ["subsets[0].addresses[0].ip", /multicast/] },
    { rule: "port range", mutate: (o) => (o.subsets[0].ports[0].port = 0), problem: ["subsets[0].ports[0].port", /between 1 and 65535/] },
    { rule: "several ports need names", mutate: (o) => o.subsets[0].ports.push({ port: 5433 }), problem: ["subsets[0].ports[0].name", /Required/] },
  ],
  EndpointSlice: [
    { rule: "addressType required", mutate: (o) => delete o.addressType, problem: ["addressType", /Required/] },
    { rule: "addressType value", mutate: (o) => (o.addressType = "IPv5"), problem: ["addressType", /Unsupported/] },
    { rule: "address family matches addressType", mutate: (o) => (o.endpoints[0].addresses = ["fd00::1"]), problem: ["endpoints[0].addresses[0]", /IPv4 address/] },
    { rule: "IPv6 slice", mutate: (o) => ((o.addressType = "IPv6"), (o.endpoints[0].addresses = ["fd00::1"])) },
    { rule: "loopback address", mutate: (o) => (o.endpoints[0].addresses = ["127.0.0.2"]), problem: ["endpoints[0].addresses[0]", /loopback/] },
    { rule: "link-local IPv6", mutate: (o) => ((o.addressType = "IPv6"), (o.endpoints[0].addresses = ["fe80::1"])), problem: ["endpoints[0].addresses[0]", /link-local/] },
    { rule: "addresses required", mutate: (o) => (o.endpoints[0].addresses = []), problem: ["endpoints[0].addresses", /Required/] },
    { rule: "port may be unset (all ports)", mutate: (o) => (o.ports = [{ name: "" }]) },
    { rule: "port range", mutate: (o) => (o.ports[0].port = 99999), problem: ["ports[0].port", /between 1 and 65535/] },
  ],
  Ingress: [
    { rule: "name is a subdomain", mutate: (o) => (o.metadata.name = "web.shop") },
    { rule: "name invalid", mutate: (o) => (o.metadata.name = "Web"), problem: ["metadata.name", /subdomain/] },
    {
      rule: "pathType required",
      mutate: (o) => delete o.spec.rules[0].http.paths[0].pathType,
      problem: ["spec.rules[0].http.paths[0].pathType", /^Required value$/],
    },
    { rule: "pathType Exact", mutate: (o) => (o.spec.rules[0].http.paths[0].pathType = "Exact") },
    { rule: "pathType unknown", mutate: (o) => (o.spec.rules[0].http.paths[0].pathType = "Regex"), problem: ["spec.rules[0].http.paths[0].pathType", /Unsupported value: "Regex"/] },
    { rule: "Prefix path must be absolute", mutate: (o) => (o.spec.rules[0].http.paths[0].path = "api"), problem: ["spec.rules[0].http.paths[0].path", /absolute path/] },
    { rule: "Exact path must not contain //", mutate: (o) => ((o.spec.rules[0].http.paths[0].pathType = "Exact"), (o.spec.rules[0].http.paths[0].path = "/a//b")), problem: ["spec.rules[0].http.paths[0].path", /must not contain '\/\/'/] },
    { rule: "ImplementationSpecific allows regex-like path", mutate: (o) => ((o.spec.rules[0].http.paths[0].pathType = "ImplementationSpecific"), (o.spec.rules[0].http.paths[0].path = "/api(/|$)(.*)")) },
    { rule: "ImplementationSpecific allows empty path", mutate: (o) => ((o.spec.rules[0].http.paths[0].pathType = "ImplementationSpecific"), delete o.spec.rules[0].http.paths[0].path) },
    { rule: "http.paths required", mutate: (o) => (o.spec.rules[0].http.paths = []), problem: ["spec.rules[0].http.paths", /Required/] },
    {
      rule: "backend with both service and resource",
      mutate: (o) => (o.spec.rules[0].http.paths[0].backend.resource = { kind: "Bucket", name: "b", apiGroup: "k8s.example.com" }),
      problem: ["spec.rules[0].http.paths[0].backend", /cannot set both service and resource/],
    },
    {
      rule: "resource backend",
      mutate: (o) => (o.spec.rules[0].http.paths[0].backend = { resource: { kind: "StorageBucket", name: "static", apiGroup: "k8s.example.com" } }),
    },
    { rule: "backend missing", mutate: (o) => (o.spec.rules[0].http.paths[0].backend = {}), problem: ["spec.rules[0].http.paths[0].backend", /one backend/] },
    {
      rule: "service port name and number",
      mutate: (o) => (o.spec.rules[0].http.paths[0].backend.service.port = { name: "http", number: 80 }),
      problem: ["spec.rules[0].http.paths[0].backend.service.port", /cannot set both port name & port number/],
    },
    {
      rule: "service port neither",
      mutate: (o) => (o.spec.rules[0].http.paths[0].backend.service.port = {}),
      problem: ["spec.rules[0].http.paths[0].backend.service.port", /port name or number is required/],
    },
    { rule: "service port by name", mutate: (o) => (o.spec.rules[0].http.paths[0].backend.service.port = { name: "http" }) },
    {
      rule: "service port number range",
      mutate: (o) => (o.spec.rules[0].http.paths[0].backend.service.port = { number: 70000 }),
      problem: ["spec.rules[0].http.paths[0].backend.service.port.number", /between 1 and 65535/],
    },
    {
      rule: "service name is a DNS-1035 label",
      mutate: (o) => (o.spec.rules[0].http.paths[0].backend.service.name = "1web"),
      problem: ["spec.rules[0].http.paths[0].backend.service.name", /DNS-1035/],
    },
    { rule: "wildcard host", mutate: (o) => (o.spec.rules[0].host = "*.example.com") },
    { rule: "wildcard not first label", mutate: (o) => (o.spec.rules[0].host = "shop.*.com"), problem: ["spec.rules[0].host", /wildcard/] },
    { rule: "host is an IP", mutate: (o) => (o.spec.rules[0].host = "192.168.0.10"), problem: ["spec.rules[0].host", /not an IP address/] },
    { rule: "host upper case", mutate: (o) => (o.spec.rules[0].host = "Shop.example.com"), problem: ["spec.rules[0].host", /subdomain/] },
    { rule: "no rules requires defaultBackend", mutate: (o) => (o.spec.rules = []), problem: ["spec", /either `defaultBackend` or `rules`/] },
    {
      rule: "defaultBackend alone",
      mutate: (o) => (o.spec = { defaultBackend: { service: { name: "web", port: { number: 80 } } } }),
    },
    {
      rule: "defaultBackend validated",
      mutate: (o) => (o.spec = { defaultBackend: { service: { name: "web", port: {} } } }),
      problem: ["spec.defaultBackend.service.port", /port name or number/],
    },
    { rule: "tls hosts wildcard", mutate: (o) => (o.spec.tls[0].hosts = ["*.example.com"]) },
    { rule: "tls host invalid", mutate: (o) => (o.spec.tls[0].hosts = ["bad_host"]), problem: ["spec.tls[0].hosts[0]", /subdomain/] },
    { rule: "old apiVersion", mutate: (o) => (o.apiVersion = "networking.k8s.io/v1beta1"), problem: ["apiVersion", /no longer served; use networking.k8s.io\/v1/] },
  ],
  IngressClass: [
    { rule: "controller required", mutate: (o) => delete o.spec.controller, problem: ["spec.controller", /^Required value$/] },
    { rule: "controller must be domain-prefixed", mutate: (o) => (o.spec.controller = "nginx"), problem: ["spec.controller", /domain-prefixed path/] },
    { rule: "controller domain must be a subdomain", mutate: (o) => (o.spec.controller = "Acme_io/x"), problem: ["spec.controller", /domain prefix/] },
    { rule: "controller path required after the domain", mutate: (o) => (o.spec.controller = "acme.io/"), problem: ["spec.controller", /domain-prefixed/] },
    { rule: "namespaced parameters", mutate: (o) => (o.spec.parameters = { kind: "Config", name: "c", scope: "Namespace", namespace: "ingress" }) },
    {
      rule: "Namespace scope needs a namespace",
      mutate: (o) => (o.spec.parameters = { kind: "Config", name: "c", scope: "Namespace" }),
      problem: ["spec.parameters.namespace", /Required/],
    },
  ],
  NetworkPolicy: [
    { rule: "empty podSelector selects all", mutate: (o) => (o.spec.podSelector = {}) },
    { rule: "podSelector required", mutate: (o) => delete o.spec.podSelector, problem: ["spec.podSelector", /^Required value$/] },
    { rule: "policyTypes value", mutate: (o) => (o.spec.policyTypes = ["ingress"]), problem: ["spec.policyTypes[0]", /Unsupported value: "ingress"/] },
    { rule: "policyTypes duplicate", mutate: (o) => (o.spec.policyTypes = ["Ingress", "Ingress"]), problem: ["spec.policyTypes[1]", /Duplicate/] },
    { rule: "named port", mutate: (o) => (o.spec.ingress[0].ports[0].port = "http") },
    { rule: "port invalid name", mutate: (o) => (o.spec.ingress[0].ports[0].port = "HTTP"), problem: ["spec.ingress[0].ports[0].port", /alpha-numeric/] },
    { rule: "port range", mutate: (o) => (o.spec.ingress[0].ports[0].port = 0), problem: ["spec.ingress[0].ports[0].port", /between 1 and 65535/] },
    { rule: "protocol", mutate: (o) => (o.spec.ingress[0].ports[0].protocol = "ICMP"), problem: ["spec.ingress[0].ports[0].protocol", /Unsupported/] },
    { rule: "endPort below port", mutate: (o) => (o.spec.egress[0].ports[0].endPort = 29999), problem: ["spec.egress[0].ports[0].endPort", /greater than or equal to `port`/] },
    { rule: "endPort equal to port", mutate: (o) => (o.spec.egress[0].ports[0].endPort = 30000) },
    { rule: "endPort with named port", mutate: (o) => (o.spec.egress[0].ports[0].port = "web"), problem: ["spec.egress[0].ports[0].endPort", /non-numeric/] },
    { rule: "endPort without port", mutate: (o) => delete o.spec.egress[0].ports[0].port, problem: ["spec.egress[0].ports[0].port", /Required/] },
    {
      rule: "podSelector with namespaceSelector in one peer",
      mutate: (o) => (o.spec.ingress[0].from[0].namespaceSelector = { matchLabels: { "kubernetes.io/metadata.name": "fe" } }),
    },
    {
      rule: "ipBlock exclusive with selectors",
      mutate: (o) => (o.spec.egress[0].to[0].podSelector = {}),
      problem: ["spec.egress[0].to[0]", /may not specify both `ipBlock` and another peer/],
    },
    { rule: "empty peer", mutate: (o) => (o.spec.ingress[0].from = [{}]), problem: ["spec.ingress[0].from[0]", /Required/] },
    { rule: "ipBlock cidr invalid", mutate: (o) => (o.spec.egress[0].to[0].ipBlock.cidr = "10.0.0.0/33"), problem: ["spec.egress[0].to[0].ipBlock.cidr", /valid CIDR/] },
    { rule: "ipBlock cidr required", mutate: (o) => delete o.spec.egress[0].to[0].ipBlock.cidr, problem: ["spec.egress[0].to[0].ipBlock.cidr", /Required/] },
    { rule: "except outside cidr", mutate: (o) => (o.spec.egress[0].to[0].ipBlock.except = ["192.168.0.0/16"]), problem: ["spec.egress[0].to[0].ipBlock.except[0]", /strict subset/] },
    { rule: "except equal to cidr", mutate: (o) => (o.spec.egress[0].to[0].ipBlock.except = ["10.0.0.0/8"]), problem: ["spec.egress[0].to[0].ipBlock.except[0]", /strict subset/] },
    { rule: "except invalid", mutate: (o) => (o.spec.egress[0].to[0].ipBlock.except = ["10.1.0.0"]), problem: ["spec.egress[0].to[0].ipBlock.except[0]", /valid CIDR/] },
    { rule: "IPv6 ipBlock", mutate: (o) => (o.spec.egress[0].to[0].ipBlock = { cidr: "fd00::/48", except: ["fd00:0:0:1::/64"] }) },
    {
      rule: "In requires values",
      mutate: (o) => (o.spec.podSelector = { matchExpressions: [{ key: "app", operator: "In", values: [] }] }),
      problem: ["spec.podSelector.matchExpressions[0].values", /Required/],
    },
    {
      rule: "NotIn requires values",
      mutate: (o) => (o.spec.podSelector = { matchExpressions: [{ key: "app", operator: "NotIn" }] }),
      problem: ["spec.podSelector.matchExpressions[0].values", /Required/],
    },
    {
      rule: "Exists forbids values",
      mutate: (o) => (o.spec.podSelector = { matchExpressions: [{ key: "app", operator: "Exists", values: ["x"] }] }),
      problem: ["spec.podSelector.matchExpressions[0].values", /may not be specified/],
    },
    { rule: "DoesNotExist without values", mutate: (o) => (o.spec.podSelector = { matchExpressions: [{ key: "app", operator: "DoesNotExist" }] }) },
    {
      rule: "unknown operator",
      mutate: (o) => (o.spec.podSelector = { matchExpressions: [{ key: "app", operator: "Equals", values: ["x"] }] }),
      problem: ["spec.podSelector.matchExpressions[0].operator", /Unsupported/],
    },
    {
      rule: "selector key syntax",
      mutate: (o) => (o.spec.ingress[0].from[0].podSelector = { matchLabels: { "app/": "x" } }),
      problem: ["spec.ingress[0].from[0].podSelector.matchLabels[app/]", /name part must be non-empty/],
    },
    {
      rule: "selector value syntax",
      mutate: (o) => (o.spec.ingress[0].from[0].podSelector = { matchExpressions: [{ key: "app", operator: "In", values: ["a b"] }] }),
      problem: ["spec.ingress[0].from[0].podSelector.matchExpressions[0].values[0]", /valid label/],
    },
  ],
};

describe.each(Object.entries(tables))("%s", (kind, cases) => {
  it("base object is valid", () => {
    expect(validateObject(bases[kind])).toEqual([]);
  });
  it.each(cases)("$rule", ({ mutate, problem, ctx }) => {
    const obj = structuredClone(bases[kind]);
    mutate(obj);
    const problems = validateObject(obj, ctx);
    if (!problem) {
      expect(problems).toEqual([]);
    } else {
      expect(problems.length).toBeGreaterThan(0);
      const match = problems.find((p) => p.path === problem[0] && problem[1].test(p.message));
      expect(match, `expected ${problem[0]} ~ ${problem[1]} in ${JSON.stringify(problems)}`).toBeDefined();
    }
  });
});

describe("unknown kinds and groups", () => {
  it("does not check kinds hcinet does not model", () => {
    expect(validateObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "Not_Valid" } })).toEqual([]);
  });
  it("does not check Calico's projectcalico.org NetworkPolicy", () => {
    expect(validateObject({ apiVersion: "projectcalico.org/v3", kind: "NetworkPolicy", metadata: { name: "x" }, spec: { selector: "all()" } })).toEqual([]);
  });
  it("reports an unknown version of a known group", () => {
    expect(validateObject({ apiVersion: "v2", kind: "Service", metadata: { name: "x" } })).toEqual([
      { path: "apiVersion", message: 'no matches for kind "Service" in version "v2"; use v1' },
    ]);
  });
});

describe("validateDocuments", () => {
  const text = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector: {app: web}
  ports:
    - name: http
      port: 80
    - name: https
      port: 443
      nodePort: 99999
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  rules:
    - http:
        paths:
          - path: /
            backend:
              service: {name: web, port: {number: 80}}
---
apiVersion: v1
kind: Service
metadata: {name: a}
spec:
  type: NodePort
  clusterIP: 10.96.0.20
  ports: [{port: 80, nodePort: 30080}]
---
apiVersion: v1
kind: Service
metadata: {name: b}
spec:
  type: NodePort
  clusterIP: 10.96.0.20
  ports:
  - port: 80
    nodePort: 30080
`;
  it("attaches document, line and object identity", () => {
    const { documents, problems } = parseManifests(text);
    expect(problems).toEqual([]);
    const found = validateDocuments(documents);
    expect(found).toEqual([
      {
        document: 1,
        line: 13,
        path: "spec.ports[1].nodePort",
        message: "must be in 30000-32767",
        kind: "Service",
        name: "web",
        namespace: "default",
      },
      {
        document: 2,
        line: 22,
        path: "spec.rules[0].http.paths[0].pathType",
        message: "Required value",
        kind: "Ingress",
        name: "web",
        namespace: "default",
      },
      {
        document: 4,
        line: 39,
        path: "spec.clusterIP",
        message: 'Invalid value: "10.96.0.20": provided IP is already allocated to Service default/a',
        kind: "Service",
        name: "b",
        namespace: "default",
      },
      {
        document: 4,
        line: 42,
        path: "spec.ports[0].nodePort",
        message: "Invalid value: 30080: provided port is already allocated to Service default/a",
        kind: "Service",
        name: "b",
        namespace: "default",
      },
    ]);
  });

  it("reports an object defined twice", () => {
    const { documents } = parseManifests(
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n",
    );
    const found = validateDocuments(documents);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ document: 2, line: 7, path: "metadata.name", kind: "Namespace", name: "a" });
    expect(found[0].message).toMatch(/already defined in document 1 \(line 1\)/);
    expect(found[0].namespace).toBeUndefined();
  });
});
