-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "ipFamilies" TEXT NOT NULL DEFAULT 'IPv4',
ADD COLUMN     "podCidrV6" TEXT,
ADD COLUMN     "serviceCidrV6" TEXT;
