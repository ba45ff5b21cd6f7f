export { appendAudit, type AuditEntry } from './audit.commands.js';
export { verifyAuditChain, type VerifyResult } from './audit.verify.js';
export { canonicalJson } from './canonical.js';
export { auditRoutes } from './audit.routes.js';
