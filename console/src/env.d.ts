/** Operation name → SHA-256 of its registered text (console/vite.config.ts). */
declare module "virtual:trusted-documents" {
  const hashes: Record<string, string>;
  export default hashes;
}
