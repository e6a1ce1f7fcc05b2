import type { FaultCase } from './fault-case.js';
import { serverErrorAfterWrite, serverErrorBurst } from './cases/server-error-burst.js';
import { staleWriteRace } from './cases/stale-write-race.js';
import { secondaryRateLimit } from './cases/secondary-rate-limit.js';
import { largePlan, tooLargePlan } from './cases/large-plan.js';
import { binaryPlan, deletedPlan, latin1Plan } from './cases/unreadable-plan.js';
import { duplicatedDeliveries, reorderedDeliveries } from './cases/deliveries.js';
import { malformedConfig } from './cases/malformed-config.js';
import { permissionDenied } from './cases/permission-denied.js';
import { primaryLimitDefer, primaryLimitWait } from './cases/primary-rate-limit.js';

/** Every case of the fault suite, in the order the report lists them. */
export const FAULT_CASES: FaultCase[] = [
  serverErrorBurst,
  serverErrorAfterWrite,
  staleWriteRace,
  secondaryRateLimit,
  primaryLimitWait,
  primaryLimitDefer,
  permissionDenied,
  largePlan,
  tooLargePlan,
  deletedPlan,
  binaryPlan,
  latin1Plan,
  malformedConfig,
  duplicatedDeliveries,
  reorderedDeliveries,
];
