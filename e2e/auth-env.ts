/** The e2e server's first admin (created by `npm start` from HCINET_ADMIN_PASSWORD) and where its session is saved. */
export const E2E_ADMIN_PASSWORD = "e2e-admin-password-0001";
export const ADMIN_STATE = "tmp/e2e-admin-state.json";
