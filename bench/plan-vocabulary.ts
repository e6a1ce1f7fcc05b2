/**
 * Words the plan generator composes into titles and prose, drawn from the seed plans' vocabulary.
 * None contains `|` (titles go into table cells) or Markdown that would change block structure;
 * prose sentences contain no colon, so a wrapped prose line never reads as `Key: value` metadata.
 */

export const PROJECT_NAMES = [
  'Elemta',
  'Eutlas',
  'Flagship',
  'Axum Edge',
  'Ledgerline',
  'Northwind Platform',
  'Harbor',
  'Quill',
] as const;

export const PHASE_NAMES = [
  'Core Service Foundation',
  'Cloudflare Integration',
  'Automation & Workflow',
  'Performance & Validation',
  'Documentation & Knowledge Transfer',
  'Auth & Core Entities',
  'Cluster Lifecycle',
  'Resizing & Events',
  'Backups',
  'Admin & Polish',
  'Core Features',
  'Enterprise Features',
  'Production Readiness',
  'Multi-tenancy & Security',
  'Observability',
  'Billing Integration',
  'Multi-Region',
  'Developer Experience',
] as const;

export const MILESTONE_NAMES = [
  'Core Infrastructure',
  'MVP Backend',
  'MVP Frontend',
  'Enhanced Security',
  'API Enhancement',
  'Critical Path Resolution',
  'System Stabilization',
  'Production Hardening',
  'Advanced Features (Optional)',
  'Rust Axum Service Implementation',
  'Multi-Stage Dockerfile',
  'Tunnel Configuration',
  'DNS and Security Setup',
  'Deno Task Framework',
  'CI/CD Pipeline Foundation',
  'Project Bootstrap (Repo Skeleton & Basic Health)',
  'Core Data Model & Admin API',
  'Redis Cache & SDK Bootstrap Endpoint',
  'Streaming Updates & Background Workers',
  'Deployment, K8s & Autoscaling',
  'Observability, Load Testing & Documentation',
  'License Management System',
  'Performance & Scaling',
] as const;

export const VERBS = [
  'Implement',
  'Add',
  'Create',
  'Configure',
  'Set up',
  'Write',
  'Document',
  'Validate',
  'Test',
  'Refactor',
  'Migrate',
  'Integrate',
  'Build',
  'Define',
  'Design',
  'Review',
  'Harden',
  'Optimize',
  'Automate',
  'Publish',
  'Upgrade',
  'Benchmark',
  'Monitor',
  'Establish',
] as const;

export const OBJECTS = [
  'Redis cache adapter',
  'health check endpoint',
  'OpenTelemetry tracing',
  'database migrations',
  'RBAC model (owner/admin/member)',
  'API key authentication middleware',
  'webhook dispatcher with retry',
  'Helm chart for the worker',
  'GitHub Actions workflow',
  'K6 load tests',
  'audit logging for admin actions',
  'per-tenant rate limiting',
  'SSO login',
  'password reset flow',
  'email verification flow',
  'tenant isolation',
  'backup scheduler (cron)',
  'flag evaluation path',
  'GraphQL integration',
  'search index',
  'Stripe billing integration',
  'dashboard layout',
  'release notes',
  'structured logging (Pino)',
  'secrets rotation',
  'distroless runtime image',
  'Terraform example for managed Postgres',
  'signed JSON bootstrap payload',
  'job retry logic',
  'connection string display',
  'cluster resize processor',
  'event timeline component',
  'Prometheus metrics',
  'Grafana dashboards',
  'SBOM generation (CycloneDX)',
  'zero-downtime deployment',
  'disaster recovery runbook',
  'multi-arch Docker buildx build',
  'security headers middleware',
  'CSP policies',
  'SDK streaming client',
  'quota management',
  'usage analytics and reporting',
  'offline license validation',
  'correlation-ID middleware',
  'plan selector component',
] as const;

