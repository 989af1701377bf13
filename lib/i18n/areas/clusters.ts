/** Messages of the Clusters area (list, wizard, detail, address map). `clustersJa` must have every key of `clustersEn`. */
export const clustersEn = {
  "clusters.title": "Clusters",
} as const;

export const clustersJa: Record<keyof typeof clustersEn, string> = {
  "clusters.title": "クラスター",
};
