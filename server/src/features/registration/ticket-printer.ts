import type { Ticket } from '@shared/registration.ts';
import type { Clock } from '../../core/clock.ts';
import { findCjkFont, type CjkFont } from '../../core/cjk-font.ts';
import type { Config } from '../../core/config.ts';
import { UnavailableError } from '../../core/errors.ts';
import { ticketsPdf } from './ticket-pdf.ts';

/** Renders admission tickets as PDF with a CJK font found once (looked for again while none is found). */
export function createTicketPrinter(deps: { config: Pick<Config, 'ticketFont' | 'examTimeZone'>; clock: Clock }) {
  let font: CjkFont | null = null;
  function fontOrThrow(): CjkFont {
    font ??= findCjkFont(deps.config.ticketFont);
    if (font) return font;
    throw new UnavailableError(
      deps.config.ticketFont.file
        ? `TICKET_FONT (${deps.config.ticketFont.file}) is not a readable font with Chinese glyphs; the HTML print view of the ticket still works`
        : 'No font with Chinese glyphs is installed for PDF tickets: install fonts-noto-cjk or set TICKET_FONT; the HTML print view of the ticket still works',
    );
  }
  return {
    pdf(tickets: readonly Ticket[]) {
      return ticketsPdf(tickets, { font: fontOrThrow(), timeZone: deps.config.examTimeZone, generatedAt: deps.clock.now() });
    },
  };
}
export type TicketPrinter = ReturnType<typeof createTicketPrinter>;

/** `准考证-<ticket>.pdf` or `准考证-<sitting>.pdf`, safe in a header whatever the characters. */
export const pdfDisposition = (name: string) => `attachment; filename="tickets.pdf"; filename*=UTF-8''${encodeURIComponent(`准考证-${name}.pdf`)}`;
