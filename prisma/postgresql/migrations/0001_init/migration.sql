-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "ClusterNetwork" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "vswitchName" TEXT NOT NULL,
    "ipAssignment" TEXT NOT NULL,
    "ipAddressPrefix" TEXT,
    "gateway" TEXT,
    "dnsServers" TEXT NOT NULL DEFAULT '[]',
    "vipPoolStart" TEXT NOT NULL,
    "vipPoolEnd" TEXT NOT NULL,
    "k8sNodeIpPoolStart" TEXT,
    "k8sNodeIpPoolEnd" TEXT,
    "vlanId" INTEGER,
    "macPoolName" TEXT,
    "managementCluster" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ClusterNetwork_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Cluster" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Cluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NodePool" (
    "id" SERIAL NOT NULL,
    "clusterId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "osType" TEXT NOT NULL DEFAULT 'Linux',
    "osSku" TEXT,
    "vmSize" TEXT NOT NULL DEFAULT 'Standard_K8S3_v1',
    "maxPodCount" INTEGER NOT NULL DEFAULT 110,
    "taints" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NodePool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NodeVm" (
    "id" SERIAL NOT NULL,
    "clusterId" INTEGER NOT NULL,
    "nodePoolId" INTEGER,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "osType" TEXT NOT NULL DEFAULT 'Linux',
    "vmSize" TEXT NOT NULL,
    "ipAddress" TEXT,
    "ipAssignment" TEXT NOT NULL DEFAULT 'static',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NodeVm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IpAllocation" (
    "id" SERIAL NOT NULL,
    "networkId" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "addressNum" OID NOT NULL,
    "pool" TEXT NOT NULL,
    "ownerKind" TEXT NOT NULL,
    "ownerName" TEXT NOT NULL,
    "clusterId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IpAllocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VipPortBinding" (
    "id" SERIAL NOT NULL,
    "ipAllocationId" INTEGER NOT NULL,
    "port" INTEGER NOT NULL,
    "protocol" TEXT NOT NULL DEFAULT 'TCP',
    "serviceNamespace" TEXT NOT NULL,
    "serviceName" TEXT NOT NULL,

    CONSTRAINT "VipPortBinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClusterAddress" (
    "id" SERIAL NOT NULL,
    "clusterId" INTEGER NOT NULL,
    "space" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "addressNum" OID NOT NULL,
    "ownerKind" TEXT NOT NULL,
    "ownerNamespace" TEXT NOT NULL DEFAULT '',
    "ownerName" TEXT NOT NULL,

    CONSTRAINT "ClusterAddress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PodCidrBlock" (
    "id" SERIAL NOT NULL,
    "clusterId" INTEGER NOT NULL,
    "cidr" TEXT NOT NULL,
    "nodeVmId" INTEGER,

    CONSTRAINT "PodCidrBlock_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PortAllocation" (
    "id" SERIAL NOT NULL,
    "clusterId" INTEGER NOT NULL,
    "port" INTEGER NOT NULL,
    "protocol" TEXT NOT NULL DEFAULT 'TCP',
    "purpose" TEXT NOT NULL DEFAULT 'nodePort',
    "ownerNamespace" TEXT NOT NULL,
    "ownerName" TEXT NOT NULL,

    CONSTRAINT "PortAllocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KubeObject" (
    "id" SERIAL NOT NULL,
    "clusterId" INTEGER NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "namespace" TEXT NOT NULL DEFAULT '',
    "name" TEXT NOT NULL,
    "uid" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "resourceVersion" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KubeObject_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL DEFAULT 'anonymous',
    "action" TEXT NOT NULL,
    "targetKind" TEXT NOT NULL,
    "targetName" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClusterNetwork_name_key" ON "ClusterNetwork"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Cluster_name_key" ON "Cluster"("name");

-- CreateIndex
CREATE UNIQUE INDEX "NodePool_clusterId_name_key" ON "NodePool"("clusterId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "NodeVm_clusterId_name_key" ON "NodeVm"("clusterId", "name");

-- CreateIndex
CREATE INDEX "IpAllocation_networkId_pool_idx" ON "IpAllocation"("networkId", "pool");

-- CreateIndex
CREATE INDEX "IpAllocation_clusterId_idx" ON "IpAllocation"("clusterId");

-- CreateIndex
CREATE UNIQUE INDEX "IpAllocation_networkId_address_key" ON "IpAllocation"("networkId", "address");

-- CreateIndex
CREATE UNIQUE INDEX "VipPortBinding_ipAllocationId_port_protocol_key" ON "VipPortBinding"("ipAllocationId", "port", "protocol");

-- CreateIndex
CREATE UNIQUE INDEX "ClusterAddress_clusterId_space_address_key" ON "ClusterAddress"("clusterId", "space", "address");

-- CreateIndex
CREATE UNIQUE INDEX "PodCidrBlock_clusterId_cidr_key" ON "PodCidrBlock"("clusterId", "cidr");

-- CreateIndex
CREATE UNIQUE INDEX "PortAllocation_clusterId_port_key" ON "PortAllocation"("clusterId", "port");

-- CreateIndex
CREATE INDEX "KubeObject_clusterId_kind_idx" ON "KubeObject"("clusterId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "KubeObject_clusterId_kind_namespace_name_key" ON "KubeObject"("clusterId", "kind", "namespace", "name");

-- AddForeignKey
ALTER TABLE "Cluster" ADD CONSTRAINT "Cluster_networkId_fkey" FOREIGN KEY ("networkId") REFERENCES "ClusterNetwork"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NodePool" ADD CONSTRAINT "NodePool_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NodeVm" ADD CONSTRAINT "NodeVm_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NodeVm" ADD CONSTRAINT "NodeVm_nodePoolId_fkey" FOREIGN KEY ("nodePoolId") REFERENCES "NodePool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpAllocation" ADD CONSTRAINT "IpAllocation_networkId_fkey" FOREIGN KEY ("networkId") REFERENCES "ClusterNetwork"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IpAllocation" ADD CONSTRAINT "IpAllocation_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VipPortBinding" ADD CONSTRAINT "VipPortBinding_ipAllocationId_fkey" FOREIGN KEY ("ipAllocationId") REFERENCES "IpAllocation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClusterAddress" ADD CONSTRAINT "ClusterAddress_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PodCidrBlock" ADD CONSTRAINT "PodCidrBlock_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PodCidrBlock" ADD CONSTRAINT "PodCidrBlock_nodeVmId_fkey" FOREIGN KEY ("nodeVmId") REFERENCES "NodeVm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortAllocation" ADD CONSTRAINT "PortAllocation_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KubeObject" ADD CONSTRAINT "KubeObject_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
