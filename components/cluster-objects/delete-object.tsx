"use client";
/** Delete one stored Kubernetes object (kubectl delete) behind the one confirmation (ConfirmAction), errors below it. */
import { useDeleteObject } from "@/components/data/hooks";
import { useI18n } from "@/components/shell/i18n";
import { ConfirmAction } from "@/components/ui/unsaved";

export function DeleteObjectAction({ cluster, kind, namespace, name }: { cluster: string; kind: string; namespace?: string; name: string }) {
  const { t } = useI18n();
  const del = useDeleteObject(cluster);
  const ref = `${kind} ${namespace ? `${namespace}/` : ""}${name}`;
  return (
    <ConfirmAction
      small
      label={t("common.delete")}
      ariaLabel={t("objects.delete.button", { ref })}
      question={t("objects.delete.confirm", { ref })}
      pending={del.isPending}
      error={del.error}
      onConfirm={() => del.mutate({ kind, namespace, name })}
    />
  );
}
