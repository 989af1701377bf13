-- Data only: the stored kind of objects outside Kubernetes' own API groups becomes `Kind.group` (lib/kube/kinds.ts
-- storedKind), so a Calico NetworkPolicy (projectcalico.org) and a Kubernetes NetworkPolicy no longer share a key.
UPDATE "KubeObject"
SET "kind" = "kind" || '.' || substr("apiVersion", 1, instr("apiVersion", '/') - 1)
WHERE instr("apiVersion", '/') > 0
  AND instr(substr("apiVersion", 1, instr("apiVersion", '/') - 1), '.') > 0
  AND substr("apiVersion", 1, instr("apiVersion", '/') - 1) NOT LIKE '%.k8s.io'
  AND instr("kind", '.') = 0;
