-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Cluster" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "networkId" INTEGER NOT NULL,
    "controlPlaneNodeCount" INTEGER NOT NULL DEFAULT 1,
    "controlPlaneVmSize" TEXT NOT NULL DEFAULT 'Standard_A4_V2',
    "loadBalancerSku" TEXT NOT NULL DEFAULT 'HAProxy',
    "loadBalancerVmSize" TEXT NOT NULL DEFAULT 'Standard_A4_V2',
    "loadBalancerCount" INTEGER NOT NULL DEFAULT 1,
    "primaryNetworkPlugin" TEXT NOT NULL DEFAULT 'calico',
    "kubernetesVersion" TEXT NOT NULL DEFAULT 'v1.28.5',
    "podCidr" TEXT NOT NULL DEFAULT '10.244.0.0/16',
    "serviceCidr" TEXT NOT NULL DEFAULT '10.96.0.0/12',
    "apiServerVip" TEXT,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "ipFamilies" TEXT NOT NULL DEFAULT 'IPv4',
    "podCidrV6" TEXT,
    "serviceCidrV6" TEXT,
    CONSTRAINT "Cluster_networkId_fkey" FOREIGN KEY ("networkId") REFERENCES "ClusterNetwork" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Cluster" ("apiServerVip", "controlPlaneNodeCount", "controlPlaneVmSize", "createdAt", "id", "kubernetesVersion", "loadBalancerCount", "loadBalancerSku", "loadBalancerVmSize", "name", "networkId", "podCidr", "primaryNetworkPlugin", "serviceCidr", "settings", "updatedAt") SELECT "apiServerVip", "controlPlaneNodeCount", "controlPlaneVmSize", "createdAt", "id", "kubernetesVersion", "loadBalancerCount", "loadBalancerSku", "loadBalancerVmSize", "name", "networkId", "podCidr", "primaryNetworkPlugin", "serviceCidr", "settings", "updatedAt" FROM "Cluster";
DROP TABLE "Cluster";
ALTER TABLE "new_Cluster" RENAME TO "Cluster";
CREATE UNIQUE INDEX "Cluster_name_key" ON "Cluster"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
