import type { Clock } from '../../server/src/core/clock.ts';
import type { Db } from '../../server/src/core/db/store.ts';
import { createSessionService } from '../../server/src/features/exam/session-service.ts';
import { examOwners } from './owners.ts';

export const TEST_SCREENSHOT_LIMITS = { perTask: 20, maxBytes: 1024 * 1024, maxWidth: 4096, maxHeight: 4096, maxPixels: 16_000_000 };

type Deps = Parameters<typeof createSessionService>[0];

/** The exam engine alone, for data tests: no sockets, no screenshots, its events dropped unless `deps` asks for them. */
export function sessionEngine(db: Db, clock: Clock, deps: Partial<Deps> = {}) {
  return createSessionService({
    db,
    clock,
    owners: examOwners,
    notifier: { answerSaved: () => {}, sessionEnded: () => {} },
    screenshotLimits: TEST_SCREENSHOT_LIMITS,
    screenshots: { screenshotsOf: () => [], itemsWithScreenshots: () => [] },
    ...deps,
  });
}
