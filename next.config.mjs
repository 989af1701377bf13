/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["@prisma/adapter-better-sqlite3", "better-sqlite3"],
  poweredByHeader: false,
  turbopack: { root: import.meta.dirname },
};
export default nextConfig;
