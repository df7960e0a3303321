import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { AppServer, AppSocket } from '../../core/socket.ts';
import type { SessionUser } from '../../core/session-user.ts';
import type { MaybePromise } from '../../core/maybe-promise.ts';
import type { SebVerdict } from './request-check.ts';
import { sebPreHandler, sebSocketMiddleware, type SebGuard } from './seb-guard.ts';
import { sebRefusalPage } from './refusal-page.ts';

export type SebRefusalVia = 'http' | 'socket' | 'page';

/**
 * What the SEB checks need from the rest of the app, handed in at wiring: the sitting of a
 * candidate (exam feature) and what happens on a refusal (the proctor console raises an incident
 * and pauses a running session).
 */
export type SebWiringDeps = {
  guard: SebGuard;
  sittingOfCandidateUser: (userId: number) => MaybePromise<number | null>;
  refused: (candidateId: number, verdict: Exclude<SebVerdict, 'ok'>, via: SebRefusalVia) => Promise<unknown>;
  log: FastifyBaseLogger;
};

/** Only a candidate's own requests are checked: staff and applicants never sit in SEB. */
function candidateOf(user: SessionUser | null): number | null {
  return user?.role === 'candidate' && user.candidateId !== null ? user.candidateId : null;
}

export function createSebWiring(deps: SebWiringDeps) {
  const sittingOf = async (user: SessionUser | null): Promise<number | null> => {
    return candidateOf(user) === null ? null : deps.sittingOfCandidateUser(user!.userId);
  };
  // The refusal itself must not wait for the pause: the candidate is answered at once either way.
  const report = (user: SessionUser | null, verdict: Exclude<SebVerdict, 'ok'>, via: SebRefusalVia) => {
    const candidateId = candidateOf(user);
    if (candidateId === null) return;
    deps.refused(candidateId, verdict, via).catch((err: unknown) => deps.log.error({ err, candidateId }, 'SEB refusal bookkeeping failed'));
  };

  return {
    /** preHandler for the candidate API (`/api/candidate/...`): other users and other paths pass untouched. */
    candidateApi: (() => {
      const check = sebPreHandler(deps.guard, { sittingOf: (request) => sittingOf(request.user), onRefused: ({ verdict, source }) => report(source.user, verdict, 'http') });
      return async (request: FastifyRequest): Promise<void> => {
        if (!request.url.startsWith('/api/candidate/')) return;
        await check(request);
      };
    })(),

    /** `io.use` after authentication: a candidate's handshake must come from SEB with the sitting's settings. */
    install(io: AppServer): void {
      io.use(sebSocketMiddleware<AppSocket>(deps.guard, { sittingOf: (socket) => sittingOf(socket.data.user), onRefused: ({ verdict, source }) => report(source.data.user, verdict, 'socket') }));
    },

    /**
     * The exam page itself (`/exam...`). SEB that sends its headers is checked at once and, with
     * other settings, gets the refusal page. Without headers the page is served: it holds nothing
     * of the exam, and SEB builds that send no headers hand their keys over through the JavaScript
     * API to the page, whose every API request and socket handshake is then checked; a plain
     * browser is refused there and the page shows the same refusal.
     */
    async examPage(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
      if (!/^\/exam(\/|\?|$)/.test(request.url)) return false;
      const sittingId = await sittingOf(request.user);
      if (sittingId === null) return false;
      const verdict = await deps.guard.checkRequest(request, sittingId);
      if (verdict !== 'mismatch') return false;
      report(request.user, verdict, 'page');
      await reply.status(403).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(sebRefusalPage(verdict, await deps.guard.quitUrl(sittingId)));
      return true;
    },
  };
}
export type SebWiring = ReturnType<typeof createSebWiring>;
