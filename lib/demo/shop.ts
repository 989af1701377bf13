/**
 * Demo workloads, as kubectl-apply-able YAML: a small shop on the Calico cluster (frontend behind a LoadBalancer, an
 * ingress controller with an Ingress for two hosts, backend services, a database, an ExternalName service for an
 * external payment API, and NetworkPolicies). The Flannel cluster runs the same shop, where the same policies exist but
 * are not enforced.
 */

const deployment = (ns: string, name: string, replicas: number, labels: Record<string, string>, port: number, portName = "http", extra = "") => `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app: ${name}}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {${Object.entries({ app: name, ...labels }).map(([k, v]) => `${k}: ${v}`).join(", ")}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}${extra}
      containers:
        - name: ${name}
          image: contoso.azurecr.io/shop/${name}:1.4.2
          ports:
            - {name: ${portName}, containerPort: ${port}, protocol: TCP}
`;

export const SHOP_CALICO = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {team: shop, env: prod}
---
apiVersion: v1
kind: Namespace
metadata:
  name: data
  labels: {team: data, env: prod}
---
apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
  labels: {app.kubernetes.io/name: ingress-nginx}
${deployment("shop", "frontend", 3, { tier: "web" }, 8080)}${deployment("shop", "api", 2, { tier: "backend" }, 8080)}${deployment("shop", "catalog", 2, { tier: "backend" }, 8080)}${deployment("shop", "admin", 1, { tier: "web" }, 8080)}${deployment("ingress-nginx", "ingress-nginx-controller", 2, { "app.kubernetes.io/name": "ingress-nginx" }, 80)}---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: postgres
  namespace: data
spec:
  serviceName: postgres
  replicas: 1
  selector:
    matchLabels: {app: postgres}
  template:
    metadata:
      labels: {app: postgres, tier: db}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers:
        - name: postgres
          image: postgres:16
          ports:
            - {name: pg, containerPort: 5432, protocol: TCP}
---
apiVersion: v1
kind: Service
metadata:
  name: frontend
  namespace: shop
spec:
  type: LoadBalancer
  selector: {app: frontend}
  ports:
    - {name: http, port: 80, targetPort: http, protocol: TCP}
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
spec:
  selector: {app: api}
  ports:
    - {name: http, port: 8080, targetPort: http}
---
apiVersion: v1
kind: Service
metadata:
  name: catalog
  namespace: shop
spec:
  selector: {app: catalog}
  ports:
    - {name: http, port: 80, targetPort: 8080}
---
apiVersion: v1
kind: Service
metadata:
  name: admin
  namespace: shop
spec:
  selector: {app: admin}
  ports:
    - {name: http, port: 80, targetPort: http}
---
apiVersion: v1
kind: Service
metadata:
  name: payments
  namespace: shop
spec:
  type: ExternalName
  externalName: api.payments.example.com
---
apiVersion: v1
kind: Service
metadata:
  name: postgres
  namespace: data
spec:
  clusterIP: None
  selector: {app: postgres}
  ports:
    - {name: pg, port: 5432, targetPort: pg}
---
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  selector: {app: ingress-nginx-controller}
  ports:
    - {name: http, port: 80, targetPort: http}
    - {name: https, port: 443, targetPort: http}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
spec:
  ingressClassName: nginx
  tls:
    - hosts: [shop.contoso.com]
      secretName: shop-tls
  rules:
    - host: shop.contoso.com
      http:
        paths:
          - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {number: 8080}}}}
          - {path: /catalog, pathType: Prefix, backend: {service: {name: catalog, port: {name: http}}}}
          - {path: /, pathType: Prefix, backend: {service: {name: frontend, port: {number: 80}}}}
    - host: admin.contoso.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: admin, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-ingress
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-web-from-ingress
  namespace: shop
spec:
  podSelector:
    matchLabels: {tier: web}
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: ingress-nginx}
      ports:
        - {port: http, protocol: TCP}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-backend-from-web
  namespace: shop
spec:
  podSelector:
    matchLabels: {tier: backend}
  ingress:
    - from:
        - podSelector:
            matchLabels: {tier: web}
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: ingress-nginx}
      ports:
        - {port: 8080, protocol: TCP}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-egress
  namespace: shop
spec:
  podSelector:
    matchLabels: {app: api}
  policyTypes: [Egress]
  egress:
    - to:
        - namespaceSelector:
            matchLabels: {kubernetes.io/metadata.name: data}
          podSelector:
            matchLabels: {app: postgres}
      ports:
        - {port: 5432, protocol: TCP}
    - to:
        - namespaceSelector: {}
          podSelector:
            matchLabels: {k8s-app: kube-dns}
      ports:
        - {port: 53, protocol: UDP}
        - {port: 53, protocol: TCP}
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]
      ports:
        - {port: 443, protocol: TCP}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: postgres-from-api
  namespace: data
spec:
  podSelector:
    matchLabels: {app: postgres}
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: {team: shop}
          podSelector:
            matchLabels: {app: api}
      ports:
        - {port: pg, protocol: TCP}
`;

/**
 * The shop as it runs on the Flannel demo cluster: the very same manifests and policies as on Calico (a like-for-like
 * pair, so Compare opens on a meaningful diff: what Flannel lets through that Calico blocks).
 */
export const SHOP_FLANNEL = SHOP_CALICO;
