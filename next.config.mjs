/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ["@prisma/adapter-better-sqlite3", "better-sqlite3"],
  poweredByHeader: false,
  experimental: { serverMinification: process.env.HCINET_PROFILE_BUILD !== "1" },
  turbopack: { root: import.meta.dirname },
  // Types are checked once, by `tsc --noEmit` in `npm test` (and CI); the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
};
export default nextConfig;
