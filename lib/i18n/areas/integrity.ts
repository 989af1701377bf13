/**
 * Messages of the model-integrity checks (issue 11): the network conflict report and the overlap check of the network
 * form. `integrityJa` must have every key of `integrityEn`.
 */
export const integrityEn = {
  "conflicts.title": "Conflicts",
  "conflicts.intro": "Addresses handed out twice: VIPs shared across clusters of this network (the documented HAProxy issue), VIP:port collisions, and addresses another network object also holds.",
  "conflicts.none": "No conflicts: every VIP serves one cluster, no VIP:port is claimed twice, and no other network holds these addresses.",
  "conflicts.count": "Conflicts found: {count}",
  "conflicts.kind.cross-cluster": "VIP shared by clusters",
  "conflicts.kind.same-port": "same VIP and port",
  "conflicts.kind.apiserver": "API server VIP reused",
  "conflicts.kind.cross-network": "address in two networks",
  "conflicts.holders": "Held by",
  "conflicts.workarounds": "Workarounds",
  "conflicts.noPorts": "no ports",
  "overlap.title": "Overlaps with existing networks",
  "overlap.checking": "Checking against the existing networks…",
  "overlap.none": "No overlap with the {count} existing networks.",
  "overlap.host": "Network {name} already hosts the AKS host; a deployment has exactly one AKS host.",
  "clusters.version.default": "cmdlet default",
  "objects.pods.wrongOs": "Wrong OS: this node cannot run the pod's containers; add a kubernetes.io/os nodeSelector or taint the pool.",
  "conflicts.workaround.samePort": "Redeploy the workloads using the same port, so that each workload receives its own service IP",
  "conflicts.workaround.separateNetworks": "Redeploy the workloads on target clusters that use different AksHciClusterNetwork objects",
  "conflicts.workaround.separatePools": "Redeploy one of the clusters on an AksHciClusterNetwork whose node IP and VIP pools overlap no other network object's pools",
} as const;

export const integrityJa: Record<keyof typeof integrityEn, string> = {
  "conflicts.title": "競合",
  "conflicts.intro": "二重に割り当てられたアドレス: このネットワークのクラスター間で共有された VIP (ドキュメントに記載された HAProxy の問題)、VIP:ポートの重複、および別のネットワーク オブジェクトも保持しているアドレス。",
  "conflicts.none": "競合はありません。各 VIP は 1 つのクラスターだけが使用し、同じ VIP:ポートの重複も、他のネットワークとのアドレスの重複もありません。",
  "conflicts.count": "見つかった競合: {count} 件",
  "conflicts.kind.cross-cluster": "クラスター間で共有された VIP",
  "conflicts.kind.same-port": "同じ VIP とポート",
  "conflicts.kind.apiserver": "API サーバー VIP の再利用",
  "conflicts.kind.cross-network": "2 つのネットワークにあるアドレス",
  "conflicts.holders": "保持しているもの",
  "conflicts.workarounds": "回避策",
  "conflicts.noPorts": "ポートなし",
  "overlap.title": "既存のネットワークとの重複",
  "overlap.checking": "既存のネットワークと照合しています…",
  "overlap.none": "既存の {count} 個のネットワークとの重複はありません。",
  "overlap.host": "ネットワーク {name} には既に AKS ホストがあります。1 つのデプロイに AKS ホストは 1 つだけです。",
  "clusters.version.default": "コマンドレットの既定値",
  "objects.pods.wrongOs": "OS が違います: このノードではポッドのコンテナーを実行できません。kubernetes.io/os の nodeSelector を指定するか、プールに taint を設定してください。",
  "conflicts.workaround.samePort": "同じポートを使用してワークロードを再デプロイし、各ワークロードが個別のサービス IP アドレスを受け取るようにする",
  "conflicts.workaround.separateNetworks": "異なる AksHciClusterNetwork オブジェクトを使用するターゲット クラスターにワークロードを再デプロイする",
  "conflicts.workaround.separatePools": "ノード IP プールと VIP プールが他のネットワーク オブジェクトのプールと重ならない AksHciClusterNetwork にクラスターの一方を再デプロイする",
};
