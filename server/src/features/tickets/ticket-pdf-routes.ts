import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParamsSchema } from '@shared/api.ts';
import { errorBodySchema } from '@shared/errors.ts';
import { ticketPdfQuerySchema } from '@shared/registration.ts';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../core/db/connection.ts';
import { appendAuditSync } from '../../core/audit.ts';
import { currentUser } from '../../core/session-user.ts';
import type { RegistrationService } from '../registration/registration-service.ts';
import type { Ticketing } from './ticketing.ts';
import { pdfDisposition, type TicketPrinter } from './ticket-printer.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 503: errorBodySchema };

function sendPdf(reply: FastifyReply, name: string, pdf: Buffer) {
  return reply.type('application/pdf').header('content-disposition', pdfDisposition(name)).header('cache-control', 'private, no-store').send(pdf);
}

/** Admission tickets as PDF: the applicant's own, and the exam office's print runs (audited: they carry ID numbers). */
export const ticketPdfRoutes: FastifyPluginAsyncZod<{ registration: Pick<RegistrationService, 'ownTicket'>; tickets: Pick<Ticketing, 'ticketsFor'>; printer: TicketPrinter; db: Db; clock: Clock }> = async (app, deps) => {
  app.addHook('onClose', () => deps.printer.close());
  app.get(
    '/registration/applications/:id/ticket.pdf',
    { config: { access: ['applicant'] }, schema: { tags: ['registration'], params: idParamsSchema, response: errors } },
    async (request, reply) => {
      const ticket = await deps.registration.ownTicket(currentUser(request).userId, request.params.id);
      return sendPdf(reply, ticket.ticketNo, await deps.printer.pdf([ticket]));
    },
  );

  app.get('/admin/tickets.pdf', { config: { access: ['admin'] }, schema: { tags: ['registration'], querystring: ticketPdfQuerySchema, response: errors } }, async (request, reply) => {
    const query = request.query;
    const tickets = deps.tickets.ticketsFor(query);
    const pdf = await deps.printer.pdf(tickets);
    appendAuditSync(deps.db, {
      at: deps.clock.now(),
      actorUserId: currentUser(request).userId,
      action: 'tickets.printed',
      entity: query.ticketNo ? 'candidate' : 'sitting',
      entityId: query.ticketNo ?? query.sittingId ?? null,
      details: { ...query, count: tickets.length },
    });
    return sendPdf(reply, query.ticketNo ?? `${tickets[0]!.sittingName}${query.room ? `-${query.room}` : ''}`, pdf);
  });
};