export const QUALIFIERS = [
  'for the worker service',
  'with integration tests',
  'behind a feature flag',
  'in staging',
  'for multi-region',
  'across all environments',
  'using `cargo-chef` caching',
  'with clear error messages',
  'for the JS and Go SDKs',
  'end-to-end',
  '(0.0.0.0:8080 binding)',
  'per environment',
] as const;

/** Trailing metadata some deliverables carry (parsed out of the title by the plan parser). */
export const ITEM_SUFFIXES = ['(#{n})', '#{n}', '@alice', '@dana-k', 'P1', '(P2)', '🔄'] as const;

export const CRITERIA = [
  'Service responds with "Hello World" at localhost:8080',
  'Health check endpoint returns 200 OK',
  'Docker build completes successfully',
  'Final image size under 15MB',
  'All deployments work in Docker and Kubernetes',
  'Configuration errors provide actionable feedback',
  'Plugin failures do not crash the server',
  'Queue handles high throughput efficiently',
  'Test suite covers critical paths',
  'Security scan passes without critical issues',
  'User can sign up and receive a verification email',
  'Cluster status updates automatically (creating → ready)',
  'Failed operations show clear error messages',
  'Backups run automatically every 24 hours',
  'Old backups are cleaned up per retention policy',
  '`make build` produces all required binaries',
  'Load tests show p95 under target thresholds',
  'Documentation complete enough for contributors',
] as const;

export const DESCRIPTIONS = [
  'GitHub repository structure',
  'Development environment (Docker)',
  'Basic linting setup',
  'Simple GitHub Actions pipeline',
  'Health check endpoint',
  'PostgreSQL setup',
  'Hardcoded test user',
  'Simple license key check',
  'Project structure and simple routing',
  'Login form and basic layout',
  'Cache miss falls back to the database',
  'Fallback to polling if disconnected',
  'Version-pinned container images',
  'Proper cleanup in `Drop` implementations',
  'Reuse containers where possible',
] as const;

export const PROSE_SENTENCES = [
  'This document tracks the completion status of every milestone and gives guidance for next steps.',
  'The milestones follow an MVP approach with clear phases for iterative development and delivery.',
  'Each milestone requires sign-off before the next one starts.',
  'Security review is required before any production deployment.',
  'Performance testing is required for the scalability milestones.',
  'Documentation must be reviewed and approved before a milestone is marked complete.',
  'Developer documentation lives next to the code and is updated with every change.',
  'We keep the scope of each checkpoint small enough to finish within a week.',
  'Risks are reviewed every Wednesday and the log below is updated after each review.',
  'DNS propagation delays may affect the timeline of the networking checkpoints.',
  'Multi-arch builds may need additional Docker configuration on older runners.',
  'The team agreed to ship the smallest useful slice first and iterate from there.',
  'Integration tests run in a separate pipeline stage so that unit tests stay fast.',
  'All estimates are in focused engineering hours and exclude code review time.',
  'When a milestone slips, the dependent milestones move by the same amount.',
  'Open questions are tracked as issues and linked from the relevant deliverable.',
] as const;

export const STATUS_LINES = [
  '⏳ PENDING',
  '🔄 IN PROGRESS',
  '✅ COMPLETED',
  '❌ Not Started',
] as const;

export const PHASE_STATUS = ['COMPLETED', 'IN PROGRESS', 'NOT STARTED'] as const;

export const PRIORITY_LINES = ['P0 - CRITICAL', 'P1 - HIGH', 'P2 - MEDIUM', 'P3 - LOW'] as const;

export const RISK_LINES = [
  'LOW - Well-defined technical tasks',
  'MEDIUM - Requires coordination across multiple systems',
  'HIGH - Complex scalability challenges',
] as const;

export const TABLE_STATUS = ['✅', '✅', '🔄', '❌'] as const;

export const TABLE_PRIORITY = ['P0', 'P0', 'P1', 'P2'] as const;
