-- Data only: the stored kind of objects outside Kubernetes' own API groups becomes `Kind.group` (lib/kube/kinds.ts
-- storedKind), so a Calico NetworkPolicy (projectcalico.org) and a Kubernetes NetworkPolicy no longer share a key.
UPDATE "KubeObject"
SET "kind" = "kind" || '.' || split_part("apiVersion", '/', 1)
WHERE strpos("apiVersion", '/') > 0
  AND strpos(split_part("apiVersion", '/', 1), '.') > 0
  AND split_part("apiVersion", '/', 1) NOT LIKE '%.k8s.io'
  AND strpos("kind", '.') = 0;
